import semver from 'semver';
import type {Tag} from '../fetchers/schemas.ts';
import {maxTagLength} from '../fetchers/tag-names.ts';
import type {SiblingTarget} from '../plan.ts';
import {failure} from './problem.ts';
import {chosen, digestsToMatch, missingPlatform, mostDottedSharingDigest, namedTag, noTags, siblingSearchOpen, tagListOf, type Choice} from './tag-choice.ts';
import {describeFilter, isFiltered, passesFilter, type TagFilter} from './tag-filter.ts';
import type {BadgeContext, BadgeOptions, BadgeResult, ImageData, TagList} from './types.ts';
import {versionColor, versionMessage} from './version-text.ts';

export const versionLabel = 'version';

export function version(data: ImageData, options: BadgeOptions, context: BadgeContext): BadgeResult {
	const list = tagListOf(data);
	if (!list.ok) return list;
	const target = {arch: options.arch ?? 'amd64', include: options.include, exclude: options.exclude};
	const found = options.tag
		? versionOfTag(data, list.value, {...target, tag: options.tag}, context.now)
		: options.sort === 'semver'
			? highestVersionOf(list.value, target)
			: newestVersionOf(list.value, {...target, tag: undefined}, context.now);
	if (!found.ok) return found;
	const {name, note} = found.value;
	return {ok: true, message: versionMessage(name), color: versionColor(name), ...(note === undefined ? {} : {note})};
}

/** The tag whose name the badge shows, and what to say when not every tag was read. */
type Version = {name: string; note?: string};

/** The most recently pushed tag the filter lets through; when that is `latest`, the versioned tag pushed as the same image. */
function newestVersionOf(list: TagList, target: SiblingTarget, now: Date): Choice<Version> {
	const newest = list.tags.find(tag => passesFilter(target, tag.name));
	if (!newest) return isFiltered(target) ? noneLetThrough(list, target, 'no tag') : noTags();
	return newest.name === 'latest' ? sameImageAs(newest, list, target, now) : chosen({name: newest.name});
}

/** The versioned tag pushed as the same image as the named one, so `alpine:3` shows as 3.21.2. */
function versionOfTag(data: ImageData, list: TagList, target: SiblingTarget & {tag: string}, now: Date): Choice<Version> {
	const tag = namedTag(data, target.tag);
	if (!tag.ok) return tag;
	return sameImageAs(tag.value, list, target, now);
}

function sameImageAs(tag: Tag, list: TagList, target: SiblingTarget, now: Date): Choice<Version> {
	const digests = digestsToMatch(tag, target.arch);
	if (digests === undefined) return missingPlatform(tag, list, target.arch, undefined, now);
	const candidates = list.tags.filter(candidate => passesFilter(target, candidate.name));
	const sibling = mostDottedSharingDigest(candidates, digests);
	const name = sibling ?? (passesFilter(target, tag.name) ? tag.name : undefined);
	// Single-platform pushes from before manifest lists may have nothing to match by: the tag shows itself.
	const searched = list.complete || digests.length === 0 || !siblingSearchOpen(list.tags, target);
	if (name === undefined) return noneLetThrough(searched ? {...list, complete: true} : list, target, `no tag sharing the image of "${tag.name}"`);
	if (searched) return chosen({name});
	return partial(list, name, `the most dotted tag sharing the image of "${tag.name}"`, 'to find the tags sharing its image');
}

function highestVersionOf(list: TagList, filter: TagFilter): Choice<Version> {
	const highest = highestVersion(list.tags.map(tag => tag.name).filter(name => passesFilter(filter, name)));
	if (!list.complete) return partial(list, highest, 'the highest version', 'for semver sorting');
	if (highest !== undefined) return chosen({name: highest});
	return isFiltered(filter) ? noneLetThrough(list, filter, 'no tag') : noTags();
}

/**
 * No tag read is one the filter lets through. That is the answer once every tag was read,
 * or as many as the page cap allows; a page that failed may be read next time.
 */
function noneLetThrough(list: TagList, filter: TagFilter, what: string): Choice<Version> {
	if (list.complete) return failure('tag not found', `${what} matches ${describeFilter(filter)}`);
	if (list.capped && !list.pageError) {
		return failure('tag not found', `${what} among ${cappedRead(list)} matches ${describeFilter(filter)}; ${cappedUnread(list)}`);
	}
	return partial(list, undefined, `a tag matching ${describeFilter(filter)}`, `to find a tag matching ${describeFilter(filter)}`);
}

