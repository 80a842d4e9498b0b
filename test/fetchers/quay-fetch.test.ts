import {afterEach, describe, expect, it} from 'vitest';
import {fetchQuayRepository} from '../../src/fetchers/quay/fetch.ts';
import {readQuayTags} from '../../src/fetchers/quay/read-tags.ts';
import {HubClient} from '../../src/hub/client.ts';
import type {TagNeeds} from '../../src/plan.ts';
import {demoQuayRepositories, startFakeQuay, type FakeQuay, type FakeQuayRepository, type FakeQuayTag} from '../fake-quay/server.ts';

const now = new Date('2024-06-10T08:00:00Z');
let quay: FakeQuay;
let client: HubClient;
afterEach(async () => {
	await client.close();
	await quay.close();
});

async function start(repositories?: FakeQuayRepository[]) {
	quay = await startFakeQuay({now: () => now, ...(repositories ? {repositories} : {})});
	client = new HubClient({baseUrl: quay.url, concurrency: 4, retryBaseMs: 5, headersTimeoutMs: 1000, bodyTimeoutMs: 1000, exchangeTimeoutMs: 2000});
}

const image = {namespace: 'demo', repo: 'tool'};
const tagPages = () => quay.count('/api/v1/repository/demo/tool/tag/?onlyActiveTags=true&limit=100&page=');
const lookups = () => quay.count('/api/v1/repository/demo/tool/tag/?onlyActiveTags=true&specificTag=');
const needs = (fields: Partial<TagNeeds>): TagNeeds => ({allPages: false, siblings: [], named: [], latest: false, ...fields});

/** `count` CI tags, one a minute, the newest first, after `releases` (newest first). */
function manyTags(count: number, releases: string[] = []): FakeQuayRepository {
	const start = Math.floor(now.getTime() / 1000);
	const tags: FakeQuayTag[] = Array.from({length: count}, (_, index) => ({name: `sha-${index}`, start_ts: start - index * 60, manifest_digest: `sha256:c${index}`, is_manifest_list: false, size: 1}));
	releases.forEach((name, index) => tags.push({name, start_ts: start - (count + index) * 60, manifest_digest: `sha256:r${index}`, is_manifest_list: true, size: null}));
	return {namespace: 'demo', name: 'tool', description: null, is_public: true, dailyPulls: {}, tags};
}

describe('the Quay API through a real client', () => {
	it('reads a repository with its daily stats in one request, without the tags quay would embed', async () => {
		await start();
		const repository = await fetchQuayRepository(client, image);
		expect(repository).toMatchObject({namespace: 'demo', name: 'tool', description: 'A demo image on quay.io', is_public: true});
		expect(repository.stats).toHaveLength(91);
		expect(repository).not.toHaveProperty('tags');
		expect(quay.requests.map(request => request.path)).toEqual(['/api/v1/repository/demo/tool?includeStats=true&includeTags=false']);
	});

	it.each([
		['a missing repository', '/api/v1/repository/demo/tool', {status: 404}, 'not-found'],
		['a private one, to a token without access', '/api/v1/repository/demo/tool', {status: 403}, 'forbidden'],
		['a body that is not quay’s', '/api/v1/repository/demo/tool', 'malformed' as const, 'invalid-response'],
	])('fails as HubError for %s', async (_case, prefix, fault, failure) => {
		await start();
		quay.fault(prefix, fault);
		await expect(fetchQuayRepository(client, image)).rejects.toMatchObject({failure});
	});

	it('fails for a private repository read anonymously: quay answers 401', async () => {
		await start(demoQuayRepositories(now).map(repository => ({...repository, is_public: false})));
		await expect(fetchQuayRepository(client, image)).rejects.toMatchObject({status: 401});
	});

	it('lists live tags only, newest first, from one page for the default badges', async () => {
		await start();
		const read = await readQuayTags(client, image, needs({latest: true}));
		expect(read.tags).toMatchObject({ok: true, value: {complete: true, count: 6, capped: false}});
		const names = read.tags?.ok ? read.tags.value.tags.map(tag => tag.name) : [];
		// The `latest` that pointed at 2.4.0 was moved on: quay lists it only without onlyActiveTags.
		// latest, 2.4 and 2.4.1 were pushed in the same second, listed by name: latest speaks for the push.
		expect(names).toEqual(['sha-4f2a9c1', 'latest', '2.4', '2.4.1', '2.4.0', '2.3.9']);
		expect(tagPages()).toBe(1);
		expect(lookups()).toBe(0);
	});

	it('reads every page, one after the other, for semver sorting', async () => {
		await start([manyTags(250, ['2.0.0'])]);
		const read = await readQuayTags(client, image, needs({allPages: true}));
		expect(read.tags).toMatchObject({ok: true, value: {complete: true, count: 251}});
		expect(tagPages()).toBe(3);
	});

	it('reads on for a filtered version badge only until a tag passes', async () => {
		await start([manyTags(150, ['2.0.0', ...Array.from({length: 200}, (_, index) => `1.${index}`)])]);
		const read = await readQuayTags(client, image, needs({siblings: [{tag: undefined, arch: 'amd64', exclude: ['sha-*']}]}));
		expect(read.tags).toMatchObject({ok: true, value: {complete: false, count: undefined, capped: false}});
		expect(tagPages()).toBe(2);
	});

	it('stops at 50 pages whatever quay says is left, and says it stopped', async () => {
		await start([manyTags(5_100)]);
		const read = await readQuayTags(client, image, needs({allPages: true}));
		expect(read.tags).toMatchObject({ok: true, value: {complete: false, capped: true, count: undefined}});
		expect(read.tags?.ok && read.tags.value.tags).toHaveLength(5_000);
		expect(tagPages()).toBe(50);
	}, 30_000);

	it('looks up a named tag older than the pages read, one request', async () => {
		await start([manyTags(150, ['1.0'])]);
		const read = await readQuayTags(client, image, needs({named: ['1.0', 'gone']}));
		expect(read.lookups.get('1.0')).toMatchObject({ok: true, value: {name: '1.0', digest: 'sha256:r0'}});
		expect(read.lookups.get('gone')).toEqual({ok: true, value: null});
		expect(tagPages()).toBe(1);
		expect(lookups()).toBe(2);
	});

	it('keeps page 1 and records the error when a later page fails', async () => {
		await start([manyTags(250)]);
		quay.fault('/api/v1/repository/demo/tool/tag/?onlyActiveTags=true&limit=100&page=2', {status: 404});
		const read = await readQuayTags(client, image, needs({allPages: true}));
		expect(read.tags).toMatchObject({ok: true, value: {complete: false, capped: false, pageError: {failure: 'not-found'}}});
		expect(read.tags?.ok && read.tags.value.tags).toHaveLength(100);
		expect(tagPages()).toBe(2);
	});

	it('fails the tag list when page 1 fails', async () => {
		await start();
		quay.fault('/api/v1/repository/demo/tool/tag/', 'malformed');
		const read = await readQuayTags(client, image, needs({}));
		expect(read.tags).toMatchObject({ok: false, error: {failure: 'invalid-response'}});
	});
});
