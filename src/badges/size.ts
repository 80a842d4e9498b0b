import byteSize from 'byte-size';
import type {Tag} from '../fetchers/schemas.ts';
import {detailsProblem, failure} from './problem.ts';
import {chosen, defaultImage, defaultTag, imageFor, missingPlatform, namedTag, platformOf, tagListOf, type Choice} from './tag-choice.ts';
import type {BadgeContext, BadgeOptions, BadgeResult, ImageData, TagList} from './types.ts';

export const sizeLabel = 'image size';

export function size(data: ImageData, options: BadgeOptions, context: BadgeContext): BadgeResult {
	const list = tagListOf(data);
	if (!list.ok) return list;
	const tag = options.tag ? namedTag(data, options.tag) : defaultTag(data);
	if (!tag.ok) return tag;
	if (data.detailsFailure) return detailsProblem(data.detailsFailure);
	const bytes = bytesOf(tag.value, list.value, options, context.now);
	if (!bytes.ok) return bytes;
	// A fixed locale, so the badge reads "1,023 B" whatever machine builds it.
	return {ok: true, message: byteSize(bytes.value, {units: 'iec', locale: 'en-US'}).toString(), color: 'blue'};
}

function bytesOf(tag: Tag, list: TagList, {arch, variant}: BadgeOptions, now: Date): Choice<number> {
	// Docker Hub sends 0 for a size it does not know (full_size of old multi-arch tags):
	// no image is 0 bytes, so 0 is unknown, never "0 B".
	if (tag.images.length === 0) {
		// Old single-platform pushes list no images; full_size is then the only size there is.
		return tag.full_size ? chosen(tag.full_size) : failure('architecture not found', `tag "${tag.name}" lists no images and no size`);
	}
	const explicit = arch !== undefined || variant !== undefined;
	const image = explicit ? imageFor(tag, arch ?? 'amd64', variant) : defaultImage(tag);
	if (!image) {
		return explicit ? missingPlatform(tag, list, arch ?? 'amd64', variant, now) : failure('architecture not found', `no platform images in tag "${tag.name}"`);
	}
	if (!image.size) return failure('inaccessible', `Docker Hub gave no size for the ${platformOf(image)} image in tag "${tag.name}"`);
	return chosen(image.size);
}
