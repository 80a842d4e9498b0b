import {describe, expect, it} from 'vitest';
import {parseConfig} from '../src/config/load.ts';
import {estimateRequests, planBuild, shouldReadRemainingPages} from '../src/plan.ts';

const plan = (yaml: string) => planBuild(parseConfig(yaml));

describe('planBuild', () => {
	it('lists namespaces with two or more images and asks for lone images one by one', () => {
		const result = plan('images:\n  - nginx\n  - redis\n  - grafana/grafana\n  - bitnami/redis\n  - bitnami/postgresql\n');
		expect(result.listings.map(listing => [listing.namespace, listing.images.map(image => image.key)])).toEqual([
			['library', ['library/nginx', 'library/redis']],
			['bitnami', ['bitnami/redis', 'bitnami/postgresql']],
		]);
		expect(result.single.map(image => image.key)).toEqual(['grafana/grafana']);
	});

	it.each([
		['the default badges', '[pulls, stars, version, size, updated, platforms]', {allPages: false, siblings: [{tag: undefined, arch: 'amd64'}], named: [], latest: true}],
		['pulls and stars only', '[pulls, stars]', undefined],
		['version by date', '[version]', {allPages: false, siblings: [{tag: undefined, arch: 'amd64'}], named: [], latest: false}],
		['version by date for another arch', '[{kind: version, arch: arm64}]', {allPages: false, siblings: [{tag: undefined, arch: 'arm64'}], named: [], latest: false}],
		['version by semver', '[{kind: version, sort: semver}]', {allPages: true, siblings: [], named: [], latest: false}],
		[
			'version of a named tag, even when also asked to sort by semver',
			'[{kind: version, sort: semver, tag: "1.2"}]',
			{allPages: false, siblings: [{tag: '1.2', arch: 'amd64'}], named: ['1.2'], latest: false},
		],
		[
			'the same sibling search once',
			'[{kind: version, tag: "1.2"}, {kind: version, tag: "1.2", file: again}, {kind: version, tag: "1.2", arch: arm64}]',
			{allPages: false, siblings: [{tag: '1.2', arch: 'amd64'}, {tag: '1.2', arch: 'arm64'}], named: ['1.2'], latest: false},
		],
		[
			'one sibling search per filter, as a filter may need other pages',
			'[version, {kind: version, exclude: "sha-*", file: a}, {kind: version, exclude: ["sha-*"], file: b}, {kind: version, include: "v*", file: c}]',
			{allPages: false, siblings: [{tag: undefined, arch: 'amd64'}, {tag: undefined, arch: 'amd64', exclude: ['sha-*']}, {tag: undefined, arch: 'amd64', include: ['v*']}], named: [], latest: false},
		],
		['version by semver, filtered: every page still', '[{kind: version, sort: semver, include: "1.*"}]', {allPages: true, siblings: [], named: [], latest: false}],
		['named tags, once each', '[{kind: size, tag: "1.2"}, {kind: platforms, tag: "1.2"}, {kind: updated, tag: "2.0"}]', {allPages: false, siblings: [], named: ['1.2', '2.0'], latest: false}],
	])('needs from the tags for %s', (_case, badges, needs) => {
		expect(plan(`images:\n  - image: nginx\n    badges: ${badges}\n`).images[0]!.tags).toEqual(needs);
	});
});

describe('shouldReadRemainingPages', () => {
	it.each([
		[2, 1, false],
		[2, 2, true],
		[5, 3, false],
		[5, 5, true],
		[50, 3, false],
	])('%i pages with %i images missing from page 1 → %s', (pages, missing, expected) => {
		expect(shouldReadRemainingPages(pages, missing)).toBe(expected);
	});
});

describe('estimateRequests', () => {
	it('counts listings, repository calls and first tag pages, against shields.io’s one per badge', () => {
		const images = Array.from({length: 30}, (_, n) => `  - ns000/repo${String(n).padStart(4, '0')}\n  - ns001/repo${String(n).padStart(4, '0')}`).join('\n');
		expect(estimateRequests(plan(`images:\n${images}\n  - grafana/grafana\n`))).toEqual({minimum: 2 + 1 + 61, mayNeedMore: 61, shieldsMinimum: 61 * 6});
	});
});
