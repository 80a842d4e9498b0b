import {metric} from './metric.ts';
import {fetchProblem} from './problem.ts';
import {dockerBlue} from './pulls.ts';
import type {BadgeContext, BadgeOptions, BadgeResult, ImageData} from './types.ts';

export const starsLabel = 'docker stars';

export function stars(data: ImageData, _options: BadgeOptions, _context: BadgeContext): BadgeResult {
	if (!data.repository.ok) return fetchProblem(data.repository);
	return {ok: true, message: metric(data.repository.value.star_count), color: dockerBlue};
}
