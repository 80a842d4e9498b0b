import {single} from './header.ts';

/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"):
 * many builds retrying a hiccup together spread out instead of arriving again in lockstep.
 */
export function backoffDelay(retry: number, baseMs: number, random: () => number = Math.random): number {
	return Math.round(random() * baseMs * 2 ** retry);
}

// RFC 9110's preferred HTTP date (IMF-fixdate), the one form servers send today.
const httpDate = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * How long a 429 asks us to wait: `Retry-After` in seconds (or an HTTP date), or Docker's
 * older `X-Retry-After` as a unix time. Undefined when the answer names no time, or one
 * that is not a number we can hold (garbage, negative, past 2^53): then the caller backs
 * off as for an answer without one. Whether a wait is too long is the caller's call.
 */
export function retryAfterMs(headers: Record<string, string | string[] | undefined>, now: number): number | undefined {
	const retryAfter = single(headers['retry-after'])?.trim();
	if (retryAfter !== undefined) {
		if (/^\d+(?:\.\d+)?$/.test(retryAfter)) {
			const seconds = Number(retryAfter);
			if (seconds <= Number.MAX_SAFE_INTEGER / 1000) {
				return seconds * 1000;
			}
		} else if (httpDate.test(retryAfter)) {
			const date = Date.parse(retryAfter);
			if (!Number.isNaN(date)) {
				return Math.max(0, date - now);
			}
		}
	}
	const xRetryAfter = single(headers['x-retry-after'])?.trim();
	if (xRetryAfter !== undefined && /^\d+$/.test(xRetryAfter)) {
		const seconds = Number(xRetryAfter);
		if (seconds <= Number.MAX_SAFE_INTEGER / 1000) {
			return Math.max(0, seconds * 1000 - now);
		}
	}
	return undefined;
}
