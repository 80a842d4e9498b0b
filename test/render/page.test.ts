import {describe, expect, it} from 'vitest';
import type {Manifest, ManifestBadge, ManifestGroup, ManifestImage} from '../../src/render/manifest.ts';
import {badgesPerPage, pageOf, pageSize, searchIndexOf, segmentsOf} from '../../src/render/page.ts';

const badge = (file: string, extra: Partial<ManifestBadge> = {}): ManifestBadge => ({
	kind: 'pulls',
	file,
	path: `badges/ns/app/${file}.svg`,
	label: file,
	message: '1k',
	color: 'blue',
	style: 'flat',
	isError: false,
	fetchedAt: '2026-11-30T06:00:00.000Z',
	...extra,
});
const image = (name: string, badges: ManifestBadge[]): ManifestImage => {
	const [namespace, repo] = name.split('/') as [string, string];
	return {image: name, namespace, repo, description: null, badges: badges.map(item => ({...item, path: `badges/${name}/${item.file}.svg`}))};
};
const manifest = (images: ManifestImage[], groups?: ManifestGroup[]): Manifest => ({generatedAt: '2026-11-30T06:23:45.000Z', sources: {dockerhub: 'https://hub.docker.com'}, images, ...(groups ? {groups} : {})});
const group = (name: string, images: string[], badges: ManifestBadge[]): ManifestGroup => ({name, images, badges: badges.map(item => ({...item, path: `badges/groups/${name}/${item.file}.svg`}))});

describe('segmentsOf', () => {
	it.each([
		['plain text', [{text: 'plain text', code: false}]],
		["check the badge's `tag` in badges.yml", [{text: "check the badge's ", code: false}, {text: 'tag', code: true}, {text: ' in badges.yml', code: false}]],
		['`arch` and `variant`', [{text: 'arch', code: true}, {text: ' and ', code: false}, {text: 'variant', code: true}]],
		['an unpaired ` stays', [{text: 'an unpaired ` stays', code: false}]],
	])('%j', (text, expected) => {
		expect(segmentsOf(text)).toEqual(expected);
	});
});

