import type {Series} from '../history/history.ts';
import {metric} from './metric.ts';
import {dockerBlue} from './pulls.ts';
import type {BadgeResult} from './types.ts';

type Good = Extract<BadgeResult, {ok: true}>;

const day = 86_400;
/** The periods a trend badge counts over, in seconds; a month is 30 days, as shields' `/month` is. */
const trendPeriods = {day, week: 7 * day, month: 30 * day, year: 365 * day} as const;
export type TrendPeriod = keyof typeof trendPeriods;

const collectingData: Good = {ok: true, message: 'collecting data', color: 'lightgrey', pending: true};

/**
 * How much a total grew over the `per` period up to `now`, when it reads `current` now and
 * `values` at the history's times: the difference from the total at now − period,
 * interpolated linearly between the points around it. History shorter than the period but
 * at least a seventh of it is scaled to the period; shorter still, undefined. A total that
 * went down (Docker Hub recounts) gives 0, never a negative rate.
 */
export function growthPer(history: Pick<Series, 'times'> & {values: Float64Array} | undefined, current: number, now: number, per: TrendPeriod): number | undefined {
	const period = trendPeriods[per];
	const start = now - period;
	let before: {time: number; value: number} | undefined;
	let first: {time: number; value: number} | undefined;
	let after: {time: number; value: number} = {time: now, value: current};
	const times = history?.times ?? [];
	for (let index = 0; index < times.length; index++) {
		const time = times[index]!;
		const value = history!.values[index]!;
		if (Number.isNaN(value) || time >= now) continue;
		first ??= {time, value};
		if (time <= start) {
			before = {time, value};
		} else {
			after = {time, value};
			break;
		}
	}
	let growth: number;
	if (before) {
		const atStart = before.value + ((after.value - before.value) * (start - before.time)) / (after.time - before.time);
		growth = current - atStart;
	} else {
		if (!first || (now - first.time) * 7 < period) return undefined;
		growth = ((current - first.value) * period) / (now - first.time);
	}
	return Math.max(0, Math.round(growth));
}

/** A trend badge's result: `12k/week` for pulls, `+12/month` for stars. */
export function trendResult(growth: number | undefined, per: TrendPeriod, sign: '' | '+'): Good {
	return growth === undefined ? collectingData : {ok: true, message: `${sign}${metric(growth)}/${per}`, color: dockerBlue};
}
