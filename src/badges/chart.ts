import {bisectLeft} from 'd3-array';
import {utcDay, utcMonth, utcWeek, utcYear, type TimeInterval} from 'd3-time';
import type {ConfiguredBadge} from '../config/load.ts';
import type {chartRanges} from '../config/schema.ts';
import type {Series} from '../history/history.ts';
import type {ManifestChart} from '../render/manifest.ts';
import {pullsLabel} from './pulls.ts';

export type ChartRange = (typeof chartRanges)[number];

const day = 86_400;
/** How far back each range reaches, in seconds; `all` starts at the first point. */
const rangeSeconds: Record<Exclude<ChartRange, 'all'>, number> = {'30d': 30 * day, '90d': 90 * day, '1y': 365 * day};
export const defaultChartRange: ChartRange = '90d';

type ChartSpec = Extract<ConfiguredBadge, {kind: 'chart'}>;

export function isChart(spec: {kind: string}): spec is ChartSpec {
	return spec.kind === 'chart';
}

/**
 * The badges.json entries of the charts among an image's or a group's badges (`pathOf` a
 * file stem gives its path), without a `charts` key when there are none: what each draws,
 * not the drawing, which needs the history.
 */
export function chartsOf(specs: ReadonlyArray<{kind: string; file: string}>, pathOf: (file: string) => string): {charts?: ManifestChart[]} {
	const charts = specs.filter(isChart).map((spec): ManifestChart => ({kind: 'chart', range: spec.range ?? defaultChartRange, file: spec.file, path: pathOf(spec.file), label: spec.label ?? pullsLabel}));
	return charts.length > 0 ? {charts} : {};
}

/**
 * An image's or a group's pull totals as the builds read them, as a chart reads them: the
 * history's (NaN where a build got none) and this build's `current` total at `now`, when
 * its fetch worked. The history's arrays, not a copy: a chart reads only its range of them.
 */
export type PullSeries = {times: readonly number[]; values: ArrayLike<number>; current: number | undefined; now: number};

/** The totals a chart draws, oldest first, NaN-free, up to `now`. */
export type PullTotals = {times: number[]; totals: number[]; now: number};

/** One bar of a chart: a calendar bucket and the pulls a day over the part of it the points cover. */
export type ChartBar = {start: number; end: number; perDay: number};

/**
 * What a chart shows, times in seconds: `from`–`to` is the time axis; `line`, the total at
 * the start of the points and at the end of each bucket's; `bars`, the pulls a day. Both are
 * empty when the range holds fewer than two points: the chart then says it is collecting data.
 */
export type ChartData = {from: number; to: number; line: Array<{time: number; total: number}>; bars: ChartBar[]};

/**
 * Bucket sizes, finest first: a chart takes the finest that gives fewer than its most
 * buckets, so a 90-day chart has a bar a day and years of history a bar a month.
 */
const intervals: TimeInterval[] = [utcDay, utcWeek, utcMonth, utcMonth.every(3)!, utcYear, utcYear.every(10)!];

/** An image's pulls for its charts: its history, and this build's total when its fetch worked. */
export function imagePulls(series: Series | undefined, current: number | undefined, now: Date): PullSeries {
	return {times: series?.times ?? [], values: series?.pulls ?? [], current, now: now.getTime() / 1000};
}

/**
 * The totals of a series from the last point at or before `since` (every one by default),
 * with this build's last when it has one. Points at `now` or later (a clock set back) are
 * left out, as the history leaves them out.
 */
export function pullTotals({times, values, current, now}: PullSeries, since = Number.NEGATIVE_INFINITY): PullTotals {
	const kept: PullTotals = {times: [], totals: [], now};
	let start = bisectLeft(times, since);
	// The last point before `since` gives the total at `since`.
	for (let before = start - 1; before >= 0; before--) {
		if (!Number.isNaN(values[before]!)) {
			start = before;
			break;
		}
	}
	for (let index = start; index < times.length && times[index]! < now; index++) {
		if (Number.isNaN(values[index]!)) continue;
		kept.times.push(times[index]!);
		kept.totals.push(values[index]!);
	}
	if (current !== undefined) {
		kept.times.push(now);
		kept.totals.push(current);
	}
	return kept;
}

/**
 * The chart of `range` up to `now`: the time cut into calendar buckets (UTC days, weeks,
 * months…, fewer than `maxBuckets`), each with the total at the end of the part of it the
 * points cover and the pulls a day over that part, the totals read linearly between points. A total that
 * went down (Docker Hub recounts) shows on the line, and as 0 a day, never less. With
 * fewer than two points in the range (one before it counts, giving the total at its start),
 * the chart has no line and no bars: it is collecting data.
 */
export function chartData(series: PullSeries, range: ChartRange, maxBuckets = 120): ChartData {
	const {times, totals, now} = pullTotals(series, range === 'all' ? undefined : series.now - rangeSeconds[range]);
	const from = range === 'all' ? (times[0] ?? now) : now - rangeSeconds[range];
	// What the points cover of the range: a point before it gives the total at its start.
	const covered = {start: Math.max(from, times[0] ?? now), end: times.at(-1) ?? from};
	if (covered.end <= covered.start) {
		return {from, to: now, line: [], bars: []};
	}
	// Only called within what the points cover.
	const totalAt = (time: number): number => {
		const after = bisectLeft(times, time);
		if (after === 0) return totals[0]!;
		const [t0, t1, v0, v1] = [times[after - 1]!, times[after]!, totals[after - 1]!, totals[after]!];
		return v0 + ((v1 - v0) * (time - t0)) / (t1 - t0);
	};
	let bounds: number[] = [];
	for (const interval of intervals) {
		bounds = interval.range(interval.floor(new Date(from * 1000)), new Date(now * 1000)).map(date => date.getTime() / 1000);
		if (bounds.length < maxBuckets) break;
	}
	const line = [{time: covered.start, total: Math.round(totalAt(covered.start))}];
	const bars: ChartBar[] = [];
	for (const [index, bound] of bounds.entries()) {
		const start = Math.max(bound, from);
		const end = Math.min(bounds[index + 1] ?? now, now);
		const seenFrom = Math.max(start, covered.start);
		const seenTo = Math.min(end, covered.end);
		if (seenTo <= seenFrom) continue;
		const total = totalAt(seenTo);
		line.push({time: seenTo, total: Math.round(total)});
		bars.push({start, end, perDay: Math.max(0, Math.round(((total - totalAt(seenFrom)) * day) / (seenTo - seenFrom)))});
	}
	return {from, to: now, line, bars};
}
