import {describe, expect, it} from 'vitest';
import {parseConfig} from '../src/config/load.ts';
import type {Repository} from '../src/fetchers/schemas.ts';
import {planBuild} from '../src/plan.ts';
import type {Manifest, ManifestBadge, ManifestImage} from '../src/render/manifest.ts';
import {tagReuse} from '../src/tag-reuse.ts';

const hour = 3_600_000;
const readAt = Date.UTC(2026, 10, 2);
const lastUpdated = '2026-10-30T10:00:00.123456Z';
const image = planBuild(parseConfig('images:\n  - image: acme/app\n    badges: [pulls, version, updated]\n')).images[0]!;
const repository = (last_updated: string | null): Repository => ({name: 'app', namespace: 'acme', is_private: false, pull_count: 1, star_count: 0, last_updated});

const badge = (kind: ManifestBadge['kind'], fields: Partial<ManifestBadge> = {}): ManifestBadge => ({
	kind,
	file: kind,
	path: `badges/acme/app/${kind}.svg`,
	label: kind,
	message: kind === 'updated' ? '2026-10-30' : 'v1.2.3',
	color: 'blue',
	style: 'flat',
	isError: false,
	fetchedAt: new Date(readAt).toISOString(),
	...(kind === 'pulls' ? {} : {reuse: {color: 'blue', ...(kind === 'updated' ? {pushedAt: '2026-10-30T10:00:00.123Z'} : {})}}),
	...fields,
});

function previous(fields: Partial<ManifestImage> = {}, badges: ManifestBadge[] = [badge('pulls'), badge('version'), badge('updated')]): Manifest {
	return {
		generatedAt: new Date(readAt).toISOString(),
		sources: {dockerhub: 'https://hub.docker.com'},
		images: [{image: 'acme/app', namespace: 'acme', repo: 'app', description: null, lastUpdated, tagsReadAt: new Date(readAt).toISOString(), badges, ...fields}],
	};
}

/** The carried badges' messages and colors at `now`, or undefined when the tags must be read. */
function carried(manifest: Manifest | undefined, now: number, options: {full?: boolean; last?: string | null} = {}) {
	const check = tagReuse({previous: manifest, now: new Date(now), refreshAfterMs: 24 * hour, full: options.full ?? false})(image);
	const tags = check?.(repository(options.last === undefined ? lastUpdated : options.last));
	return tags && Object.fromEntries([...tags.badges].map(([file, result]) => [file, `${result.message} ${result.color}`]));
}

describe('may an image’s tag badges be carried over?', () => {
	it('yes, with updated aged by the build’s clock, when last_updated has not moved and the tags were read less than refreshTagsAfter ago', () => {
		expect(carried(previous(), readAt + hour)).toEqual({version: 'v1.2.3 blue', updated: '2026-10-30 brightgreen'});
		expect(carried(previous(), readAt + 24 * hour - 1)).toEqual({version: 'v1.2.3 blue', updated: '2026-10-30 brightgreen'});
	});

	it.each([
		['--full', previous(), readAt + hour, {full: true}],
		['no previous build', undefined, readAt + hour, {}],
		['a push since', previous(), readAt + hour, {last: '2026-11-02T01:00:00Z'}],
		['no last_updated from Docker Hub', previous(), readAt + hour, {last: null}],
		['tags read refreshTagsAfter ago', previous(), readAt + 24 * hour, {}],
		['a read time after the build’s (the clock went back)', previous(), readAt - 1, {}],
		['no read time recorded', previous({tagsReadAt: undefined}), readAt + hour, {}],
		['no last_updated recorded', previous({lastUpdated: undefined}), readAt + hour, {}],
		['a tag badge without what reuse needs', previous({}, [badge('version', {reuse: undefined}), badge('updated')]), readAt + hour, {}],
		['updated without its push time', previous({}, [badge('version'), badge('updated', {reuse: {color: 'blue'}})]), readAt + hour, {}],
		['a badge answered from some of the tags', previous({}, [badge('version', {note: 'among the newest 1000'}), badge('updated')]), readAt + hour, {}],
		['a badge of that file asking another question', previous({}, [badge('version', {options: {sort: 'semver'}}), badge('updated')]), readAt + hour, {}],
		['a tag badge new in badges.yml', previous({}, [badge('version')]), readAt + hour, {}],
	] as const)('no: %s', (_why, manifest, now, options) => {
		expect(carried(manifest, now, options)).toBeUndefined();
	});

	it('ages updated exactly as reading the tags would: green from the seventh whole day', () => {
		const pushed = Date.parse('2026-10-30T10:00:00.123Z');
		expect(carried(previous({tagsReadAt: new Date(pushed + 7 * 24 * hour - 2 * hour).toISOString()}), pushed + 7 * 24 * hour - 1)?.updated).toBe('2026-10-30 brightgreen');
		expect(carried(previous({tagsReadAt: new Date(pushed + 7 * 24 * hour - 2 * hour).toISOString()}), pushed + 7 * 24 * hour)?.updated).toBe('2026-10-30 green');
	});
});
