import {decodeJwt} from 'jose';
import {HubError} from './errors.ts';

// Docker's current login route issues 10-minute tokens; log in again with a minute to spare.
const refreshMarginMs = 60_000;
// After a login Docker Hub could not answer, requests fail fast for a while instead of
// each trying again; a long build still gets another chance later.
const failedLoginCooldownMs = 30_000;

type Token = {jwt: string; expiresAt: number | undefined};

/**
 * One Docker Hub login shared by every request of a build: concurrent callers wait for
 * the same login, and a new one happens only when the token is about to expire or
 * Docker Hub has refused it.
 */
export class Session {
	#token: Token | undefined;
	#pending: Promise<string> | undefined;
	#failure: {error: HubError; until: number} | undefined;

	constructor(private readonly login: () => Promise<string>) {}

	async token(now = Date.now()): Promise<string> {
		if (this.#failure && now < this.#failure.until) {
			throw this.#failure.error;
		}
		const token = this.#token;
		if (token && (token.expiresAt === undefined || token.expiresAt - now > refreshMarginMs)) {
			return token.jwt;
		}
		this.#pending ??= this.login()
			.then(jwt => {
				this.#token = {jwt, expiresAt: expiryOf(jwt)};
				return jwt;
			})
			.catch((error: unknown) => {
				if (error instanceof HubError) {
					this.#failure = {error, until: Date.now() + failedLoginCooldownMs};
				}
				throw error;
			})
			.finally(() => {
				this.#pending = undefined;
			});
		return this.#pending;
	}

	/** Docker Hub answered 401 with this token: forget it, unless a newer one already replaced it. */
	invalidate(jwt: string): void {
		if (this.#token?.jwt === jwt) {
			this.#token = undefined;
		}
	}

	/** The JWT in use, so messages can be scrubbed of it. */
	get current(): string | undefined {
		return this.#token?.jwt;
	}
}

/** The `exp` claim in milliseconds; undefined when the token is not a JWT or has none (then only a 401 ends it). */
function expiryOf(jwt: string): number | undefined {
	try {
		const {exp} = decodeJwt(jwt);
		return typeof exp === 'number' ? exp * 1000 : undefined;
	} catch {
		return undefined;
	}
}
