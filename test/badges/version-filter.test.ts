import {describe, expect, it} from 'vitest';
import {globProblem, passesFilter, type TagFilter} from '../../src/badges/tag-filter.ts';
import type {BadgeOptions} from '../../src/badges/types.ts';
import type {Tag} from '../../src/fetchers/schemas.ts';
import {version} from '../../src/badges/version.ts';
import {failed, imageData, pushedAs, shown, tag, tagList, withTags} from './factories.ts';

const context = {now: new Date('2024-06-01T00:00:00Z')};
const a = pushedAs('a');
const b = pushedAs('b');

describe('passesFilter', () => {
	it.each([
		['no filter lets every name through', {}, 'anything', true],
		['include: a match', {include: ['v*']}, 'v1.2', true],
		['include: no match', {include: ['v*']}, '1.2', false],
		['include: any of several', {include: ['v*', '[0-9]*']}, '1.2', true],
		['exclude: a match', {exclude: ['sha-*']}, 'sha-abc1234', false],
		['exclude wins over include', {include: ['*'], exclude: ['*-rc*']}, '2.0.0-rc1', false],
		['* spans dots', {include: ['1.*']}, '1.2.3', true],
		['? is one character', {include: ['1.?']}, '1.10', false],
		['a class', {include: ['[0-9]*']}, 'devel', false],
		['a negated class', {include: ['[^a-z]*']}, '24.04', true],
		['the whole name, not a part of it', {exclude: ['rc']}, '2.0-rc', true],
		['case matters, as in tag names', {exclude: ['RC*']}, 'rc1', true],
		['a star may match nothing', {include: ['v*']}, 'v', true],
		['stars after a failed try take more', {include: ['*-rc*-*']}, '1-rc-rc2-x', true],
		['a star backs off to let the rest match', {include: ['*.*.1']}, '1.2.1.1', true],
		['? needs a character', {include: ['v?']}, 'v', false],
		['a class with several ranges', {include: ['[a-cX0-9]']}, 'X', true],
		['a dash last in a class is itself', {include: ['1[.-]2']}, '1-2', true],
		['a negated class refuses its members', {include: ['[^0-9]*']}, '1.0', false],
	])('%s', (_case, filter, name, expected) => {
		expect(passesFilter(filter, name)).toBe(expected);
	});
});

describe('passesFilter on globs that make a backtracking regex take exponential time', () => {
	const names = Array.from({length: 200}, (_, index) => 'a'.repeat(127) + (index % 2 === 0 ? 'c' : 'b'));
	// Each is a valid glob (128 characters at most).
	const stars = ['?*'.repeat(60) + 'x', '*a*a*a*a*a*b', '*a'.repeat(60) + '*b', '*' + '?'.repeat(125) + '*c'];

	it('are globs badges.yml accepts', () => {
		expect(stars.map(globProblem)).toEqual(stars.map(() => undefined));
	});

	// Under the backtracking regex picomatch made, one name alone took from a minute to forever (and,
	// being synchronous, no test timeout could stop it); matched by hand they finish at once.
	it.each([
		['?*?*…x, no match', {include: [stars[0]!]}, 0],
		['*a*a*a*a*a*b, half match', {include: [stars[1]!]}, 100],
		['*a*a… 60 stars then b, half match', {include: [stars[2]!]}, 100],
		['*??…?*c, half match', {include: [stars[3]!]}, 100],
		['all four as exclude', {exclude: stars}, 0],
	] satisfies Array<[string, TagFilter, number]>)('%s', (_case, filter, passing) => {
		expect(names.filter(name => passesFilter(filter, name))).toHaveLength(passing);
	});
});

describe('globProblem', () => {
	it.each([
		['sha-*', undefined],
		['*-rc*', undefined],
		['v[0-9]*.[0-9]*', undefined],
		['[^a-z]*', undefined],
		['', 'must be 1 to 128 characters'],
		['x'.repeat(129), 'must be 1 to 128 characters'],
		['{alpha,beta}*', 'braces are not supported; list each alternative as a glob of its own'],
		['!sha-*', 'negation is not supported; put the glob under exclude (or use a class such as [^a-z])'],
		['[!a]*', 'negation is not supported; put the glob under exclude (or use a class such as [^a-z])'],
		['v/*', expect.stringContaining('is not a glob over tag names')],
		['a b', expect.stringContaining('is not a glob over tag names')],
		['[v*', expect.stringContaining('is not a glob over tag names')],
		['+(a|b)', expect.stringContaining('is not a glob over tag names')],
		['a\\*', expect.stringContaining('is not a glob over tag names')],
		['[z-a]*', 'range z-a is reversed and would match nothing; write it low to high (a-z)'],
		['v[0-9][9-0]', 'range 9-0 is reversed and would match nothing; write it low to high (0-9)'],
		['[a-a]', undefined],
	])('%j → %s', (glob, expected) => {
		expect(globProblem(glob)).toEqual(expected);
	});
});

