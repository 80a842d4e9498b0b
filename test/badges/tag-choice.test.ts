import {describe, expect, it} from 'vitest';
import {defaultImage, defaultTag, imageFor, missingPlatform, mostDottedSharingDigest, namedTag, newestTag, siblingSearchOpen} from '../../src/badges/tag-choice.ts';
import type {Choice} from '../../src/badges/tag-choice.ts';
import type {Tag} from '../../src/fetchers/schemas.ts';
import {failed, image, imageData, lookups, pushedAs, tag, tagList, withTags} from './factories.ts';

function nameOf(choice: Choice<Tag>): string {
	return choice.ok ? choice.value.name : choice.problem;
}

const listed = [tag('1.2.3'), tag('latest'), tag('1.2')];
const found = tag('0.9', {last_updated: '2020-01-01T00:00:00Z'});

describe('namedTag', () => {
	it.each([
		['a listed tag', withTags(listed), '1.2', '1.2'],
		['a listed tag even when a lookup disagrees', withTags(listed, {lookups: lookups({'1.2': {ok: true, value: null}})}), '1.2', '1.2'],
		['a looked-up tag', withTags(listed, {lookups: lookups({'0.9': {ok: true, value: found}})}), '0.9', '0.9'],
		['a lookup Docker Hub answered with null', withTags(listed, {lookups: lookups({'0.9': {ok: true, value: null}})}), '0.9', 'tag not found'],
		['a lookup that failed with 404', withTags(listed, {lookups: lookups({'0.9': failed('not-found', 404)})}), '0.9', 'tag not found'],
		['a lookup that failed with 503', withTags(listed, {lookups: lookups({'0.9': failed('unavailable', 503)})}), '0.9', 'inaccessible'],
		['an unlisted tag when every page was read', withTags(listed), '0.9', 'tag not found'],
		['an unlisted, unfetched tag while pages are missing', imageData({tags: tagList(listed, {complete: false, count: 250})}), '0.9', 'inaccessible'],
		['any tag when the tag list is a 404', imageData({tags: failed('not-found', 404)}), '1.2', 'repo not found'],
		['any tag when the tag list failed with 503', imageData({tags: failed('unavailable', 503)}), '1.2', 'inaccessible'],
		['any tag of a repository without tags', withTags([]), 'latest', 'tag not found'],
	])('%s', (_case, data, name, expected) => {
		expect(nameOf(namedTag(data, name))).toBe(expected);
	});

	it('says in the detail which tag is missing or was never fetched', () => {
		expect(namedTag(withTags(listed), '0.9')).toEqual({ok: false, problem: 'tag not found', detail: 'tag "0.9" not found', transient: false});
		const incomplete = imageData({tags: tagList(listed, {complete: false, count: 250})});
		expect(namedTag(incomplete, '0.9')).toMatchObject({detail: expect.stringMatching(/tag "0\.9" was not fetched/)});
	});

	it.each([
		['a lookup that failed with 503 may pass', failed('unavailable', 503), true],
		['a lookup refused with 403 will not', failed('forbidden', 403), false],
		['a lookup 404 is definite', failed('not-found', 404), false],
	])('%s', (_case, lookup, transient) => {
		expect(namedTag(withTags(listed, {lookups: lookups({'0.9': lookup})}), '0.9')).toMatchObject({ok: false, transient});
	});

	it('does not call the never-fetched bug transient: the next build would repeat it', () => {
		const incomplete = imageData({tags: tagList(listed, {complete: false, count: 250})});
		expect(namedTag(incomplete, '0.9')).toMatchObject({ok: false, problem: 'inaccessible', transient: false});
	});
});

describe('defaultTag', () => {
	it.each([
		['latest when it is listed, even if not the newest', withTags(listed), 'latest'],
		['the newest when there is no latest', withTags([tag('2.0'), tag('1.0')]), '2.0'],
		['latest found by a lookup', withTags([tag('2.0')], {lookups: lookups({latest: {ok: true, value: tag('latest')}})}), 'latest'],
		['the newest when the latest lookup is null', withTags([tag('2.0')], {lookups: lookups({latest: {ok: true, value: null}})}), '2.0'],
		['the newest when the latest lookup is a 404', withTags([tag('2.0')], {lookups: lookups({latest: failed('not-found', 404)})}), '2.0'],
		['inaccessible when the latest lookup failed otherwise', withTags([tag('2.0')], {lookups: lookups({latest: failed('unavailable', 503)})}), 'inaccessible'],
		['the newest when latest was neither listed nor looked up', imageData({tags: tagList([tag('2.0')], {complete: false, count: 250})}), '2.0'],
		['tag not found without tags', withTags([]), 'tag not found'],
		['the tag list failure', imageData({tags: failed('not-found', 404)}), 'repo not found'],
	])('%s', (_case, data, expected) => {
		expect(nameOf(defaultTag(data))).toBe(expected);
	});
});

