import {pullsOver} from './daily-pulls.ts';
import {metric} from './metric.ts';
import {failure, fetchProblem} from './problem.ts';
import {growthPer, trendResult} from './trend.ts';
import type {BadgeContext, BadgeOptions, BadgeResult, ImageData, RegistryPeriod} from './types.ts';

export const pullsLabel = 'docker pulls';

/** shields.io colors Docker Hub's counts in Docker's own blue rather than by size. */
export const dockerBlue = '#066da5';

/** The pull total, or with `per` the pulls in that period from the history. */
export function pulls(data: ImageData, {per}: BadgeOptions, {now, history}: BadgeContext): BadgeResult {
	if (!data.repository.ok) return fetchProblem(data.repository);
	if (per !== undefined && per !== 'year' && data.dailyPulls) return registryCount(pullsOver(data.dailyPulls, per, now), per);
	const total = data.repository.value.pull_count;
	if (per === undefined) return {ok: true, message: metric(total), color: dockerBlue};
	const values = history && {times: history.times, values: history.pulls};
	return trendResult(growthPer(values, total, now.getTime() / 1000, per), per, '');
}

/** The pulls the registry counted itself (Quay's daily numbers), which need no history. */
function registryCount(count: number | undefined, per: RegistryPeriod): BadgeResult {
	if (count === undefined) {
		// A day missing from the registry's numbers may be there next build: keep the last value meanwhile.
		return {...failure('inaccessible', `the registry did not report a pull count for every day of the last ${per}`), transient: true};
	}
	return trendResult(count, per, '');
}
