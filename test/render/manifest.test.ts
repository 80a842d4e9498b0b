import {describe, expect, it} from 'vitest';
import {previousManifestSchema, type ManifestBadge} from '../../src/render/manifest.ts';

const badge: ManifestBadge = {
	kind: 'pulls',
	file: 'pulls',
	path: 'badges/library/nginx/pulls.svg',
	label: 'docker pulls',
	message: '10G',
	color: '#066da5',
	style: 'flat',
	isError: false,
	fetchedAt: '2026-01-01T00:00:00.000Z',
};

/** A previous manifest holding this one badge (changed by `fields`) and a good one beside it. */
function readBack(fields: Record<string, unknown>) {
	const image = {image: 'library/nginx', namespace: 'library', repo: 'nginx', description: null, badges: [{...badge, ...fields}, {...badge, file: 'stars', path: 'badges/library/nginx/stars.svg'}]};
	return previousManifestSchema.parse({generatedAt: '2026-01-01T00:00:00.000Z', images: [image]}).images[0]!;
}

describe('a previous manifest read back', () => {
	it.each([
		['message', 256],
		['label', 100],
		['problem', 500],
	])('has its %s cleaned and cut to %i characters', (field, limit) => {
		const read = readBack({[field]: `a\u0000\u001b[31m\n::error::x\u202e${'y'.repeat(1024 * 1024)}`}).badges[0]!;
		const text = read[field as keyof ManifestBadge] as string;
		expect(text).toHaveLength(limit);
		expect(text.startsWith('a[31m ::error::xyyy')).toBe(true);
	});

	it('has its description cleaned and cut to 300 characters', () => {
		const image = previousManifestSchema.parse({
			generatedAt: '2026-01-01T00:00:00.000Z',
			images: [{image: 'library/nginx', namespace: 'library', repo: 'nginx', description: `\u0007a\u2066${'b'.repeat(1024 * 1024)}`, badges: []}],
		}).images[0]!;
		expect(image.description).toHaveLength(300);
		expect(image.description!.startsWith('abbb')).toBe(true);
	});

	it.each([
		['a color badge-maker would not draw', {color: 'red"/><script>alert(1)</script>'}],
		['a label color badge-maker would not draw', {labelColor: 'url(#x)'}],
		['a file that climbs out of its folder', {file: '../../../escaped', path: 'badges/library/nginx/../../../escaped.svg'}],
		['a file in another folder', {file: 'nginx/pulls'}],
		['a path out of the site', {path: '../../escaped.svg'}],
		['a path to another image', {path: 'badges/library/redis/pulls.svg'}],
		['a path that is not its file', {path: 'badges/library/nginx/stars.svg'}],
		['a time that is not one', {fetchedAt: '\n::error::when'}],
	])('drops a badge with %s and keeps the others', (_name, fields) => {
		expect(readBack(fields).badges.map(read => read.file)).toEqual(['stars']);
	});

	it('keeps what a build writes as it is', () => {
		expect(readBack({}).badges[0]).toEqual(badge);
	});
});

describe('a previous manifest image', () => {
	it.each([
		['a name that climbs out of the site', {image: '../..', namespace: '..', repo: '..'}],
		['a name that is not its namespace and repo', {image: 'library/redis'}],
		['a folder that is not a Docker Hub name', {image: 'library/Nginx', repo: 'Nginx'}],
	])('is dropped with %s, and the others kept', (_name, fields) => {
		const good = {image: 'library/nginx', namespace: 'library', repo: 'nginx', description: null, badges: [badge]};
		const read = previousManifestSchema.parse({generatedAt: '2026-01-01T00:00:00.000Z', images: [{...good, ...fields}, {...good, image: 'grafana/grafana', namespace: 'grafana', repo: 'grafana', badges: []}]});
		expect(read.images.map(image => image.image)).toEqual(['grafana/grafana']);
	});
});
