import byteSize from 'byte-size';
import type {Tag} from '../fetchers/schemas.ts';
import {failure} from './problem.ts';
import {chosen, defaultTag, imageFor, namedTag, platformOf, type Choice} from './tag-choice.ts';
import type {BadgeContext, BadgeOptions, BadgeResult, ImageData} from './types.ts';

export const sizeLabel = 'image size';

export function size(data: ImageData, options: BadgeOptions, _context: BadgeContext): BadgeResult {
	const tag = options.tag ? namedTag(data, options.tag) : defaultTag(data);
	if (!tag.ok) return tag;
	const bytes = bytesOf(tag.value, options.arch ?? 'amd64', options.variant);
	if (!bytes.ok) return bytes;
	// A fixed locale, so the badge reads "1,023 B" whatever machine builds it.
	return {ok: true, message: byteSize(bytes.value, {units: 'iec', locale: 'en-US'}).toString(), color: 'blue'};
}

function bytesOf(tag: Tag, architecture: string, variant: string | undefined): Choice<number> {
	const platform = platformOf({architecture, variant});
	// Old single-platform pushes list no images; full_size is then the only size there is.
	if (tag.images.length === 0) {
		return tag.full_size == null
			? failure('architecture not found', `tag "${tag.name}" lists no images and no size`)
			: chosen(tag.full_size);
	}
	const image = imageFor(tag, architecture, variant);
	if (!image) return failure('architecture not found', `no image for ${platform} in tag "${tag.name}"`);
	if (image.size == null) return failure('inaccessible', `Docker Hub gave no size for the ${platform} image in tag "${tag.name}"`);
	return chosen(image.size);
}
