/**
 * Why a Docker Hub call failed, in the terms the rest of the build acts on:
 * - not-found: Docker Hub answered 404, a definite answer.
 * - forbidden: 401/403 that a fresh login did not cure.
 * - rate-limited: still 429 after the retries the budget allows.
 * - unavailable: 5xx, timeouts, connection errors after retries.
 * - rejected: another 4xx; asking again would get the same answer.
 * - invalid-response: the body was not the JSON the schema expects, or a link or
 *   redirect pointed away from the configured origin.
 */
export type HubFailure = 'not-found' | 'forbidden' | 'rejected' | 'rate-limited' | 'unavailable' | 'invalid-response';

export class HubError extends Error {
	override readonly name = 'HubError';

	constructor(
		readonly failure: HubFailure,
		message: string,
		readonly status?: number,
	) {
		super(message);
	}

	/** A failure that may well pass by the next build, so the last good value is kept. */
	get transient(): boolean {
		return this.failure === 'rate-limited' || this.failure === 'unavailable' || this.failure === 'invalid-response';
	}
}

/** Login refused: the build stops, since going on anonymously would silently lose private badges. */
export class CredentialsError extends Error {
	override readonly name = 'CredentialsError';
}
