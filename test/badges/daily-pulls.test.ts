import {describe, expect, it} from 'vitest';
import {pullsOver} from '../../src/badges/daily-pulls.ts';

describe('pullsOver: a registry’s daily counts (Quay’s) added up per period', () => {
	const now = new Date('2024-06-10T08:00:00Z');
	/** Days 1 to n before 2024-06-10, each counting `count`, in quay's order: counted days first, zeros after. */
	const days = (n: number, count: (back: number) => number) =>
		Array.from({length: n}, (_, index) => ({date: new Date(Date.UTC(2024, 5, 10) - (index + 1) * 86_400_000).toISOString().slice(0, 10), count: count(index + 1)}));

	it.each([
		['91 days of 10: the day, week and month before today', days(91, () => 10), {day: 10, week: 70, month: 300}],
		['yesterday alone is the day', days(91, back => (back === 1 ? 7 : 1)), {day: 7, week: 13, month: 36}],
		['today, if listed, is never counted: it is not over', [{date: '2024-06-10', count: 999}, ...days(91, () => 1)], {day: 1, week: 7, month: 30}],
		['a day listed twice (counted, then zero-filled) counts once', [...days(91, () => 0), {date: '2024-06-09', count: 5}], {day: 5, week: 5, month: 5}],
		['in any order', days(91, back => back).reverse(), {day: 1, week: 28, month: 465}],
		['only 10 days reported: no month', days(10, () => 2), {day: 2, week: 14}],
		['nothing reported', [], {}],
	])('%s', (_case, stats, expected) => {
		expect({day: pullsOver(stats, 'day', now), week: pullsOver(stats, 'week', now), month: pullsOver(stats, 'month', now)}).toEqual(expected);
	});
});
