import {describe, expect, it} from 'vitest';
import {platforms} from '../../src/badges/platforms.ts';
import type {BadgeOptions} from '../../src/badges/types.ts';
import {failed, image, imageData, lookups, shown, tag, withTags} from './factories.ts';

const context = {now: new Date('2024-06-01T00:00:00Z')};

const attestation = image('unknown', {os: 'unknown'});

describe('platforms', () => {
	it.each([
		['sorted platforms with variants', [tag('latest', {images: [image('arm64'), image('arm/v7'), image('amd64')]})], {}, 'amd64 | arm/v7 | arm64'],
		['each platform once', [tag('latest', {images: [image('amd64'), image('amd64'), image('arm64')]})], {}, 'amd64 | arm64'],
		['attestations skipped', [tag('latest', {images: [image('amd64'), attestation, image('arm64'), attestation]})], {}, 'amd64 | arm64'],
		['an unknown architecture skipped', [tag('latest', {images: [image('amd64'), image('unknown', {os: 'linux'})]})], {}, 'amd64'],
		['an unknown os skipped', [tag('latest', {images: [image('amd64'), image('arm64', {os: 'unknown'})]})], {}, 'amd64'],
		[
			'os prefixes when the tag mixes operating systems',
			[tag('latest', {images: [image('amd64', {os: 'windows'}), image('arm64'), image('amd64')]})],
			{},
			'linux/amd64 | linux/arm64 | windows/amd64',
		],
		['no os prefix for a single other os', [tag('latest', {images: [image('amd64', {os: 'windows'})]})], {}, 'amd64'],
		['latest by default, even when another tag is newer', [tag('1.0', {images: [image('s390x')]}), tag('latest')], {}, 'amd64'],
		['the newest tag when there is no latest', [tag('2.0', {images: [image('s390x')]}), tag('1.0')], {}, 's390x'],
		['the tag option', [tag('latest'), tag('1.0', {images: [image('ppc64le')]})], {tag: '1.0'}, 'ppc64le'],
		['architecture not found when only attestations are left', [tag('latest', {images: [attestation]})], {}, 'architecture not found'],
		['architecture not found for a tag without images', [tag('latest', {images: []})], {}, 'architecture not found'],
		['tag not found without tags', [], {}, 'tag not found'],
		['tag not found for an unknown tag', [tag('latest')], {tag: '1.0'}, 'tag not found'],
	])('%s', (_case, tags, options: BadgeOptions, expected) => {
		expect(shown(platforms(withTags(tags), options, context))).toBe(expected);
	});

	it('is blue', () => {
		expect(platforms(withTags([tag('latest')]), {}, context)).toEqual({ok: true, message: 'amd64', color: 'blue'});
	});

	it.each([
		['a null lookup', imageData({lookups: lookups({'1.2': {ok: true, value: null}})}), 'tag not found'],
		['a tag list 404', imageData({tags: failed('not-found', 404)}), 'repo not found'],
		['a tag list 503', imageData({tags: failed('unavailable', 503)}), 'inaccessible'],
	])('shows %s as %s', (_case, data, expected) => {
		expect(shown(platforms(data, {tag: '1.2'}, context))).toBe(expected);
	});
});