/**
 * An answer from some of the tags. Past the page cap the newest tags must do, and the
 * badge says so; a page that failed may be read next time, so the last good value is kept.
 */
function partial(list: TagList, name: string | undefined, what: string, purpose: string): Choice<Version> {
	if (list.capped && !list.pageError && name !== undefined) {
		return chosen({name, note: `${what} among ${cappedRead(list)}; ${cappedUnread(list)}`});
	}
	const why = list.pageError ? `: ${list.pageError.message}` : '';
	return {
		ok: false,
		problem: 'inaccessible',
		detail: `only ${tagsRead(list)} could be read ${purpose}${why}`,
		transient: true,
		cause: list.pageError?.failure,
	};
}

/** The tags a capped list holds: the newest, unless the registry lists them in an order of its own. */
function cappedRead(list: TagList): string {
	return list.order === 'registry' ? `the first ${tagsRead(list)} the registry lists` : `the newest ${tagsRead(list)}`;
}

function cappedUnread(list: TagList): string {
	return list.order === 'registry' ? 'the rest are not read' : 'older tags are not read';
}

/** `5000 of 5100 tags`, or `5000 tags` from a registry that gives no total. */
function tagsRead(list: TagList): string {
	return list.count === undefined ? `${list.tags.length} tags` : `${list.tags.length} of ${list.count} tags`;
}

/**
 * shields.io's `latest()`: prefer names that look like versions ("1.2", then
 * anything with a digit), skip pre-releases unless nothing else is left, and
 * fall back to the alphabetically last name when no name has a digit.
 */
export function highestVersion(names: readonly string[]): string | undefined {
	// `\d+\.\d+` and `\d+-\w+` take time quadratic in a run of digits without the dot or
	// dash: a megabyte-long crafted tag name kept a build busy for hours. Docker's own
	// limit of 128 characters bounds them; the fetch layer already dropped longer names.
	const valid = names.filter(name => name.length <= maxTagLength);
	const dotted = valid.filter(name => /\d+\.\d+/.test(name));
	const versions = dotted.length > 0 ? dotted : valid.filter(name => /\d/.test(name));
	// Docker tags like 3.19-alpine count as pre-releases here, exactly as in shields.
	const releases = versions.filter(name => !/\d+-\w+/.test(name));
	return highestOf(releases) ?? highestOf(versions) ?? alphabeticallyLast(valid);
}

function highestOf(versions: readonly string[]): string | undefined {
	const [first] = versions;
	if (first === undefined) return undefined;
	// shields sorts with semver and, as soon as one name fails to parse,
	// compares the whole list as dotted numbers instead: "3.9" is not semver.
	if (versions.every(name => semver.valid(name.toLowerCase(), {loose: true}))) {
		// Lower-cased, or "RC" would sort before "alpha"; later names win ties as in a stable sort.
		return versions.reduce((best, name) =>
			semver.compareBuild(name.toLowerCase(), best.toLowerCase(), {loose: true}) >= 0 ? name : best,
		);
	}
	return versions.reduce((best, name) => (compareDotted(best, name) < 0 ? name : best), first);
}

const dottedNumbers = /([0-9.]+)(.*)$/;

/** shields.io's compareDottedVersion(): the first run of digits and dots numerically, then the rest as text. */
function compareDotted(a: string, b: string): number {
	const partsA = dottedNumbers.exec(a);
	const partsB = dottedNumbers.exec(b);
	if (!partsA || !partsB) return compareText(a, b);
	const [, numbersA = '', restA = ''] = partsA;
	const [, numbersB = '', restB = ''] = partsB;
	return compareNumberLists(numbersA.split('.').map(Number), numbersB.split('.').map(Number)) || compareText(restA, restB);
}

/** Like shields, a shorter list that matches the other's start sorts first: 3.9 < 3.9.5. */
function compareNumberLists(a: readonly number[], b: readonly number[]): number {
	for (const [index, numberA] of a.entries()) {
		const numberB = b[index];
		if (numberB === undefined || numberA === numberB) continue;
		return numberA < numberB ? -1 : 1;
	}
	return a.length - b.length;
}

function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

function alphabeticallyLast(names: readonly string[]): string | undefined {
	const [first] = names;
	if (first === undefined) return undefined;
	return names.reduce((best, name) => (name.toLowerCase().localeCompare(best.toLowerCase(), 'en-US') >= 0 ? name : best), first);
}
