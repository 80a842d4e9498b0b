import {describe, expect, it} from 'vitest';
import {version} from '../../src/badges/version.ts';
import type {BadgeOptions} from '../../src/badges/types.ts';
import {failed, image, imageData, lookups, pushedAs, shown, tag, tagList, withTags} from './factories.ts';

const context = {now: new Date('2024-06-01T00:00:00Z')};

/** Tags that are only names, for the semver rules that never look at images. */
function named(...names: string[]) {
	return withTags(names.map(name => tag(name)));
}

describe('version sorted by date (the default)', () => {
	it.each([
		['the newest tag when it is not latest', [tag('1.2.3'), tag('latest'), tag('2.0.0')], {}, 'v1.2.3'],
		[
			'for a newest latest, the most dotted tag pushed as the same image',
			[tag('latest', {images: pushedAs('a')}), tag('1', {images: pushedAs('a')}), tag('1.2.3', {images: pushedAs('a')}), tag('1.2', {images: pushedAs('a')}), tag('2.0.0.1', {images: pushedAs('b')})],
			{},
			'v1.2.3',
		],
		[
			'a later tag wins a tie in dots',
			[tag('latest', {images: pushedAs('a')}), tag('3.19.1', {images: pushedAs('a')}), tag('3.19.2', {images: pushedAs('a')})],
			{},
			'v3.19.2',
		],
		['latest when no other tag shares its image', [tag('latest', {images: pushedAs('a')}), tag('1.2.3', {images: pushedAs('b')})], {}, 'latest'],
		[
			'the digest of the amd64 image by default',
			[tag('latest', {images: pushedAs('a', ['amd64', 'arm64'])}), tag('1.0', {images: pushedAs('a', ['amd64'])}), tag('2.0', {images: pushedAs('a', ['arm64'])})],
			{},
			'v1.0',
		],
		[
			'the digest of the image for the arch option',
			[tag('latest', {images: pushedAs('a', ['amd64', 'arm64'])}), tag('1.0', {images: pushedAs('a', ['amd64'])}), tag('2.0', {images: pushedAs('a', ['arm64'])})],
			{arch: 'arm64'},
			'v2.0',
		],
		['architecture not found when latest has no image for the arch', [tag('latest', {images: pushedAs('a', ['amd64'])})], {arch: 'arm64'}, 'architecture not found'],
		['tag not found without tags', [], {}, 'tag not found'],
	])('%s', (_case, tags, options: BadgeOptions, expected) => {
		expect(shown(version(withTags(tags), options, context))).toBe(expected);
	});
});

