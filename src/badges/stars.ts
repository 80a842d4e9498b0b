import {metric} from './metric.ts';
import {fetchProblem} from './problem.ts';
import {dockerBlue} from './pulls.ts';
import {growthPer, trendResult} from './trend.ts';
import type {BadgeContext, BadgeOptions, BadgeResult, ImageData} from './types.ts';

export const starsLabel = 'docker stars';

/** The star total, or with `per` the stars gained in that period from the history. */
export function stars(data: ImageData, {per}: BadgeOptions, {now, history}: BadgeContext): BadgeResult {
	if (!data.repository.ok) return fetchProblem(data.repository);
	const total = data.repository.value.star_count;
	if (per === undefined) return {ok: true, message: metric(total), color: dockerBlue};
	const values = history && {times: history.times, values: history.stars};
	return trendResult(growthPer(values, total, now.getTime() / 1000, per), per, '+');
}
