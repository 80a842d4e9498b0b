import {describe, expect, it} from 'vitest';
import {pulls} from '../../src/badges/pulls.ts';
import {stars} from '../../src/badges/stars.ts';
import {growthPer} from '../../src/badges/trend.ts';
import type {Series} from '../../src/history/history.ts';
import {failed, imageData, repository} from './factories.ts';

const hour = 3600;
const day = 24 * hour;
const now = Date.UTC(2026, 10, 30) / 1000;
const context = (history?: Series) => ({now: new Date(now * 1000), history});

/** A history from [seconds before now, value] pairs; null is a build without a point. */
function series(points: Array<[number, number | null]>): {times: number[]; values: Float64Array} {
	return {times: points.map(([ago]) => now - ago), values: Float64Array.from(points, ([, value]) => value ?? Number.NaN)};
}

describe('growthPer', () => {
	it.each([
		['no history at all', undefined, 100, 'week', undefined],
		['history shorter than a seventh of the period (23 h of a week)', series([[23 * hour, 0]]), 100, 'week', undefined],
		['exactly a seventh of the period: scaled ×7', series([[day, 0]]), 1000, 'week', 7000],
		['three days: scaled ×7/3', series([[3 * day, 0]]), 3000, 'week', 7000],
		['a point exactly at now − period', series([[7 * day, 500], [day, 900]]), 1500, 'week', 1000],
		['interpolated between the points around now − period', series([[8 * day, 0], [6 * day, 2000]]), 5000, 'week', 4000],
		['a gap is skipped, not read as zero', series([[8 * day, 0], [7 * day, null], [6 * day, 2000]]), 5000, 'week', 4000],
		['only points older than the period: interpolated towards now', series([[14 * day, 0]]), 1400, 'week', 700],
		['a recount that lowered the total: 0, never negative', series([[7 * day, 5000]]), 4000, 'week', 0],
		['a day of 6-hourly builds', series([[day, 100], [18 * hour, 200], [12 * hour, 300], [6 * hour, 400]]), 500, 'day', 400],
		['a month is 30 days', series([[30 * day, 0]]), 3000, 'month', 3000],
		['a year is 365 days, scaled from 60 days', series([[60 * day, 0]]), 600, 'year', 3650],
		['rounded to a whole count', series([[3 * day, 0]]), 1, 'week', 2],
	] as const)('%s', (_name, history, current, per, expected) => {
		expect(growthPer(history, current, now, per)).toBe(expected);
	});
});

describe('trend badges', () => {
	const history = (pulls: number[], stars: number[], agos: number[]): Series => ({
		times: agos.map(ago => now - ago),
		pulls: Float64Array.from(pulls),
		stars: Float64Array.from(stars),
	});
	const data = (pull_count: number, star_count: number) => imageData({repository: {ok: true, value: repository({pull_count, star_count})}});

	it.each([
		['pulls per week', pulls, {per: 'week'}, '12k/week'],
		['pulls per day', pulls, {per: 'day'}, '1.7k/day'],
		['pulls per month, scaled from 7 days', pulls, {per: 'month'}, '51k/month'],
		['pulls per year, scaled from 7 days (past a seventh of a year: 52 days; not yet)', pulls, {per: 'year'}, 'collecting data'],
		['stars per week', stars, {per: 'week'}, '+12/week'],
		['stars per month', stars, {per: 'month'}, '+51/month'],
		['the pull total, without per', pulls, {}, '112k'],
	] as const)('%s: %s', (_name, render, options, message) => {
		const result = render(data(112_000, 112), options, context(history([100_000], [100], [7 * day])));
		expect(result).toEqual(message === 'collecting data' ? {ok: true, message, color: 'lightgrey', pending: true} : {ok: true, message, color: '#066da5'});
	});

	it('collecting data, in grey, before a day of history: not an error', () => {
		expect(pulls(data(5, 0), {per: 'week'}, context(history([0], [0], [6 * hour])))).toEqual({ok: true, message: 'collecting data', color: 'lightgrey', pending: true});
	});

	it('a failed fetch is the usual problem (a previous value may stand in), not a trend of nothing', () => {
		const result = pulls(imageData({repository: failed('unavailable', 503)}), {per: 'week'}, context(history([0], [0], [7 * day])));
		expect(result).toMatchObject({ok: false, problem: 'inaccessible', transient: true});
	});
});