describe('version sorted by semver', () => {
	const semver: BadgeOptions = {sort: 'semver'};

	it.each([
		['the highest by semver, not the newest or the last in text order', ['1.2.3', '1.10.0', '1.9.9'], 'v1.10.0'],
		['names with digit.digit over bare numbers', ['10', '1.2', 'latest'], 'v1.2'],
		['bare numbers when no name has digit.digit', ['9', '10', 'latest'], 'v10'],
		['the alphabetically last name, ignoring case, when no name has a digit', ['edge', 'Stable', 'latest'], 'Stable'],
		['releases over pre-releases', ['2.0.0-rc1', '1.9.0'], 'v1.9.0'],
		['a -suffix counts as pre-release, as in shields', ['3.20-alpine', '3.19'], 'v3.19'],
		['pre-releases when there is nothing else', ['2.0.0-beta', '2.0.0-rc1', '1.0.0-alpha'], 'v2.0.0-rc1'],
		['pre-releases compared lower-cased, so RC beats alpha', ['2.0.0-RC1', '2.0.0-alpha'], 'v2.0.0-RC1'],
		['semver pre-release numbers compare as numbers', ['1.0.0-rc.10', '1.0.0-rc.9'], 'v1.0.0-rc.10'],
		['build metadata breaks a tie', ['1.0.0+10', '1.0.0+2'], 'v1.0.0+10'],
		['loose semver reads 1.2.3beta as a pre-release of 1.2.3', ['1.2.3', '1.2.3beta'], 'v1.2.3'],
		['a v prefix still parses as semver', ['v1.10.0', 'v1.9.0-rc.1', 'v1.9.0'], 'v1.10.0'],
		['non-semver names compare as dotted numbers', ['3.9', '3.10', '3.9.5'], 'v3.10'],
		['a dotted number that extends another is higher', ['3.9', '3.9.5', '3.8.99'], 'v3.9.5'],
		['dotted numbers then compare the text after them', ['1.2a', '1.2b', '1.1z'], 'v1.2b'],
		// One name that is not semver sends the whole list to the dotted compare, where "+9" > "+10" as text.
		['one non-semver name makes shields compare every name as dotted', ['1.0.0+10', '1.0.0+9', '1.0'], 'v1.0.0+9'],
	])('%s', (_case, names, expected) => {
		expect(shown(version(named(...names), semver, context))).toBe(expected);
	});

	it('is inaccessible rather than wrong when not every page was fetched, and keeps the last value', () => {
		const data = imageData({tags: tagList([tag('1.0')], {complete: false, count: 300})});
		expect(version(data, semver, context)).toMatchObject({ok: false, problem: 'inaccessible', transient: true});
	});

	it('says which later page failed', () => {
		const pageError = failed('not-found', 404).error;
		const data = imageData({tags: tagList([tag('1.0')], {complete: false, count: 300, pageError})});
		expect(version(data, semver, context)).toMatchObject({ok: false, problem: 'inaccessible', transient: true, cause: 'not-found'});
	});

	it('is inaccessible when no tags were fetched for it, which only a bug in the plan could cause', () => {
		expect(version({repository: imageData().repository, lookups: new Map()}, semver, context)).toMatchObject({ok: false, problem: 'inaccessible', transient: false});
	});

	it('sorts the tags it has when the build stopped at the page cap, and says so in a note', () => {
		const data = imageData({tags: tagList([tag('1.0'), tag('1.1')], {complete: false, capped: true, count: 2_000_000})});
		expect(version(data, semver, context)).toEqual({
			ok: true,
			message: 'v1.1',
			color: 'blue',
			note: 'the highest version among the newest 2 of 2000000 tags; older tags are not read',
		});
	});

	it('has no note when every tag was read', () => {
		expect(version(named('1.0', '1.1'), semver, context)).toEqual({ok: true, message: 'v1.1', color: 'blue'});
	});

	it('keeps the last value when a page within the cap failed, even though the cap was reached', () => {
		const pageError = failed('unavailable', 503).error;
		const data = imageData({tags: tagList([tag('1.0')], {complete: false, capped: true, count: 2_000_000, pageError})});
		expect(version(data, semver, context)).toMatchObject({ok: false, problem: 'inaccessible', transient: true});
	});

	it('stays quick on a crafted name: the version regexes never see more than 128 characters', {timeout: 2000}, () => {
		// `\d+\.\d+` takes about 3 s over 60,000 digits, and four times that over twice as many.
		const crafted = '1'.repeat(60_000);
		const started = performance.now();
		expect(shown(version(named(crafted, `${crafted}-`, '1.0'), semver, context))).toBe('v1.0');
		expect(performance.now() - started).toBeLessThan(1000);
	});

	it('is tag not found without tags', () => {
		expect(shown(version(named(), semver, context))).toBe('tag not found');
	});
});

describe('version of a named tag', () => {
	const alpine = [
		tag('latest', {images: pushedAs('a', ['amd64', 'arm64'])}),
		tag('3', {images: pushedAs('a', ['amd64', 'arm64'])}),
		tag('3.21.2', {images: pushedAs('a', ['amd64', 'arm64'])}),
		tag('3.21', {images: pushedAs('a', ['amd64', 'arm64'])}),
		tag('3.20.1', {images: pushedAs('b', ['amd64'])}),
		tag('3.20', {images: [image('amd64', {digest: 'b-amd64'}), image('arm64', {digest: 'c-arm64'})]}),
		tag('legacy', {images: []}),
	];

	it.each([
		['the most dotted tag pushed as the same image', alpine, {}, {tag: '3'}, 'v3.21.2'],
		['the tag itself when it is the most dotted', alpine, {}, {tag: '3.20.1'}, 'v3.20.1'],
		['the image for the arch option decides', alpine, {}, {tag: '3.20', arch: 'arm64'}, 'v3.20'],
		['the amd64 image decides by default', alpine, {}, {tag: '3.20'}, 'v3.20.1'],
		['the tag name when the tag lists no images', alpine, {}, {tag: 'legacy'}, 'legacy'],
		['architecture not found when the tag has no image for the arch', alpine, {}, {tag: '3.20.1', arch: 'arm64'}, 'architecture not found'],
		['the tag wins over the sort option', alpine, {}, {tag: '3.20.1', sort: 'semver'}, 'v3.20.1'],
		[
			'a looked-up tag matched against the listed ones',
			alpine,
			{'3.21.2-r0': {ok: true, value: tag('3.21.2-r0', {images: pushedAs('a')})}},
			{tag: '3.21.2-r0'},
			'v3.21.2',
		],
		['a looked-up tag no listed tag shares', alpine, {'2.7': {ok: true, value: tag('2.7', {images: pushedAs('z')})}}, {tag: '2.7'}, 'v2.7'],
		['tag not found when the lookup found nothing', alpine, {'2.7': {ok: true, value: null}}, {tag: '2.7'}, 'tag not found'],
		['inaccessible when the lookup failed', alpine, {'2.7': failed('unavailable', 503)}, {tag: '2.7'}, 'inaccessible'],
	] as const)('%s', (_case, tags, found, options: BadgeOptions, expected) => {
		expect(shown(version(withTags([...tags], {lookups: lookups(found)}), options, context))).toBe(expected);
	});
});

