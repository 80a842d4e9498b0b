import {describe, expect, it} from 'vitest';
import {compareNewestFirst, parseTimestamp} from '../../src/fetchers/timestamp.ts';

describe('parseTimestamp', () => {
	it.each([
		['2024-01-02T03:04:05Z', {ms: Date.UTC(2024, 0, 2, 3, 4, 5), nanos: 0}],
		['2024-01-02T03:04:05.1Z', {ms: Date.UTC(2024, 0, 2, 3, 4, 5, 100), nanos: 0}],
		['2022-07-13T07:05:12.182358Z', {ms: Date.UTC(2022, 6, 13, 7, 5, 12, 182), nanos: 358_000}],
		['2024-01-02T03:04:05.123456789Z', {ms: Date.UTC(2024, 0, 2, 3, 4, 5, 123), nanos: 456_789}],
		['2024-01-02T05:04:05.5+02:00', {ms: Date.UTC(2024, 0, 2, 3, 4, 5, 500), nanos: 0}],
		['2024-01-02t03:04:05z', {ms: Date.UTC(2024, 0, 2, 3, 4, 5), nanos: 0}],
	])('%s', (text, expected) => {
		expect(parseTimestamp(text)).toEqual(expected);
	});

	it.each([
		['ten fractional digits', '2024-01-02T03:04:05.1234567890Z'],
		['no zone', '2024-01-02T03:04:05'],
		['a number Date.parse takes for a year', '1'],
		['a date alone', '2024-01-02'],
		['a month that does not exist', '2024-13-02T03:04:05Z'],
		['a comma for the fraction', '2024-01-02T03:04:05,5Z'],
		['trailing text', '2024-01-02T03:04:05Z\n::error::x'],
		['a long string', `2024-01-02T03:04:05.${'1'.repeat(100_000)}Z`],
		['null', null],
		['undefined', undefined],
	])('refuses %s', (_case, text) => {
		expect(parseTimestamp(text)).toBeUndefined();
	});
});

describe('compareNewestFirst', () => {
	it('orders pushes within one millisecond by their nanoseconds, and unreadable times last', () => {
		const times = ['2024-01-02T03:04:05.123456788Z', 'garbage', '2024-01-02T03:04:05.123456789Z', '2024-01-02T03:04:05Z', '2024-01-02T03:04:05.1234568Z'];
		const sorted = times.map(text => ({text, at: parseTimestamp(text)})).sort((a, b) => compareNewestFirst(a.at, b.at));
		expect(sorted.map(({text}) => text)).toEqual([
			'2024-01-02T03:04:05.1234568Z',
			'2024-01-02T03:04:05.123456789Z',
			'2024-01-02T03:04:05.123456788Z',
			'2024-01-02T03:04:05Z',
			'garbage',
		]);
	});
});
