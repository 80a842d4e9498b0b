import {request} from 'undici';
import {afterEach, describe, expect, it} from 'vitest';
import {dockerTime, type FakeImage, type FakeRepository, type FakeTag} from '../fake-hub/fixtures.ts';
import {startFakeHub, type FakeHub} from '../fake-hub/server.ts';
import {demoUser, runBuild, temporaryDirectory} from '../helpers/run-build.ts';

let hub: FakeHub;
afterEach(async () => hub.close());

const now = Date.now();
const minute = 60_000;
const image = (digest: string, architecture = 'amd64'): FakeImage => ({architecture, os: 'linux', digest, size: 50_000_000});

/**
 * An image with `count` tags a minute apart, newest first; `at` puts named tags at
 * positions in that order (0 is the newest), the rest are builds of their own.
 */
function repositoryWith(count: number, at: Record<number, {name: string; digest: string}>): FakeRepository {
	const tags: FakeTag[] = Array.from({length: count}, (_, position) => {
		const named = at[position];
		return {
			name: named?.name ?? `build-${position}`,
			last_updated: dockerTime(now - position * minute, 6),
			images: [image(named?.digest ?? `sha256:build-${position}`)],
		};
	});
	return {namespace: 'acme', name: 'app', description: '', is_private: false, pull_count: 1, star_count: 0, last_updated: tags[0]!.last_updated, tags};
}

const tagRequests = () => hub.requests.filter(({path}) => path.includes('/tags')).map(({path}) => path);

describe('version siblings across pages, as shields.io reads them', () => {
	it.each([
		// shields' own example: alpine's 3.6 shows as v3.6.5. Here 3.6 ends page 1 and 3.6.5 starts page 2.
		['tag: 3.6 with 3.6.5 on page 2', 'tag: "3.6"', {99: {name: '3.6', digest: 'sha256:36'}, 100: {name: '3.6.5', digest: 'sha256:36'}}, 'v3.6.5', 2],
		['a named tag with its sibling on page 1 and the group closed', 'tag: "3.6"', {10: {name: '3.6.5', digest: 'sha256:36'}, 11: {name: '3.6', digest: 'sha256:36'}}, 'v3.6.5', 1],
		['a named tag first seen on page 2, with its sibling', 'tag: "2.0"', {150: {name: '2.0', digest: 'sha256:20'}, 151: {name: '2.0.1', digest: 'sha256:20'}}, 'v2.0.1', 2],
		['latest pushed again, its versions on page 3', '', {0: {name: 'latest', digest: 'sha256:12'}, 210: {name: '1.2.3', digest: 'sha256:12'}, 211: {name: '1.2', digest: 'sha256:12'}}, 'v1.2.3', 3],
		['latest newest with its siblings on page 1', '', {0: {name: 'latest', digest: 'sha256:12'}, 1: {name: '1.2.3', digest: 'sha256:12'}}, 'v1.2.3', 1],
		['latest newest and alone: every page is read, as shields does', '', {0: {name: 'latest', digest: 'sha256:12'}}, 'latest', 3],
		['a tag alone in its image: every page, no lookup', 'tag: "solo"', {5: {name: 'solo', digest: 'sha256:solo'}}, 'solo', 3],
		['a tag that does not exist: every page, no lookup', 'tag: "9.9"', {}, 'tag not found', 3],
	])('%s', async (_case, option, at, message, requests) => {
		hub = await startFakeHub({users: [demoUser], repositories: [repositoryWith(250, at)]});
		const run = await runBuild({hub, config: `images:\n  - image: acme/app\n    badges:\n      - kind: version\n        ${option || 'sort: date'}\n`});
		expect((await run.title(`acme/app/${option ? `version-${option.slice(6, -1)}` : 'version'}`))).toBe(`version: ${message}`);
		expect(tagRequests()).toHaveLength(requests);
		// Pages are read in order, each once.
		expect(tagRequests().map(path => /[?&]page=(\d+)/.exec(path)?.[1])).toEqual(Array.from({length: requests}, (_, n) => String(n + 1)));
	});
});

describe('a multi-arch push under way (acme/edge: latest and 2.1.0 have arm64 only so far)', () => {
	const config = [
		'images:',
		'  - image: acme/edge',
		'    badges:',
		'      - version',
		'      - size',
		'      - kind: size',
		'        arch: amd64',
		'      - platforms',
		'',
	].join('\n');

	it('keeps the last good values instead of red errors, and shows the default size from arm64', async () => {
		hub = await startFakeHub({users: [demoUser]});
		// The build before the push began: latest was 2.0.0, amd64 and arm64.
		const before = await request(`${hub.url}/v2/namespaces/acme/repositories/edge/tags?page_size=100&ordering=last_updated&page=1`);
		const page = (await before.body.json()) as {count: number; results: Array<{name: string}>};
		const released = page.results.filter(tag => tag.name.startsWith('2.0'));
		page.results = [{...released[0]!, name: 'latest'}, ...released];
		page.count = page.results.length;
		hub.fault(r => r.path.includes('/edge/tags?'), {status: 200, headers: {'content-type': 'application/json'}, body: JSON.stringify(page)}, 1);
		// …and its repository had not been pushed since 2.0.0: the arm64-only push moves last_updated, so the next build reads the tags.
		const repository = (await (await request(`${hub.url}/v2/namespaces/acme/repositories/edge`)).body.json()) as {last_updated: string};
		repository.last_updated = (released[0] as unknown as {last_updated: string}).last_updated;
		hub.fault(r => r.path.endsWith('/repositories/edge'), {status: 200, headers: {'content-type': 'application/json'}, body: JSON.stringify(repository)}, 1);

		const directory = await temporaryDirectory();
		const first = await runBuild({hub, config, directory});
		expect(first.code).toBe(0);
		expect(await first.title('acme/edge/version')).toBe('version: v2.0.0');
		expect(await first.title('acme/edge/size-amd64')).toBe('image size: 28.5 MiB');

		hub.resetCounters();
		const second = await runBuild({hub, config, directory});
		expect(second.code).toBe(0);
		// 1 login, the repository, 1 tag page: the missing amd64 image reads no more pages.
		expect(hub.count()).toBe(3);
		expect(await second.title('acme/edge/version')).toBe('version: v2.0.0');
		expect(await second.title('acme/edge/size-amd64')).toBe('image size: 28.5 MiB');
		// No amd64 image: the only image (arm64) measures the default size, which is no error.
		expect(await second.title('acme/edge/size')).toBe('image size: 28.7 MiB');
		expect(await second.title('acme/edge/platforms')).toBe('platforms: arm64');
		const badges = JSON.parse(await second.read('badges.json')).images[0].badges as Array<{file: string; stale?: boolean; problem?: string}>;
		expect(badges.filter(badge => badge.stale).map(badge => badge.file)).toEqual(['version', 'size-amd64']);
		expect(badges[0]!.problem).toMatch(/^no image for amd64 in tag "latest", pushed 2\d min ago while other tags have one: a multi-arch push looks under way; the next build looks again$/);
		expect(second.stdout).toContain('0 errors, 2 stale.');
	});

	it('is red once the push is a day old and amd64 is still missing', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const run = await runBuild({hub, config, options: {now: () => new Date(now + 24 * 60 * minute)}});
		expect(run.code).toBe(1);
		expect(await run.title('acme/edge/version')).toBe('version: architecture not found');
		expect(await run.title('acme/edge/size-amd64')).toBe('image size: architecture not found');
	});
});