describe('version siblings beyond the pages read', () => {
	const a = pushedAs('a');
	const filler = Array.from({length: 3}, (_, index) => tag(`build-${index}`, {images: pushedAs(`f${index}`)}));

	it('names the tag itself with a note when the page cap stopped the search', () => {
		const data = imageData({tags: tagList([tag('3.6', {images: a}), ...filler], {complete: false, capped: true, count: 9000})});
		expect(version(data, {tag: '3.6'}, context)).toEqual({
			ok: true,
			message: 'v3.6',
			color: 'blue',
			note: 'the most dotted tag sharing the image of "3.6" among the newest 4 of 9000 tags; older tags are not read',
		});
	});

	it('needs no note when the tags read answer it', () => {
		const data = imageData({tags: tagList([tag('3.6.5', {images: a}), tag('3.6', {images: a}), ...filler], {complete: false, capped: true, count: 9000})});
		expect(version(data, {tag: '3.6'}, context)).toEqual({ok: true, message: 'v3.6.5', color: 'blue'});
	});

	it('keeps the last value when a later page failed before the answer was found', () => {
		const pageError = failed('unavailable', 503).error;
		const data = imageData({tags: tagList([tag('latest', {images: a}), ...filler], {complete: false, count: 300, pageError})});
		expect(version(data, {}, context)).toMatchObject({ok: false, problem: 'inaccessible', transient: true, detail: expect.stringContaining('to find the tags sharing its image')});
	});

	it('keeps the last value while latest lacks the arch during a multi-arch push', () => {
		const pushing = tag('latest', {last_updated: '2024-05-31T23:30:00Z', images: pushedAs('new', ['arm64'])});
		const older = tag('1.0', {last_updated: '2024-05-01T00:00:00Z', images: pushedAs('old', ['amd64', 'arm64'])});
		expect(version(withTags([pushing, older]), {}, context)).toMatchObject({ok: false, problem: 'architecture not found', transient: true});
	});
});

describe('version badge', () => {
	it.each([
		['1.2.3', {ok: true, message: 'v1.2.3', color: 'blue'}],
		['0.9', {ok: true, message: 'v0.9', color: 'orange'}],
		['1.2.0-rc1', {ok: true, message: 'v1.2.0-rc1', color: 'orange'}],
		['2024-01-05', {ok: true, message: '2024-01-05', color: 'blue'}],
		['abc1234', {ok: true, message: 'abc1234', color: 'blue'}],
	])('shows %s with shields text and color', (name, expected) => {
		expect(version(named(name), {}, context)).toEqual(expected);
	});

	it('shows latest unprefixed when nothing else shares it', () => {
		expect(version(named('latest'), {}, context)).toEqual({ok: true, message: 'latest', color: 'blue'});
	});

	it.each([
		['not-found', 404, 'repo not found'],
		['unavailable', 503, 'inaccessible'],
	] as const)('a tag list that failed with %s (%s) → %s', (hubFailure, status, problem) => {
		expect(version(imageData({tags: failed(hubFailure, status)}), {}, context)).toMatchObject({ok: false, problem});
	});
});
