import {describe, expect, it} from 'vitest';
import {differencesOf} from '../../src/history/differences.ts';
import {packDifferences} from '../../src/history/packed.ts';
import {keptIndexes, mergeHistory, seriesOf, type History, type MergedHistory} from '../../src/history/history.ts';

const hour = 3600;
const day = 24 * hour;
// A Monday at 00:00 UTC, so day and week boundaries are easy to read.
const now = Date.UTC(2026, 10, 30) / 1000;

function kept(times: number[]): number[] {
	return keptIndexes(times, now).map(index => times[index]!);
}

describe('retention', () => {
	it('keeps every build of the last 14 days, the 14-day mark included', () => {
		const times = [now - 14 * day, now - 14 * day + hour, now - day, now - day + 6 * hour, now];
		expect(kept(times)).toEqual(times);
	});

	it('counts the build exactly 14 days old among those kept whole, not in its day', () => {
		const noon = now + 12 * hour;
		const mark = noon - 14 * day;
		// The same UTC day as the mark, 6 hours earlier: the last of its day only while the mark is not part of that day.
		expect(keptIndexes([mark - 6 * hour, mark, noon], noon)).toEqual([0, 1, 2]);
		expect(keptIndexes([mark - 6 * hour, mark - 1, noon], noon)).toEqual([1, 2]);
	});

	it('keeps the last build of each UTC day once older than 14 days', () => {
		const older = now - 14 * day - 1;
		const dayStart = Math.floor(older / day) * day;
		expect(kept([dayStart, dayStart + 6 * hour, older, now])).toEqual([older, now]);
	});

	it('keeps one build a day up to two years, and the last of each week beyond', () => {
		const twoYears = 730 * day;
		const weekStart = Math.floor((now - twoYears - 1) / (7 * day)) * 7 * day;
		// now - twoYears - 1 and weekStart + day share a week: only the later stays; the two-year mark is still daily.
		expect(kept([weekStart, weekStart + day, now - twoYears - 1, now - twoYears, now])).toEqual([now - twoYears - 1, now - twoYears, now]);
	});
});

/** A merged history as the next build reads it back: packed, as the file reader keeps it. */
function readBack(merged: MergedHistory): History {
	const images = new Map([...merged.images].map(([image, {pulls, stars}]) => [image, packDifferences(pulls, stars, merged.times.length)!] as const));
	return {times: merged.times, images};
}

function valuesOf(history: History, image: string) {
	const series = seriesOf(history, image);
	return series && {pulls: [...series.pulls], stars: [...series.stars]};
}

describe('mergeHistory', () => {
	const previous: History = {
		times: [now - 2 * day, now - day],
		images: new Map([
			['library/nginx', packDifferences(differencesOf(Float64Array.of(100, 200)), differencesOf(Float64Array.of(1, 2)), 2)!],
			['gone/away', packDifferences(differencesOf(Float64Array.of(5, 6)), differencesOf(Float64Array.of(0, 0)), 2)!],
		]),
	};

	it('adds this build’s points, a gap for an image without one, and forgets images no longer configured', () => {
		const merged = readBack(mergeHistory(previous, ['library/nginx', 'grafana/grafana', 'acme/new'], new Map([['acme/new', {pulls: 5, stars: 2}]]), now));
		expect(merged.times).toEqual([now - 2 * day, now - day, now]);
		// In name order, whatever the config's: the same history always makes the same file.
		expect([...merged.images.keys()]).toEqual(['acme/new', 'library/nginx']);
		expect(valuesOf(merged, 'library/nginx')).toEqual({pulls: [100, 200, Number.NaN], stars: [1, 2, Number.NaN]});
		expect(valuesOf(merged, 'acme/new')).toEqual({pulls: [Number.NaN, Number.NaN, 5], stars: [Number.NaN, Number.NaN, 2]});
	});

	it('adds no point from a build dated before the last one (a clock set back), keeping the order', () => {
		const merged = readBack(mergeHistory(previous, ['library/nginx'], new Map([['library/nginx', {pulls: 9, stars: 9}]]), now - day));
		expect(merged.times).toEqual(previous.times);
		expect(valuesOf(merged, 'library/nginx')).toEqual(valuesOf(previous, 'library/nginx'));
	});

	it('keeps a point it kept once as it ages: builds every 6 hours for 30 days', () => {
		let history: History = {times: [], images: new Map()};
		const start = now - 30 * day;
		for (let time = start; time <= now; time += 6 * hour) {
			history = readBack(mergeHistory(history, ['library/nginx'], new Map([['library/nginx', {pulls: time - start, stars: 0}]]), time));
		}
		// 14 days of 4 a day plus the point at the mark, then one a day for the 16 days before.
		expect(history.times).toHaveLength(14 * 4 + 1 + 16);
		// Every daily point kept is the last of its day, 18:00, with the count read then.
		const daily = history.times.filter(time => time < now - 14 * day);
		expect(daily.every(time => time % day === 18 * hour)).toBe(true);
		expect(seriesOf(history, 'library/nginx')!.pulls[0]).toBe(daily[0]! - start);
	});
});
