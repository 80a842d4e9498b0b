import {describe, expect, it} from 'vitest';
import {pulls} from '../../src/badges/pulls.ts';
import {stars} from '../../src/badges/stars.ts';
import {failed, imageData, repository} from './factories.ts';

const context = {now: new Date('2024-06-01T00:00:00Z')};

describe.each([
	['pulls', pulls, 'pull_count'],
	['stars', stars, 'star_count'],
] as const)('%s', (_kind, render, field) => {
	it.each([
		[0, '0'],
		[999, '999'],
		[1234, '1.2k'],
		[987_654_321, '988M'],
	])(`${field} %d → %s in Docker blue`, (count, message) => {
		const data = imageData({repository: {ok: true, value: repository({pull_count: 7, star_count: 7, [field]: count})}});
		expect(render(data, {}, context)).toEqual({ok: true, message, color: '#066da5'});
	});

	it.each([
		['not-found', 404, 'repo not found'],
		['unavailable', 503, 'inaccessible'],
	] as const)('a repository fetch that failed with %s (%s) → %s', (hubFailure, status, problem) => {
		const data = imageData({repository: failed(hubFailure, status)});
		expect(render(data, {}, context)).toMatchObject({ok: false, problem});
	});

	it('reads the repository, not the tags', () => {
		const data = imageData({repository: {ok: true, value: repository({[field]: 5})}, tags: failed('unavailable', 503)});
		expect(render(data, {}, context)).toMatchObject({ok: true, message: '5'});
	});
});
