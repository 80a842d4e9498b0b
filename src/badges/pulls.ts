import {metric} from './metric.ts';
import {fetchProblem} from './problem.ts';
import type {BadgeContext, BadgeOptions, BadgeResult, ImageData} from './types.ts';

export const pullsLabel = 'docker pulls';

/** shields.io colors Docker Hub's counts in Docker's own blue rather than by size. */
export const dockerBlue = '#066da5';

export function pulls(data: ImageData, _options: BadgeOptions, _context: BadgeContext): BadgeResult {
	if (!data.repository.ok) return fetchProblem(data.repository);
	return {ok: true, message: metric(data.repository.value.pull_count), color: dockerBlue};
}