describe('version with include and exclude, before the date, semver and digest rules', () => {
	it.each([
		['ubuntu: a codename newest, left out', [tag('devel'), tag('24.10'), tag('24.04')], {exclude: ['devel']}, 'v24.10'],
		['GHCR: sha- tags newest, left out', [tag('sha-3f2a9c1', {images: a}), tag('v1.2.3', {images: a}), tag('sha-0b1c2d3', {images: b})], {exclude: ['sha-*']}, 'v1.2.3'],
		['include: the newest matching tag, newer ones not matching', [tag('latest', {images: a}), tag('nightly', {images: b}), tag('v1.4', {images: b})], {include: ['v*']}, 'v1.4'],
		[
			'latest newest: its most dotted sibling among those let through',
			[tag('latest', {images: a}), tag('1.2.3-rc1', {images: a}), tag('1.2', {images: a}), tag('1.1', {images: b})],
			{exclude: ['*-rc*']},
			'v1.2',
		],
		['latest left out: the newest of the rest, not its siblings', [tag('latest', {images: a}), tag('1.2', {images: b}), tag('1.2.3', {images: a})], {exclude: ['latest']}, 'v1.2'],
		['nothing matches, every tag read', [tag('latest'), tag('1.0')], {include: ['v*']}, 'tag not found'],
		['semver: only the tags let through', [tag('2.0.0'), tag('1.9.0'), tag('1.10.0')], {sort: 'semver', include: ['1.*']}, 'v1.10.0'],
		['semver: pre-releases left out by name', [tag('2.0.0-beta'), tag('1.9.0-alpha')], {sort: 'semver', exclude: ['*-beta']}, 'v1.9.0-alpha'],
		['semver: nothing matches', [tag('2.0.0')], {sort: 'semver', include: ['3.*']}, 'tag not found'],
		['a named tag: the sibling shown is one let through', [tag('3', {images: a}), tag('3.21.2', {images: a}), tag('3.21.2-debug', {images: a})], {tag: '3', exclude: ['*-debug']}, 'v3.21.2'],
		['a named tag not let through itself, with a sibling that is', [tag('latest', {images: a}), tag('v2.1', {images: a})], {tag: 'latest', include: ['v*']}, 'v2.1'],
		['a named tag not let through itself, alone', [tag('latest', {images: a}), tag('v2.1', {images: b})], {tag: 'latest', include: ['v*']}, 'tag not found'],
		['a named tag without images, not let through', [tag('legacy', {images: []})], {tag: 'legacy', include: ['v*']}, 'tag not found'],
	] satisfies Array<[string, Tag[], BadgeOptions, string]>)('%s', (_case, tags, options, expected) => {
		expect(shown(version(withTags(tags), options, context))).toBe(expected);
	});

	it('says which filter nothing matched', () => {
		expect(version(withTags([tag('1.0')]), {include: ['v*'], exclude: ['v0*']}, context)).toEqual({
			ok: false,
			problem: 'tag not found',
			detail: 'no tag matches include ["v*"], exclude ["v0*"]',
			transient: false,
		});
	});

	it('says so when the page cap stopped the search for a match', () => {
		const data = imageData({tags: tagList([tag('sha-1'), tag('sha-2')], {complete: false, capped: true, count: 9000})});
		expect(version(data, {exclude: ['sha-*']}, context)).toEqual({
			ok: false,
			problem: 'tag not found',
			detail: 'no tag among the newest 2 of 9000 tags matches exclude ["sha-*"]; older tags are not read',
			transient: false,
		});
	});

	it('shows the newest match found within the cap without a note: newer tags were all read', () => {
		const data = imageData({tags: tagList([tag('sha-1'), tag('1.0')], {complete: false, capped: true, count: 9000})});
		expect(version(data, {exclude: ['sha-*']}, context)).toEqual({ok: true, message: 'v1.0', color: 'blue'});
	});

	it('keeps the last value when a later page failed before a match was found', () => {
		const pageError = failed('unavailable', 503).error;
		const data = imageData({tags: tagList([tag('sha-1')], {complete: false, count: 300, pageError})});
		expect(version(data, {exclude: ['sha-*']}, context)).toMatchObject({ok: false, problem: 'inaccessible', transient: true});
	});
});