describe('newestTag', () => {
	it.each([
		['the first listed tag', withTags([tag('latest'), tag('1.0')]), 'latest'],
		['tag not found without tags', withTags([]), 'tag not found'],
		['the tag list failure', imageData({tags: failed('rate-limited', 429)}), 'inaccessible'],
	])('%s', (_case, data, expected) => {
		expect(nameOf(newestTag(data))).toBe(expected);
	});
});

describe('imageFor', () => {
	const multi = tag('latest', {images: [image('arm/v6'), image('arm/v7'), image('arm64/v8'), image('amd64')]});

	it.each([
		['amd64', undefined, 'amd64'],
		['arm', undefined, 'arm/v6'],
		['arm', 'v7', 'arm/v7'],
		['arm64', 'v8', 'arm64/v8'],
		['arm64', 'v7', undefined],
		['s390x', undefined, undefined],
	])('%s variant %s → %s', (arch, variant, expected) => {
		const found = imageFor(multi, arch, variant);
		expect(found && `${found.architecture}${found.variant ? `/${found.variant}` : ''}`).toBe(expected);
	});
});

describe('mostDottedSharingDigest', () => {
	const shared = [image('amd64', {digest: 'sha256:a'})];
	const other = [image('amd64', {digest: 'sha256:b'})];

	it.each([
		['the most dots wins', [tag('1', {images: shared}), tag('1.2.3', {images: shared}), tag('1.2', {images: shared})], '1.2.3'],
		['a later tag wins a tie', [tag('1.2', {images: shared}), tag('stable', {images: shared}), tag('3.4', {images: shared})], '3.4'],
		['tags with another digest are ignored', [tag('1.2', {images: shared}), tag('9.9.9', {images: other})], '1.2'],
		['latest loses to any other tag, even a later tie', [tag('stable', {images: shared}), tag('latest', {images: shared})], 'stable'],
		['latest stands when it is alone', [tag('latest', {images: shared}), tag('1.2.3', {images: other})], 'latest'],
		['any image of the tag may hold the digest', [tag('1.2', {images: [...other, ...shared]})], '1.2'],
		['none when no tag holds it', [tag('1.2', {images: other})], undefined],
	])('%s', (_case, tags, expected) => {
		expect(mostDottedSharingDigest(tags, ['sha256:a'])).toBe(expected);
	});
});

describe('siblingSearchOpen: whether later pages could change a version matched by digest', () => {
	const a = pushedAs('a', ['amd64', 'arm64']);
	const b = pushedAs('b', ['amd64']);
	const filler = (n: number) => Array.from({length: n}, (_, index) => tag(`build-${index}`, {images: pushedAs(`f${index}`)}));
	const latest = {tag: undefined, arch: 'amd64'};

	it.each([
		['latest newest, its siblings read and a tag of another image after them', [tag('latest', {images: a}), tag('3.21.2', {images: a}), tag('3.21', {images: a}), tag('3.20', {images: b})], latest, false],
		['latest newest with no sibling read: a re-pushed latest may share with old tags', [tag('latest', {images: a}), ...filler(3)], latest, true],
		['latest newest whose siblings reach the last tag read: the group may go on', [tag('latest', {images: a}), tag('3', {images: a}), tag('3.21', {images: a})], latest, true],
		['the newest is not latest: it shows itself', [tag('3.21.2', {images: a}), tag('latest', {images: a})], latest, false],
		['no tags at all', [], latest, false],
		['latest newest without the arch: the badge says so whatever else is read', [tag('latest', {images: b}), ...filler(2)], {tag: undefined, arch: 'arm64'}, false],
		['latest newest without a digest for the arch', [tag('latest', {images: [image('amd64', {digest: null})]}), ...filler(2)], latest, false],
		['a named tag not read yet', filler(3), {tag: '3.6', arch: 'amd64'}, true],
		['a named tag with a sibling read and the group closed', [tag('3.6.5', {images: a}), tag('3.6', {images: a}), tag('3.5', {images: b})], {tag: '3.6', arch: 'amd64'}, false],
		['a named tag alone: a more dotted tag may be older', [tag('3.6', {images: a}), ...filler(2)], {tag: '3.6', arch: 'amd64'}, true],
		['a named tag whose only sibling is latest', [tag('latest', {images: a}), tag('3.6', {images: a}), ...filler(1)], {tag: '3.6', arch: 'amd64'}, true],
		['a named tag without images shows itself', [tag('legacy', {images: []}), ...filler(1)], {tag: 'legacy', arch: 'amd64'}, false],
		['the arch decides which digest is followed', [tag('3.6', {images: a}), tag('3.6-arm', {images: [a[1]!]}), ...filler(1)], {tag: '3.6', arch: 'arm64'}, false],
		['a filter letting none of the tags read through: the newest it lets through may be later', filler(3), {...latest, include: ['v*']}, true],
		['a filter and no tags at all', [], {...latest, include: ['v*']}, true],
		['the newest tag a filter lets through is not latest: it shows itself', [tag('sha-1', {images: a}), tag('v1.2', {images: b}), ...filler(1)], {...latest, exclude: ['sha-*']}, false],
		['the newest let through is latest, its only sibling read is excluded', [tag('latest', {images: a}), tag('sha-1', {images: a}), tag('3.20', {images: b})], {...latest, exclude: ['sha-*']}, true],
		['the newest let through is latest, with a sibling let through', [tag('latest', {images: a}), tag('sha-1', {images: a}), tag('3.21', {images: a}), tag('3.20', {images: b})], {...latest, exclude: ['sha-*']}, false],
		['a named tag whose only sibling read is excluded', [tag('3.6', {images: a}), tag('3.6.5-rc1', {images: a}), tag('3.5', {images: b})], {tag: '3.6', arch: 'amd64', exclude: ['*-rc*']}, true],
	])('%s → %s', (_case, tags, target, open) => {
		expect(siblingSearchOpen(tags, target)).toBe(open);
	});
});

