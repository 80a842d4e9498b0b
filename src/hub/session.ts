import {decodeJwt} from 'jose';
import {HubError} from './errors.ts';

// Docker's current login route issues 10-minute tokens; log in again with a minute to spare.
const refreshMarginMs = 60_000;
// However short the tokens, renewing them never turns into a login per request.
const minLoginIntervalMs = 10_000;
// After a login Docker Hub could not answer, requests fail fast for a while instead of
// each trying again; a long build still gets another chance later.
const failedLoginCooldownMs = 30_000;

/** `renewAt` undefined: used until Docker Hub refuses it. */
type Token = {jwt: string; renewAt: number | undefined};

/**
 * One Docker Hub login shared by every request of a build: concurrent callers wait for
 * the same login, and a new one happens only when the token is about to expire or
 * Docker Hub has refused it.
 */
export class Session {
	#token: Token | undefined;
	#pending: Promise<string> | undefined;
	#failure: {error: HubError; until: number} | undefined;

	constructor(
		private readonly login: () => Promise<string>,
		private readonly now: () => number = Date.now,
	) {}

	async token(): Promise<string> {
		const now = this.now();
		if (this.#failure && now < this.#failure.until) {
			throw this.#failure.error;
		}
		const token = this.#token;
		if (token && (token.renewAt === undefined || now < token.renewAt)) {
			return token.jwt;
		}
		this.#pending ??= this.login()
			.then(jwt => {
				this.#token = {jwt, renewAt: renewalTime(jwt, this.now())};
				return jwt;
			})
			.catch((error: unknown) => {
				if (error instanceof HubError) {
					this.#failure = {error, until: this.now() + failedLoginCooldownMs};
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
}

/**
 * A minute before `exp`, and not within 10 s of this login. A token whose `exp` is
 * missing, past or within that minute when it arrives (a short-lived token, or a clock
 * that differs from Docker Hub's) is kept until Docker Hub refuses it: renewing it by
 * the clock would mean a login before almost every request.
 */
function renewalTime(jwt: string, issuedAt: number): number | undefined {
	const expiresAt = expiryOf(jwt);
	if (expiresAt === undefined || expiresAt - issuedAt <= refreshMarginMs) {
		return undefined;
	}
	return Math.max(expiresAt - refreshMarginMs, issuedAt + minLoginIntervalMs);
}

/** The `exp` claim in milliseconds; undefined when the token is not a JWT or has none. */
function expiryOf(jwt: string): number | undefined {
	try {
		const {exp} = decodeJwt(jwt);
		return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
	} catch {
		return undefined;
	}
}
