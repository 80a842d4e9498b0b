import {describe, expect, it} from 'vitest';
import {badgeKinds} from '../../src/badges/kinds.ts';
import {imageData, repository, tag, withTags} from './factories.ts';

const context = {now: new Date('2024-06-01T00:00:00Z')};

describe('badgeKinds', () => {
	const data = withTags([tag('1.2.3', {last_updated: '2024-05-30T00:00:00Z'})], {
		repository: imageData({repository: {ok: true, value: repository({pull_count: 1234, star_count: 56})}}).repository,
	});

	it.each([
		['pulls', 'docker pulls', '1.2k'],
		['stars', 'docker stars', '56'],
		['version', 'version', 'v1.2.3'],
		['size', 'image size', '2 KiB'],
		['updated', 'last updated', '2024-05-30'],
		['platforms', 'platforms', 'amd64'],
	] as const)('%s is labelled %s and renders its own rule', (kind, label, message) => {
		const {label: kindLabel, render} = badgeKinds[kind];
		expect(kindLabel).toBe(label);
		expect(render(data, {}, context)).toMatchObject({ok: true, message});
	});

	it('has exactly the six kinds', () => {
		expect(Object.keys(badgeKinds).sort()).toEqual(['platforms', 'pulls', 'size', 'stars', 'updated', 'version']);
	});
});