describe('defaultImage: what a size badge without arch measures', () => {
	const runnable = (...platforms: string[]) => tag('latest', {images: platforms.map(platform => image(platform))});

	it.each([
		['amd64 when there is one', runnable('arm64', 'amd64', 'arm/v7'), 'amd64'],
		['the only image', runnable('s390x'), 's390x'],
		['the only image, attestations aside', tag('x', {images: [image('riscv64'), image('unknown', {os: 'unknown'})]}), 'riscv64'],
		['else arm64', runnable('ppc64le', 'arm64/v8', 'arm/v7'), 'arm64'],
		['else the first platform in sorted order, whatever Docker Hub’s order', runnable('s390x', 'ppc64le', 'arm/v7'), 'arm'],
		['sorted with the os first', tag('x', {images: [image('s390x', {os: 'windows'}), image('ppc64le')]}), 'ppc64le'],
		['nothing among attestations only', tag('x', {images: [image('unknown', {os: 'unknown'})]}), undefined],
	])('%s', (_case, chosenTag, expected) => {
		expect(defaultImage(chosenTag)?.architecture).toBe(expected);
	});
});

describe('missingPlatform: architecture not found, unless a multi-arch push is under way', () => {
	const now = new Date('2024-06-01T12:00:00Z');
	const older = tag('1.0', {last_updated: '2024-05-01T00:00:00Z', images: pushedAs('old', ['amd64', 'arm64'])});
	const pushing = (last_updated: string, images = pushedAs('new', ['arm64'])) => tag('latest', {last_updated, images});

	it.each([
		['pushed 30 min ago, an older tag has amd64: under way', pushing('2024-06-01T11:30:00.123456789Z'), [older], 'amd64', true],
		['pushed 23 h ago: still under way', pushing('2024-05-31T13:00:00Z'), [older], 'amd64', true],
		['pushed a day ago: the platform was dropped', pushing('2024-05-31T12:00:00Z'), [older], 'amd64', false],
		['no other tag has the platform: the repository does not build it', pushing('2024-06-01T11:30:00Z'), [older], 's390x', false],
		['the tag has no runnable image yet: nothing to tell it from a broken push', pushing('2024-06-01T11:30:00Z', [image('unknown', {os: 'unknown'})]), [older], 'amd64', false],
		['an unreadable push time', pushing('yesterday'), [older], 'amd64', false],
	])('%s', (_case, chosenTag, others, arch, transient) => {
		const list = tagList([chosenTag, ...others]);
		expect(list.ok && missingPlatform(chosenTag, list.value, arch, undefined, now)).toMatchObject({ok: false, problem: 'architecture not found', transient});
	});

	it('says why it waits', () => {
		const list = tagList([pushing('2024-06-01T11:30:00Z'), older]);
		expect(list.ok && missingPlatform(list.value.tags[0]!, list.value, 'amd64', undefined, now).detail).toBe(
			'no image for amd64 in tag "latest", pushed 30 min ago while other tags have one: a multi-arch push looks under way',
		);
	});
});
