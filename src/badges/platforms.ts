import {detailsProblem, failure} from './problem.ts';
import {defaultTag, isRunnable, namedTag, platformOf} from './tag-choice.ts';
import type {BadgeContext, BadgeOptions, BadgeResult, ImageData} from './types.ts';

export const platformsLabel = 'platforms';

export function platforms(data: ImageData, options: BadgeOptions, _context: BadgeContext): BadgeResult {
	const tag = options.tag ? namedTag(data, options.tag) : defaultTag(data);
	if (!tag.ok) return tag;
	if (data.detailsFailure) return detailsProblem(data.detailsFailure);
	const images = tag.value.images.filter(isRunnable);
	if (images.length === 0) return failure('architecture not found', `no platform images in tag "${tag.value.name}"`);
	// The os only tells platforms apart when the tag mixes them, e.g. linux and windows.
	const showOs = new Set(images.map(image => image.os)).size > 1;
	const names = new Set(images.map(image => (showOs ? `${image.os}/${platformOf(image)}` : platformOf(image))));
	return {ok: true, message: [...names].sort().join(' | '), color: 'blue'};
}
