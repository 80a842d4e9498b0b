import type {Image, Tag} from '../fetchers/schemas.ts';
import {failure, fetchProblem, type BadgeFailure} from './problem.ts';
import type {ImageData, TagList} from './types.ts';

/** A value picked from the fetched data, or the badge to show when there is none. */
export type Choice<T> = {ok: true; value: T} | BadgeFailure;

export function chosen<T>(value: T): Choice<T> {
	return {ok: true, value};
}

function tagNotFound(name: string): BadgeFailure {
	return failure('tag not found', `tag "${name}" not found`);
}

export function noTags(): BadgeFailure {
	return failure('tag not found', 'the repository has no tags');
}

export function tagListOf(data: ImageData): Choice<TagList> {
	if (!data.tags) {
		// The plan fetches tags for every badge kind that reads them; reaching this is a bug.
		return failure('inaccessible', 'tags were not fetched for this badge');
	}
	return data.tags.ok ? data.tags : fetchProblem(data.tags);
}

export function namedTag(data: ImageData, name: string): Choice<Tag> {
	const list = tagListOf(data);
	if (!list.ok) return list;
	const known = listedOrLookedUp(list.value, data, name);
	if (known) return known;
	// Every tag of the repository was read, so a name missing from them does not exist.
	if (list.value.complete) return tagNotFound(name);
	// The fetch layer looks up every named tag missing from the pages it read,
	// so reaching this is a bug; guessing "not found" would publish a wrong badge.
	return failure('inaccessible', `tag "${name}" was not fetched: not on the pages read and not looked up`);
}

/** Docker Hub's own default: `latest` when the repository has one, else the most recently pushed tag. */
export function defaultTag(data: ImageData): Choice<Tag> {
	const list = tagListOf(data);
	if (!list.ok) return list;
	const latest = listedOrLookedUp(list.value, data, 'latest');
	if (latest && (latest.ok || latest.problem !== 'tag not found')) return latest;
	return newestOf(list.value);
}

export function newestTag(data: ImageData): Choice<Tag> {
	const list = tagListOf(data);
	return list.ok ? newestOf(list.value) : list;
}

function newestOf(list: TagList): Choice<Tag> {
	const [newest] = list.tags;
	return newest ? chosen(newest) : noTags();
}

/** undefined when the name is neither among the listed tags nor among the lookups. */
function listedOrLookedUp(list: TagList, data: ImageData, name: string): Choice<Tag> | undefined {
	const listed = list.tags.find(tag => tag.name === name);
	if (listed) return chosen(listed);
	const lookup = data.lookups.get(name);
	if (!lookup) return undefined;
	if (!lookup.ok) return lookup.error.failure === 'not-found' ? tagNotFound(name) : fetchProblem(lookup);
	return lookup.value ? chosen(lookup.value) : tagNotFound(name);
}

/** The first image built for the architecture, and for the variant when one is asked for. */
export function imageFor(tag: Tag, architecture: string, variant?: string): Image | undefined {
	return tag.images.find(image => image.architecture === architecture && (variant === undefined || image.variant === variant));
}

/** "arm64", or "arm/v7" when the image has a variant. */
export function platformOf(image: Pick<Image, 'architecture' | 'variant'>): string {
	return image.variant ? `${image.architecture}/${image.variant}` : image.architecture;
}

/**
 * shields.io's getDigestSemVerMatches(): among the tags holding an image with
 * this digest, the one with the most dots ("1.2.3" over "1.2" over "1"), later
 * tags winning ties, and `latest` only when nothing else shares the digest.
 */
export function mostDottedSharingDigest(tags: readonly Tag[], digest: string): string | undefined {
	const sharing = tags.filter(tag => tag.images.some(image => image.digest === digest)).map(tag => tag.name);
	const [first] = sharing;
	if (first === undefined) return undefined;
	return sharing.reduce((best, name) => (name !== 'latest' && dotsIn(name) >= dotsIn(best) ? name : best), first);
}

function dotsIn(name: string): number {
	return name.split('.').length - 1;
}
