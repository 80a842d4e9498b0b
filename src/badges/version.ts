import semver from 'semver';
import type {Tag} from '../fetchers/schemas.ts';
import {failure} from './problem.ts';
import {chosen, mostDottedSharingDigest, namedTag, noTags, tagListOf, type Choice} from './tag-choice.ts';
import type {BadgeContext, BadgeOptions, BadgeResult, ImageData, TagList} from './types.ts';
import {versionColor, versionMessage} from './version-text.ts';

export const versionLabel = 'version';

export function version(data: ImageData, options: BadgeOptions, _context: BadgeContext): BadgeResult {
	const list = tagListOf(data);
	if (!list.ok) return list;
	const arch = options.arch ?? 'amd64';
	const name = options.tag
		? versionOfTag(data, list.value, options.tag, arch)
		: options.sort === 'semver'
			? highestVersionOf(list.value)
			: newestVersionOf(list.value, arch);
	if (!name.ok) return name;
	return {ok: true, message: versionMessage(name.value), color: versionColor(name.value)};
}

/** The most recently pushed tag; when that is `latest`, the versioned tag pushed as the same image. */
function newestVersionOf(list: TagList, arch: string): Choice<string> {
	const [newest] = list.tags;
	if (!newest) return noTags();
	return newest.name === 'latest' ? sameImageAs(newest, list.tags, arch) : chosen(newest.name);
}

/** The versioned tag pushed as the same image as the named one, so `alpine:3` shows as 3.21.2. */
function versionOfTag(data: ImageData, list: TagList, name: string, arch: string): Choice<string> {
	const tag = namedTag(data, name);
	if (!tag.ok) return tag;
	// Single-platform pushes from before manifest lists have no images to match by.
	if (tag.value.images.length === 0) return chosen(tag.value.name);
	return sameImageAs(tag.value, list.tags, arch);
}

function sameImageAs(tag: Tag, listed: readonly Tag[], arch: string): Choice<string> {
	const image = tag.images.find(candidate => candidate.architecture === arch);
	if (!image) return failure('architecture not found', `no ${arch} image in tag "${tag.name}"`);
	const match = image.digest ? mostDottedSharingDigest(listed, image.digest) : undefined;
	return chosen(match ?? tag.name);
}

function highestVersionOf(list: TagList): Choice<string> {
	// Missing pages could hold the highest version; the fetch layer reads them all for semver,
	// except past the paging limit of anonymous builds, where the newest 1,000 tags must do.
	// Either way the next build may well read them all, so the last good version is kept.
	if (!list.complete && !list.capped) {
		const why = list.pageError ? `: ${list.pageError.message}` : '';
		return {
			ok: false,
			problem: 'inaccessible',
			detail: `only ${list.tags.length} of ${list.count} tags could be read for semver sorting${why}`,
			transient: true,
			cause: list.pageError?.failure,
		};
	}
	const highest = highestVersion(list.tags.map(tag => tag.name));
	return highest === undefined ? noTags() : chosen(highest);
}

/**
 * shields.io's `latest()`: prefer names that look like versions ("1.2", then
 * anything with a digit), skip pre-releases unless nothing else is left, and
 * fall back to the alphabetically last name when no name has a digit.
 */
function highestVersion(names: readonly string[]): string | undefined {
	const dotted = names.filter(name => /\d+\.\d+/.test(name));
	const versions = dotted.length > 0 ? dotted : names.filter(name => /\d/.test(name));
	// Docker tags like 3.19-alpine count as pre-releases here, exactly as in shields.
	const releases = versions.filter(name => !/\d+-\w+/.test(name));
	return highestOf(releases) ?? highestOf(versions) ?? alphabeticallyLast(names);
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
