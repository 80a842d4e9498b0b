import {describe, expect, it} from 'vitest';
import type {Manifest, ManifestBadge, ManifestChart, ManifestImage} from '../../src/render/manifest.ts';
import {badgesPerPage, pageOf, pageSize, searchIndexOf} from '../../src/render/page.ts';

const badge = (image: string, file: string): ManifestBadge => ({kind: 'pulls', file, path: `badges/${image}/${file}.svg`, label: file, message: '1k', color: 'blue', style: 'flat', isError: false, fetchedAt: '2026-11-30T06:00:00.000Z'});
const chart = (image: string, file = 'pulls-chart'): ManifestChart => ({kind: 'chart', range: '90d', file, path: `badges/${image}/${file}.svg`, label: 'docker pulls'});
const image = (name: string, badges: number, charts: number): ManifestImage => {
	const [namespace, repo] = name.split('/') as [string, string];
	return {
		image: name,
		namespace,
		repo,
		description: null,
		badges: Array.from({length: badges}, (_, index) => badge(name, `b${index}`)),
		...(charts > 0 ? {charts: Array.from({length: charts}, (_, index) => chart(name, `pulls-chart-${index}`))} : {}),
	};
};
const manifest = (images: ManifestImage[]): Manifest => ({generatedAt: '2026-11-30T06:23:45.000Z', sources: {dockerhub: 'https://hub.docker.com'}, images});

describe('charts and sparklines on the index page', () => {
	it('give a card its sparkline, by its id, and its charts, each titled as its SVG is', () => {
		const spark = {d: 'M1,2L3,4', label: '4k pulls a day; last 30 days'};
		const page = pageOf(manifest([image('library/nginx', 1, 1), image('ns/app', 1, 0)]), {title: 't'}, new Map(), new Map([['library/nginx', spark]]));
		const [nginx, app] = page.pages[0]!.images;
		expect(nginx).toMatchObject({spark, charts: [{file: 'pulls-chart-0', alt: 'nginx: docker pulls, last 90 days', width: 640, height: 300}]});
		expect(app!.spark).toBeUndefined();
		expect(app!.charts).toBeUndefined();
		// The filter draws found cards from index.json: they carry both.
		const index = JSON.parse(searchIndexOf(page)) as {images: Array<{spark?: unknown; charts?: unknown[]}>};
		expect(index.images[0]).toMatchObject({spark, charts: [{file: 'pulls-chart-0'}]});
	});

	it(`count a chart as one of a page's ${badgesPerPage} images; a sparkline is drawn inline and does not count`, () => {
		// Five badges and a chart: six images a card, 50 cards a page.
		const images = Array.from({length: pageSize + 1}, (_, index) => image(`ns/app${index}`, 5, 1));
		expect(pageOf(manifest(images), {title: 't'}, new Map()).pages.map(page => page.images.length)).toEqual([pageSize, 1]);
		// Six badges and a chart: seven, so 42 cards fill a page's 300.
		const bigger = Array.from({length: pageSize + 1}, (_, index) => image(`ns/app${index}`, 6, 1));
		expect(pageOf(manifest(bigger), {title: 't'}, new Map()).pages.map(page => page.images.length)).toEqual([42, 9]);
	});
});
