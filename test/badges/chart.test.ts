import {describe, expect, it} from 'vitest';
import {chartData, pullTotals, type PullSeries} from '../../src/badges/chart.ts';

const day = 86_400;
const hour = 3600;
const now = Date.UTC(2026, 10, 30, 12) / 1000;

/** The history's points at `times`, and this build's `current` total at now. */
function series(times: number[], values: number[], current?: number): PullSeries {
	return {times, values, current, now};
}

/** A total growing by `perDay` from `start` (seconds before now), a build every `step` seconds, this one at now. */
function steady({start, step, perDay, from = 1_000_000}: {start: number; step: number; perDay: number; from?: number}): PullSeries {
	const times: number[] = [];
	const values: number[] = [];
	const at = (time: number) => from + ((time - (now - start)) * perDay) / day;
	for (let time = now - start; time < now; time += step) {
		times.push(time);
		values.push(at(time));
	}
	return series(times, values, at(now));
}

describe('pullTotals', () => {
	it.each([
		['the history with this build’s total last', series([now - 2 * day, now - day], [10, 20], 30), undefined, {times: [now - 2 * day, now - day, now], totals: [10, 20, 30]}],
		['builds without a value (NaN) left out', series([now - 2 * day, now - day], [Number.NaN, 20], 30), undefined, {times: [now - day, now], totals: [20, 30]}],
		['no point now when this build’s fetch failed', series([now - day], [20]), undefined, {times: [now - day], totals: [20]}],
		['points at or after now (a clock set back) left out', series([now - day, now, now + day], [20, 25, 26], 30), undefined, {times: [now - day, now], totals: [20, 30]}],
		['no history: this build alone', series([], [], 30), undefined, {times: [now], totals: [30]}],
		['since a time: from the last point before it', series([now - 3 * day, now - 2 * day, now - day], [10, 20, 30], 40), now - 1.5 * day, {times: [now - 2 * day, now - day, now], totals: [20, 30, 40]}],
		['since a time: past a point without a value', series([now - 3 * day, now - 2 * day, now - day], [10, Number.NaN, 30], 40), now - 1.5 * day, {times: [now - 3 * day, now - day, now], totals: [10, 30, 40]}],
		['since a time with a point: from the one before it still', series([now - 3 * day, now - 2 * day, now - day], [10, 20, 30]), now - 2 * day, {times: [now - 3 * day, now - 2 * day, now - day], totals: [10, 20, 30]}],
	])('%s', (_, pulls, since, expected) => {
		expect(pullTotals(pulls, since)).toEqual({...expected, now});
	});
});

describe('chartData', () => {
	it.each([
		['no point at all', series([], []), '90d'],
		['one point: this build', series([], [], 5), '90d'],
		['one point, before the range (no total at its start)', series([now - 100 * day], [5]), '90d'],
		['all of one point', series([], [], 5), 'all'],
		['two points, both before the range (every fetch since failed)', series([now - 100 * day, now - 95 * day], [5, 6]), '30d'],
	] as const)('collects data with fewer than two points in range: %s', (_, pulls, range) => {
		expect(chartData(pulls, range)).toMatchObject({line: [], bars: [], to: now});
	});

	it('reads a point before the range between it and the next: one before and this build draw a whole 30 days', () => {
		const data = chartData(series([now - 40 * day], [0], 40_000), '30d');
		expect(data.from).toBe(now - 30 * day);
		expect(data.line[0]).toEqual({time: now - 30 * day, total: 10_000});
		expect(data.line.at(-1)).toEqual({time: now, total: 40_000});
		expect(new Set(data.bars.map(bar => bar.perDay))).toEqual(new Set([1000]));
	});

	it('cuts the range into UTC days, each bar the pulls a day over what the points cover of it', () => {
		// Six-hourly builds for three days, 4,000 pulls a day; now is noon.
		const data = chartData(steady({start: 3 * day, step: 6 * hour, perDay: 4000}), '30d');
		expect(data.bars.map(bar => [new Date(bar.start * 1000).toISOString(), new Date(bar.end * 1000).toISOString(), bar.perDay])).toEqual([
			['2026-11-27T00:00:00.000Z', '2026-11-28T00:00:00.000Z', 4000],
			['2026-11-28T00:00:00.000Z', '2026-11-29T00:00:00.000Z', 4000],
			['2026-11-29T00:00:00.000Z', '2026-11-30T00:00:00.000Z', 4000],
			['2026-11-30T00:00:00.000Z', '2026-11-30T12:00:00.000Z', 4000],
		]);
		// The line: the first point, then the total at each day's end (or the last point).
		expect(data.line.map(point => point.total)).toEqual([1_000_000, 1_002_000, 1_006_000, 1_010_000, 1_012_000]);
	});

	it('shows a total that went down (Docker Hub recounts) on the line, and as 0 a day, never less', () => {
		const data = chartData(series([now - 2 * day, now - day], [50_000, 10_000], 12_000), '30d');
		const totals = data.line.map(point => point.total);
		expect(totals.some((total, index) => index > 0 && total < totals[index - 1]!)).toBe(true);
		expect(Math.min(...data.bars.map(bar => bar.perDay))).toBe(0);
		expect(data.bars.at(-1)!.perDay).toBe(2000);
	});

	it.each([
		// range, history, the bucket (seconds, about), at most this many bars
		['30d', 400 * day, day, 31],
		['90d', 400 * day, day, 91],
		['1y', 400 * day, 7 * day, 54],
		['all', 400 * day, 7 * day, 59],
		['all', 3 * 365 * day, 30 * day, 38],
		['all', 20 * 365 * day, 91 * day, 81],
	] as const)('%s over %i s of history: a bar every %i s, at most %i', (range, span, bucket, most) => {
		const data = chartData(steady({start: span, step: day, perDay: 1000}), range);
		expect(data.bars.length).toBeLessThanOrEqual(most);
		expect(data.bars.length).toBeGreaterThan(most - 3);
		const inner = data.bars.slice(1, -1).map(bar => bar.end - bar.start);
		expect(Math.max(...inner)).toBeLessThanOrEqual(bucket * 1.05);
		expect(Math.min(...inner)).toBeGreaterThanOrEqual(bucket * 0.9);
	});

	it('gives fewer buckets when asked (the sparkline’s)', () => {
		const data = chartData(steady({start: 200 * day, step: day, perDay: 1000}), '90d', 30);
		expect(data.bars.length).toBeLessThan(30);
		expect(data.bars.length).toBeGreaterThanOrEqual(13);
	});
});
