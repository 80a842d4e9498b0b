import {describe, expect, it} from 'vitest';
import {previousManifestSchema} from '../../src/render/manifest.ts';

const chart = {kind: 'chart', range: '90d', file: 'pulls-chart', path: 'badges/library/nginx/pulls-chart.svg', label: 'docker pulls'};

/** An image of a previous badges.json with these charts, read back as the build reads it. */
function readBack(charts: unknown): unknown {
	const image = {image: 'library/nginx', namespace: 'library', repo: 'nginx', description: null, badges: [], charts};
	return previousManifestSchema.parse({generatedAt: '2026-01-01T00:00:00.000Z', images: [image]}).images[0]!.charts;
}

describe('charts in a badges.json read back (hostile input)', () => {
	it('keeps a chart as a build writes it', () => {
		expect(readBack([chart])).toEqual([chart]);
	});

	it.each([
		['a path outside its image’s folder', {...chart, path: 'badges/library/redis/pulls-chart.svg'}],
		['a path that is not its file’s', {...chart, path: '../../etc/passwd'}],
		['a range no build draws', {...chart, range: '2y'}],
		['a file stem with a separator', {...chart, file: 'a/b', path: 'badges/library/nginx/a/b.svg'}],
		['another kind', {...chart, kind: 'pulls'}],
	])('drops %s, keeping the image and its other charts', (_, bad) => {
		expect(readBack([bad, {...chart, file: 'c', path: 'badges/library/nginx/c.svg'}])).toEqual([{...chart, file: 'c', path: 'badges/library/nginx/c.svg'}]);
	});

	it('cleans and bounds its label: no control or bidi characters, at most 100', () => {
		expect(readBack([{...chart, label: `a\u001b[31mb\u202e${'x'.repeat(200)}`}])).toEqual([{...chart, label: `a[31mb${'x'.repeat(93)}…`}]);
	});

	it('reads a manifest without charts (an older build’s) as before', () => {
		const image = {image: 'library/nginx', namespace: 'library', repo: 'nginx', description: null, badges: []};
		expect(previousManifestSchema.parse({generatedAt: '2026-01-01T00:00:00.000Z', images: [image]}).images[0]).toEqual(image);
	});
});
