import {metric} from './metric.ts';
import {fetchProblem} from './problem.ts';
import {growthPer, trendResult} from './trend.ts';
import type {BadgeContext, BadgeOptions, BadgeResult, ImageData} from './types.ts';

export const pullsLabel = 'docker pulls';

/** shields.io colors Docker Hub's counts in Docker's own blue rather than by size. */
export const dockerBlue = '#066da5';

/** The pull total, or with `per` the pulls in that period from the history. */
export function pulls(data: ImageData, {per}: BadgeOptions, {now, history}: BadgeContext): BadgeResult {
	if (!data.repository.ok) return fetchProblem(data.repository);
	const total = data.repository.value.pull_count;
	if (per === undefined) return {ok: true, message: metric(total), color: dockerBlue};
	const values = history && {times: history.times, values: history.pulls};
	return trendResult(growthPer(values, total, now.getTime() / 1000, per), per, '');
}
