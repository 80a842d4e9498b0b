import {describe, expect, it} from 'vitest';
import {pulls} from '../../src/badges/pulls.ts';
import {version} from '../../src/badges/version.ts';
import {imageData, pushedAs, shown, tag, withTags} from './factories.ts';

const context = {now: new Date('2024-06-10T08:00:00Z')};

describe('pulls per period from the registry’s own counts (Quay)', () => {
	// 1,200 pulls each of the 91 days before 2024-06-10.
	const days = Array.from({length: 91}, (_, index) => ({date: new Date(Date.UTC(2024, 5, 9) - index * 86_400_000).toISOString().slice(0, 10), count: 1_200}));
	const counted = imageData({dailyPulls: days});

	it.each([
		['day', '1.2k/day'],
		['week', '8.4k/week'],
		['month', '36k/month'],
	] as const)('per %s needs no history', (per, message) => {
		expect(pulls(counted, {per}, context)).toEqual({ok: true, message, color: '#066da5'});
	});

	it('keeps the last value when the registry left out a day of the period', () => {
		expect(pulls(imageData({dailyPulls: days.slice(0, 10)}), {per: 'month'}, context)).toMatchObject({ok: false, problem: 'inaccessible', transient: true});
	});

	it('reads the history as before where the registry counts no periods (Docker Hub)', () => {
		expect(shown(pulls(imageData(), {per: 'week'}, context))).toBe('collecting data');
	});
});

describe('version siblings of tags listed without images (Quay): by the tag’s own digest', () => {
	const quayTag = (name: string, digest: string) => tag(name, {images: [], digest});

	it.each([
		['latest newest: the most dotted tag with its index digest', [quayTag('latest', 'idx-2'), quayTag('2.4', 'idx-2'), quayTag('2.4.1', 'idx-2'), quayTag('2.3.9', 'idx-1')], {}, 'v2.4.1'],
		['any arch: an index digest stands for every platform', [quayTag('latest', 'idx-2'), quayTag('2.4.1', 'idx-2')], {arch: 'arm64'}, 'v2.4.1'],
		['a named tag', [quayTag('2', 'idx-2'), quayTag('2.4.1', 'idx-2'), quayTag('2.3.9', 'idx-1')], {tag: '2'}, 'v2.4.1'],
		[
			'latest read in detail (its platforms, for a size badge) still matches siblings listed without images, by its index digest',
			[tag('latest', {images: pushedAs('platform-of-idx-2', ['amd64', 'arm64']), digest: 'idx-2'}), quayTag('2.4.1', 'idx-2'), quayTag('2.3.9', 'idx-1')],
			{},
			'v2.4.1',
		],
		['a named tag without a digest shows itself', [tag('legacy', {images: [], digest: null}), quayTag('1.0', 'idx-1')], {tag: 'legacy'}, 'legacy'],
	] as const)('%s', (_case, tags, options, expected) => {
		expect(shown(version(withTags([...tags]), options, context))).toBe(expected);
	});
});
