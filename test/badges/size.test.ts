import {describe, expect, it} from 'vitest';
import {size} from '../../src/badges/size.ts';
import type {BadgeOptions} from '../../src/badges/types.ts';
import {failed, image, imageData, lookups, shown, tag, withTags} from './factories.ts';

const context = {now: new Date('2024-06-01T00:00:00Z')};

const multiArch = [
	image('amd64', {size: 70_045_000}),
	image('arm/v6', {size: 1024}),
	image('arm/v7', {size: 2048}),
	image('arm64/v8', {size: 3 * 1024 ** 3}),
];

describe('size', () => {
	it.each([
		['latest by default, even when another tag is newer', [tag('1.0', {images: [image('amd64', {size: 5})]}), tag('latest', {images: multiArch})], {}, '66.8 MiB'],
		['the newest tag when there is no latest', [tag('2.0', {images: [image('amd64', {size: 5})]}), tag('1.0', {images: multiArch})], {}, '5 B'],
		['the tag option', [tag('latest', {images: multiArch}), tag('1.0', {images: [image('amd64', {size: 1024})]})], {tag: '1.0'}, '1 KiB'],
		['the arch option', [tag('latest', {images: multiArch})], {arch: 'arm64'}, '3 GiB'],
		['the first image of the arch when no variant is given', [tag('latest', {images: multiArch})], {arch: 'arm'}, '1 KiB'],
		['the variant option', [tag('latest', {images: multiArch})], {arch: 'arm', variant: 'v7'}, '2 KiB'],
		['architecture not found for a missing arch', [tag('latest', {images: multiArch})], {arch: 's390x'}, 'architecture not found'],
		['architecture not found for a missing variant', [tag('latest', {images: multiArch})], {arch: 'arm64', variant: 'v9'}, 'architecture not found'],
		['full_size only stands in when the tag lists no images', [tag('latest', {images: multiArch, full_size: 9})], {arch: 's390x'}, 'architecture not found'],
		['full_size of a tag without images', [tag('latest', {images: [], full_size: 2048})], {}, '2 KiB'],
		['architecture not found for a tag without images or full_size', [tag('latest', {images: []})], {}, 'architecture not found'],
		['inaccessible when Docker Hub gave the image no size', [tag('latest', {images: [image('amd64', {size: null})]})], {}, 'inaccessible'],
		['tag not found without tags', [], {}, 'tag not found'],
		['tag not found for an unknown tag', [tag('latest', {images: multiArch})], {tag: 'nope'}, 'tag not found'],
		// shields.io shows full_size without arch: the amd64 image's size where there is one (Docker Hub's own choice).
		['without amd64, the tag’s only image', [tag('latest', {images: [image('arm64', {size: 2048})], full_size: 0})], {}, '2 KiB'],
		['without amd64, arm64 among several', [tag('latest', {images: [image('arm/v7', {size: 1024}), image('arm64', {size: 3072})]})], {}, '3 KiB'],
		['without amd64 or arm64, the first platform in sorted order', [tag('latest', {images: [image('s390x', {size: 1024}), image('ppc64le', {size: 5120})]})], {}, '5 KiB'],
		['an explicit arch that is missing stays missing', [tag('latest', {images: [image('arm64', {size: 2048})]})], {arch: 'amd64'}, 'architecture not found'],
		['a tag of attestations only has no size', [tag('latest', {images: [image('unknown', {os: 'unknown'})]})], {}, 'architecture not found'],
		// Old multi-arch tags carry full_size 0: unknown, never "0 B".
		['the image’s size, not a zero full_size', [tag('latest', {images: multiArch, full_size: 0})], {}, '66.8 MiB'],
		['a zero full_size of a tag without images is no size', [tag('latest', {images: [], full_size: 0})], {}, 'architecture not found'],
		['a zero image size is no size', [tag('latest', {images: [image('amd64', {size: 0})]})], {}, 'inaccessible'],
	])('%s', (_case, tags, options: BadgeOptions, expected) => {
		expect(shown(size(withTags(tags), options, context))).toBe(expected);
	});

	it.each([
		[1, '1 B'],
		[1023, '1,023 B'],
		[1024, '1 KiB'],
		[70_045_000, '66.8 MiB'],
	])('formats %d bytes as %s in blue', (bytes, message) => {
		const data = withTags([tag('latest', {images: [image('amd64', {size: bytes})]})]);
		expect(size(data, {}, context)).toEqual({ok: true, message, color: 'blue'});
	});

	it('explains a missing platform in the detail', () => {
		const data = withTags([tag('latest', {images: multiArch})]);
		expect(size(data, {arch: 'arm64', variant: 'v9'}, context)).toEqual({
			ok: false,
			problem: 'architecture not found',
			detail: 'no image for arm64/v9 in tag "latest"',
			transient: false,
		});
	});

	it.each([
		['a null lookup', imageData({lookups: lookups({'1.2': {ok: true, value: null}})}), 'tag not found'],
		['a tag list 404', imageData({tags: failed('not-found', 404)}), 'repo not found'],
		['a tag list 503', imageData({tags: failed('unavailable', 503)}), 'inaccessible'],
	])('shows %s as %s', (_case, data, expected) => {
		expect(shown(size(data, {tag: '1.2'}, context))).toBe(expected);
	});
});

describe('size while a multi-arch push is under way', () => {
	const now = new Date('2024-06-01T12:00:00Z');
	const complete = tag('1.0', {last_updated: '2024-05-20T00:00:00Z', images: multiArch});

	it.each([
		['an explicit arch missing from a tag pushed minutes ago, which older tags have: transient', '2024-06-01T11:50:00Z', {arch: 'amd64'}, true],
		['the same a day later: the answer', '2024-05-31T11:50:00Z', {arch: 'amd64'}, false],
		['a platform no tag has: the answer', '2024-06-01T11:50:00Z', {arch: 's390x'}, false],
	])('%s', (_case, pushedAt, options: BadgeOptions, transient) => {
		const pushing = tag('2.0', {last_updated: pushedAt, images: [image('arm64', {size: 1024})]});
		expect(size(withTags([pushing, complete]), options, {now})).toMatchObject({ok: false, problem: 'architecture not found', transient});
	});

	it('shows the default size from the platforms already pushed', () => {
		const pushing = tag('2.0', {last_updated: '2024-06-01T11:50:00Z', images: [image('arm64', {size: 1024})]});
		expect(shown(size(withTags([pushing, complete]), {}, {now}))).toBe('1 KiB');
	});
});
