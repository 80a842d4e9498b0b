import {single} from './header.ts';

type Headers = Record<string, string | string[] | undefined>;

/**
 * Keeps the build under the rate limit Docker Hub advertises, so that a build that
 * knows the limit meets no 429 at all.
 *
 * Docker Hub sends X-RateLimit-Limit/-Remaining/-Reset on every answer. Requests
 * still in flight have not been counted in the last Remaining we saw (or have, but
 * we cannot tell), so they are subtracted: at worst a window ends a few requests
 * early, never a few too late.
 */
export class Pacer {
	#limit: number | undefined;
	#remaining: number | undefined;
	#resetAt = 0;
	#pausedUntil = 0;

	constructor(private readonly clockSkewMs = 250) {}

	/** What is left of the current window, for the progress line; undefined until Docker Hub says. */
	remaining(now: number): number | undefined {
		if (this.#remaining === undefined) {
			return undefined;
		}
		return now >= this.#resetAt ? this.#limit : this.#remaining;
	}

	observe(headers: Headers): void {
		const limit = toInteger(single(headers['x-ratelimit-limit']));
		const remaining = toInteger(single(headers['x-ratelimit-remaining']));
		const reset = toInteger(single(headers['x-ratelimit-reset']));
		if (limit === undefined || remaining === undefined || reset === undefined) {
			return;
		}
		const resetAt = reset * 1000 + this.clockSkewMs;
		this.#limit = limit;
		if (resetAt > this.#resetAt) {
			// A newer window: its numbers replace the old ones.
			this.#resetAt = resetAt;
			this.#remaining = remaining;
		} else if (resetAt === this.#resetAt) {
			// Answers arrive out of order; the smallest Remaining is the most recent count.
			this.#remaining = Math.min(this.#remaining ?? remaining, remaining);
		}
	}

	/** A 429 or a Retry-After: nothing leaves until then. */
	pauseUntil(time: number): void {
		this.#pausedUntil = Math.max(this.#pausedUntil, time);
	}

	/** Milliseconds to hold the next request back; 0 to send it now. */
	delay(now: number, inFlight: number): number {
		if (now < this.#pausedUntil) {
			return this.#pausedUntil - now;
		}
		if (this.#remaining === undefined || now >= this.#resetAt) {
			return 0;
		}
		return this.#remaining - inFlight > 0 ? 0 : this.#resetAt - now;
	}
}

/** A whole number small enough to compute with in milliseconds; anything else counts as absent. */
function toInteger(value: string | undefined): number | undefined {
	if (value === undefined || !/^\d+$/.test(value.trim())) {
		return undefined;
	}
	const number = Number(value);
	return number <= Number.MAX_SAFE_INTEGER / 1000 ? number : undefined;
}
