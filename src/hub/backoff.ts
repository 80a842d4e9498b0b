import {single} from './header.ts';

/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"):
 * many builds retrying a hiccup together spread out instead of arriving again in lockstep.
 */
export function backoffDelay(retry: number, baseMs: number, random: () => number = Math.random): number {
	return Math.round(random() * baseMs * 2 ** retry);
}

/**
 * How long a 429 asks us to wait: `Retry-After` in seconds (or an HTTP date), or Docker's
 * older `X-Retry-After` as a unix time. Undefined when the answer names no time.
 */
export function retryAfterMs(headers: Record<string, string | string[] | undefined>, now: number): number | undefined {
	const retryAfter = single(headers['retry-after']);
	if (retryAfter !== undefined) {
		if (/^\d+(?:\.\d+)?$/.test(retryAfter.trim())) {
			return Math.max(0, Number(retryAfter) * 1000);
		}
		const date = Date.parse(retryAfter);
		if (!Number.isNaN(date)) {
			return Math.max(0, date - now);
		}
	}
	const xRetryAfter = single(headers['x-retry-after']);
	if (xRetryAfter !== undefined && /^\d+$/.test(xRetryAfter.trim())) {
		return Math.max(0, Number(xRetryAfter) * 1000 - now);
	}
	return undefined;
}
