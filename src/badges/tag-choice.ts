import type {Image, Tag} from '../fetchers/schemas.ts';
import {parseTimestamp} from '../fetchers/timestamp.ts';
import type {SiblingTarget} from '../plan.ts';
import {failure, fetchProblem, type BadgeFailure} from './problem.ts';
import {isFiltered, passesFilter} from './tag-filter.ts';
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

/** Buildx pushes attestation manifests as unknown/unknown images next to the real ones. */
export function isRunnable(image: Image): boolean {
	return image.architecture !== 'unknown' && image.os !== 'unknown';
}

/**
 * The image a badge without `arch` measures: amd64, the default of shields.io and of
 * most machines; else the tag's only image; else arm64; else the first platform in
 * sorted order, so the choice never depends on the order Docker Hub lists them in.
 */
export function defaultImage(tag: Tag): Image | undefined {
	const runnable = tag.images.filter(isRunnable);
	return (
		runnable.find(image => image.architecture === 'amd64') ??
		(runnable.length === 1 ? runnable[0] : undefined) ??
		runnable.find(image => image.architecture === 'arm64') ??
		runnable.toSorted((a, b) => compareText(platformKey(a), platformKey(b)))[0]
	);
}

function platformKey(image: Image): string {
	return `${image.os}/${platformOf(image)}`;
}

function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

// A multi-arch push lands platform by platform; none takes a day.
const pushUnderWayMs = 24 * 60 * 60 * 1000;

/**
 * "architecture not found" for a tag without the image a badge asks for. While a
 * multi-arch push is under way, the newest tags have some platforms and not yet the
 * others: that passes, so the failure is transient and the badge keeps its last good
 * value. It counts as under way when the tag has other images, was pushed less than
 * a day ago, and another tag read has the platform (so the repository does build it).
 * A platform the repository never had, or still missing after a day, is the answer.
 */
export function missingPlatform(tag: Tag, list: TagList, architecture: string, variant: string | undefined, now: Date): BadgeFailure {
	const missing = failure('architecture not found', `no image for ${platformOf({architecture, variant})} in tag "${tag.name}"`);
	const pushed = parseTimestamp(tag.last_updated);
	const minutes = pushed === undefined ? undefined : Math.max(0, Math.floor((now.getTime() - pushed.ms) / 60_000));
	const underWay =
		minutes !== undefined &&
		minutes * 60_000 < pushUnderWayMs &&
		tag.images.some(isRunnable) &&
		list.tags.some(other => other.name !== tag.name && imageFor(other, architecture, variant));
	if (!underWay) return missing;
	return {...missing, detail: `${missing.detail}, pushed ${minutes} min ago while other tags have one: a multi-arch push looks under way`, transient: true};
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
export function mostDottedSharingDigest(tags: readonly Tag[], digests: readonly string[]): string | undefined {
	const sharing = tags.filter(tag => sharesImage(tag, digests)).map(tag => tag.name);
	const [first] = sharing;
	if (first === undefined) return undefined;
	return sharing.reduce((best, name) => (name !== 'latest' && dotsIn(name) >= dotsIn(best) ? name : best), first);
}

/**
 * Whether tags not read yet could change what a version badge matching by digest
 * shows; `tags` are those read so far, newest first. It is decided when the tag is
 * not one to match (the newest is not `latest`), shows by itself (no images, none for
 * the arch, no digest), or other tags sharing its image were found and the last tag
 * read is not one of them. Tags pushed together sit together in push order, so a group
 * reaching the last tag read may go on over the page break; and a `latest` pushed again
 * alone, or an old named tag, may have its versioned siblings pages away. With
 * `include`/`exclude`, the newest tag is the newest they let through, which may be on
 * a later page, and only the tags they let through count as siblings.
 */
export function siblingSearchOpen(tags: readonly Tag[], target: SiblingTarget): boolean {
	const newest = tags.find(candidate => passesFilter(target, candidate.name));
	const tag = target.tag === undefined ? (newest?.name === 'latest' ? newest : undefined) : tags.find(candidate => candidate.name === target.tag);
	// A named tag not read yet may be on the next page, and so may the newest tag a filter lets through;
	// a newest tag that is not `latest` shows itself.
	if (!tag) return target.tag !== undefined || (newest === undefined && isFiltered(target));
	const digests = digestsToMatch(tag, target.arch);
	if (!digests?.length) return false;
	const sharing = tags.filter(candidate => sharesImage(candidate, digests));
	const siblings = sharing.some(candidate => candidate.name !== 'latest' && candidate.name !== tag.name && passesFilter(target, candidate.name));
	return !siblings || sharing.at(-1) === tags.at(-1);
}

/**
 * What a version badge matches a tag's siblings by: the digest of the tag's image for the
 * arch, and the tag's own digest (an index's is shared by every tag pushed as the same image,
 * which is all a tag list without images, such as Quay's, tells). undefined: the tag has
 * images but none for the arch; empty: nothing to match by, the tag shows itself.
 */
export function digestsToMatch(tag: Tag, arch: string): string[] | undefined {
	const own = tag.digest ? [tag.digest] : [];
	if (tag.images.length === 0) return own;
	const image = tag.images.find(candidate => candidate.architecture === arch);
	if (!image) return undefined;
	return image.digest ? [image.digest, ...own] : own;
}

function sharesImage(tag: Tag, digests: readonly string[]): boolean {
	return digests.some(digest => tag.digest === digest || tag.images.some(image => image.digest === digest));
}

function dotsIn(name: string): number {
	return name.split('.').length - 1;
}
