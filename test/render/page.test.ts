import {describe, expect, it} from 'vitest';
import type {Manifest, ManifestBadge, ManifestImage} from '../../src/render/manifest.ts';
import {pageOf, pageSize, searchIndexOf, segmentsOf} from '../../src/render/page.ts';

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
const manifest = (images: ManifestImage[]): Manifest => ({generatedAt: '2026-11-30T06:23:45.000Z', sources: {dockerhub: 'https://hub.docker.com'}, images});

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
		expect(page.totals).toEqual({images: 1, badges: 3, stale: 3, errors: 0});
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
});