describe('pageOf', () => {
	it('gives a stale image one note per reason, and its badges none', () => {
		const problem = 'Docker Hub answered 503; the next build tries again';
		const page = pageOf(manifest([image('ns/app', [badge('pulls', {stale: true, problem}), badge('stars', {stale: true, problem}), badge('size', {stale: true, problem, fetchedAt: null})])]), {title: 't'}, new Map());
		const [shown] = page.pages[0]!.images;
		expect(shown!.notes).toEqual([
			[{text: `Stale: showing the value fetched 2026-11-30 06:00 UTC. ${problem}`, code: false}],
			[{text: `Stale: showing the value fetched by an earlier build. ${problem}`, code: false}],
		]);
		expect(shown!.badges.map(item => [item.state, item.note])).toEqual([
			['stale', undefined],
			['stale', undefined],
			['stale', undefined],
		]);
		expect(page.totals).toEqual({images: 1, groups: 0, badges: 3, stale: 3, errors: 0});
	});

	it('keeps an error\'s reason on its badge, with its code spans', () => {
		const page = pageOf(manifest([image('ns/app', [badge('size', {isError: true, message: 'tag not found', problem: 'tag "x" not found; check the badge\'s `tag` in badges.yml'})])]), {title: 't'}, new Map());
		const [item] = page.pages[0]!.images[0]!.badges;
		expect(item!.state).toBe('error');
		expect(item!.note).toEqual([{text: 'tag "x" not found; check the badge\'s ', code: false}, {text: 'tag', code: true}, {text: ' in badges.yml', code: false}]);
		expect(page.totals.errors).toBe(1);
	});

	it('tells badges with one label apart by their options, else their files', () => {
		const sizes = [badge('size', {label: 'image size'}), badge('size-arm', {label: 'image size', options: {arch: 'arm', variant: 'v7', tag: '1.2'}}), badge('pulls', {label: 'docker pulls'})];
		const page = pageOf(manifest([image('ns/app', sizes)]), {title: 't'}, new Map());
		expect(page.pages[0]!.images[0]!.badges.map(item => item.name)).toEqual(['image size (size)', 'image size (1.2, arm/v7)', 'docker pulls']);
	});

	it(`puts ${pageSize} images on a page, linked in order, and the first on index.html`, () => {
		const images = Array.from({length: pageSize * 2 + 1}, (_, index) => image(`ns/app${index}`, [badge('pulls')]));
		const page = pageOf(manifest(images), {title: 't', baseUrl: 'https://b.example'}, new Map([['badges/ns/app0/pulls.svg', {width: 90, height: 20}]]));
		expect(page.pages.map(item => [item.file, item.images.length, item.previous, item.next])).toEqual([
			['index.html', pageSize, undefined, 'page-2.html'],
			['page-2.html', pageSize, 'index.html', 'page-3.html'],
			['page-3.html', 1, 'page-2.html', undefined],
		]);
		expect(page.pageList[1]).toEqual({file: 'page-2.html', number: 2, first: `ns/app${pageSize}`, last: `ns/app${pageSize * 2 - 1}`});
		expect(page.pages[2]!.images[0]!.page).toBe('page-3.html');
		expect(page.urlPrefix).toBe('https://b.example/');
		expect(page.pages[0]!.images[0]!.badges[0]).toMatchObject({width: 90, height: 20});
	});

	it('shows the groups on the first page, before its images, as cards without a Docker Hub page, counted in the totals', () => {
		const acme = group('acme', ['acme/api', 'acme/web'], [badge('pulls', {label: 'docker pulls'}), badge('pulls-week', {label: 'docker pulls', options: {per: 'week'}, stale: true, problem: 'counts the last value of acme/web: its fetch failed'})]);
		const page = pageOf(manifest([image('acme/api', [badge('pulls')]), image('acme/web', [badge('pulls', {isError: true})])], [acme]), {title: 't'}, new Map([['badges/groups/acme/pulls.svg', {width: 110, height: 20}]]));
		expect(page.pages[0]!.groups).toEqual([
			{
				id: 'groups/acme',
				name: 'acme',
				group: true,
				page: 'index.html',
				description: 'Adds up 2 images: acme/api, acme/web',
				notes: [[{text: 'Stale: showing the value fetched 2026-11-30 06:00 UTC. Counts the last value of acme/web: its fetch failed', code: false}]],
				badges: [
					{file: 'pulls', kind: 'pulls', name: 'docker pulls (pulls)', message: '1k', width: 110, height: 20, state: 'fresh'},
					{file: 'pulls-week', kind: 'pulls', name: 'docker pulls (per week)', message: '1k', width: 0, height: 0, state: 'stale'},
				],
			},
		]);
		expect(page.totals).toEqual({images: 2, groups: 1, badges: 4, stale: 1, errors: 1});
	});

	it(`keeps a page to ${badgesPerPage} badges, the groups' counting on the first`, () => {
		const six = ['a', 'b', 'c', 'd', 'e', 'f'].map(file => badge(file));
		const images = Array.from({length: pageSize + 1}, (_, index) => image(`ns/app${index}`, six));
		const withoutGroups = pageOf(manifest(images), {title: 't'}, new Map());
		expect(withoutGroups.pages.map(item => item.images.length)).toEqual([pageSize, 1]);
		// Seven group badges take two images' room on the first page.
		const withGroups = pageOf(manifest(images, [group('g', ['ns/app0'], [...six, badge('g')])]), {title: 't'}, new Map());
		expect(withGroups.pages.map(item => [item.groups?.length, item.images.length])).toEqual([
			[1, pageSize - 2],
			[undefined, 3],
		]);
		expect(withGroups.pages[1]!.images[0]!.page).toBe('page-2.html');
		// An image with more badges than a page holds still has a page, of its own.
		const huge = pageOf(manifest([image('ns/small', [badge('a')]), image('ns/huge', Array.from({length: badgesPerPage + 1}, (_, index) => badge(`b${index}`))), image('ns/next', [badge('a')])]), {title: 't'}, new Map());
		expect(huge.pages.map(item => item.images.map(entry => entry.id))).toEqual([['ns/small'], ['ns/huge'], ['ns/next']]);
	});

	it('writes one page for a site without images', () => {
		expect(pageOf(manifest([]), {title: 't'}, new Map()).pages).toEqual([{file: 'index.html', number: 1, images: []}]);
	});

	it('names official images as people write them, and links Docker Hub\'s page', () => {
		const page = pageOf(manifest([image('library/nginx', [badge('pulls')]), image('ns/app', [badge('pulls')])]), {title: 't'}, new Map());
		expect(page.pages[0]!.images.map(item => [item.name, item.hub])).toEqual([
			['nginx', 'https://hub.docker.com/_/nginx'],
			['ns/app', 'https://hub.docker.com/r/ns/app'],
		]);
	});
});

describe('searchIndexOf', () => {
	it('lists every image of every page with its badges as tuples', () => {
		const images = Array.from({length: pageSize + 1}, (_, index) => image(`ns/app${index}`, [badge('pulls', {message: '9k'})]));
		const index = JSON.parse(searchIndexOf(pageOf(manifest(images), {title: 't'}, new Map()))) as {images: {id: string; page: string; badges: unknown[]}[]};
		expect(index.images).toHaveLength(pageSize + 1);
		expect(index.images.at(-1)).toEqual({id: `ns/app${pageSize}`, name: `ns/app${pageSize}`, hub: `https://hub.docker.com/r/ns/app${pageSize}`, page: 'page-2.html', badges: [['pulls', 'pulls', 'pulls', '9k', 0, 0, 'fresh']]});
	});

	it('lists the groups first, marked as groups and without a Docker Hub page, so the filter finds them', () => {
		const index = JSON.parse(searchIndexOf(pageOf(manifest([image('ns/app', [badge('pulls')])], [group('g', ['ns/app'], [badge('pulls', {message: '5k'})])]), {title: 't'}, new Map()))) as {
			images: unknown[];
		};
		expect(index.images[0]).toEqual({id: 'groups/g', name: 'g', group: true, page: 'index.html', description: 'Adds up 1 image: ns/app', badges: [['pulls', 'pulls', 'pulls', '5k', 0, 0, 'fresh']]});
		expect(index.images).toHaveLength(2);
	});
});
