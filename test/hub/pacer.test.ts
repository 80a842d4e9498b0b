import {describe, expect, it} from 'vitest';
import {retryAfterMs} from '../../src/hub/backoff.ts';
import {Pacer} from '../../src/hub/pacer.ts';

const now = 1_700_000_000_000;
const headers = (limit: number, remaining: number, resetSeconds: number) => ({
	'x-ratelimit-limit': String(limit),
	'x-ratelimit-remaining': String(remaining),
	'x-ratelimit-reset': String(resetSeconds),
});

describe('Pacer', () => {
	it.each([
		{what: 'nothing known yet', observed: [], inFlight: 5, delay: 0},
		{what: 'budget left beyond what is in flight', observed: [headers(300, 10, now / 1000 + 5)], inFlight: 3, delay: 0},
		{what: 'in-flight requests would use the rest', observed: [headers(300, 3, now / 1000 + 5)], inFlight: 3, delay: 5250},
		{what: 'budget spent', observed: [headers(300, 0, now / 1000 + 2)], inFlight: 0, delay: 2250},
		{what: 'the window has passed', observed: [headers(300, 0, now / 1000 - 1)], inFlight: 0, delay: 0},
		{what: 'answers out of order: the smaller remaining wins', observed: [headers(300, 1, now / 1000 + 5), headers(300, 7, now / 1000 + 5)], inFlight: 1, delay: 5250},
		{what: 'a newer window replaces the old count', observed: [headers(300, 0, now / 1000 + 1), headers(300, 299, now / 1000 + 11)], inFlight: 8, delay: 0},
		{what: 'headers missing a field are ignored', observed: [{'x-ratelimit-remaining': '0'}], inFlight: 0, delay: 0},
	])('$what → wait $delay ms', ({observed, inFlight, delay}) => {
		const pacer = new Pacer();
		for (const answer of observed) {
			pacer.observe(answer);
		}
		expect(pacer.delay(now, inFlight)).toBe(delay);
	});

	it('holds everything back until a 429 pause is over', () => {
		const pacer = new Pacer();
		pacer.pauseUntil(now + 1500);
		expect(pacer.delay(now, 0)).toBe(1500);
		expect(pacer.delay(now + 1500, 0)).toBe(0);
	});

	it('reports the remaining budget, and the full limit once the window has passed', () => {
		const pacer = new Pacer();
		expect(pacer.remaining(now)).toBeUndefined();
		pacer.observe(headers(600, 42, now / 1000 + 10));
		expect(pacer.remaining(now)).toBe(42);
		expect(pacer.remaining(now + 11_000)).toBe(600);
	});
});

describe('retryAfterMs', () => {
	it.each([
		{what: 'Retry-After in seconds', headers: {'retry-after': '3'}, ms: 3000},
		{what: 'Retry-After as an HTTP date', headers: {'retry-after': new Date(now + 4000).toUTCString()}, ms: 4000},
		{what: 'X-Retry-After as a unix time', headers: {'x-retry-after': String(now / 1000 + 7)}, ms: 7000},
		{what: 'a time already past', headers: {'x-retry-after': String(now / 1000 - 7)}, ms: 0},
		{what: 'neither header', headers: {}, ms: undefined},
		{what: 'garbage', headers: {'retry-after': 'soon'}, ms: undefined},
		{what: 'a number past 2^53', headers: {'retry-after': '99999999999999999999'}, ms: undefined},
		{what: 'an exponent', headers: {'retry-after': '1e400'}, ms: undefined},
		{what: 'a negative number', headers: {'retry-after': '-5'}, ms: undefined},
		{what: 'NaN', headers: {'retry-after': 'NaN'}, ms: undefined},
		{what: 'a date past what Date holds', headers: {'retry-after': 'Sat, 13 Sep 275760 00:00:01 GMT'}, ms: undefined},
		{what: 'a date in another format', headers: {'retry-after': '2030-01-01'}, ms: undefined},
		{what: 'X-Retry-After past 2^53', headers: {'x-retry-after': '99999999999999999999'}, ms: undefined},
		{what: 'X-Retry-After negative', headers: {'x-retry-after': '-5'}, ms: undefined},
		{what: 'garbage Retry-After beside a good X-Retry-After', headers: {'retry-after': 'NaN', 'x-retry-after': String(now / 1000 + 7)}, ms: 7000},
	])('$what', ({headers, ms}) => {
		expect(retryAfterMs(headers, now)).toBe(ms);
	});
});
