import {afterEach, describe, expect, it} from 'vitest';
import type {FakeRepository, FakeTag} from '../fake-hub/fixtures.ts';
import {demoQuayRegistryRepositories, startFakeQuay} from '../fake-quay/server.ts';
import {fakeOciForTest} from '../helpers/loopback.ts';
import {startFakeHub, type FakeHub} from '../fake-hub/server.ts';
import {runBuild} from '../helpers/run-build.ts';

let hub: FakeHub;
afterEach(async () => hub.close());

const tagPages = () => hub.requests.filter(({path}) => path.startsWith('/v2/namespaces/acme/repositories/app/tags?')).length;
const tagLookups = () => hub.requests.filter(({path}) => path.startsWith('/v2/namespaces/acme/repositories/app/tags/')).length;

/**
 * A GHCR-style repository: `shaTags` CI tags pushed after `versions` releases, each its own
 * image, newest first; `latest` shares the newest release's image when asked.
 */
function repository({shaTags, versions, latest = false}: {shaTags: number; versions: string[]; latest?: boolean}): FakeRepository {
	let minute = 0;
	const at = () => new Date(Date.UTC(2024, 5, 1) - minute++ * 60_000).toISOString();
	const image = (digest: string) => [{architecture: 'amd64', os: 'linux', digest: `sha256:${digest.padEnd(64, '0')}`, size: 1000}];
	const tags: FakeTag[] = Array.from({length: shaTags}, (_, index) => ({name: `sha-${index.toString(16).padStart(7, '0')}`, last_updated: at(), images: image(`c${index}`)}));
	if (latest) tags.push({name: 'latest', last_updated: at(), images: image('release0')});
	versions.forEach((name, index) => tags.push({name, last_updated: at(), images: image(`release${index}`)}));
	return {namespace: 'acme', name: 'app', description: '', is_private: false, pull_count: 1, star_count: 0, last_updated: tags[0]!.last_updated, tags};
}

const badge = (options: string) => `images:\n  - image: acme/app\n    badges:\n      - {kind: version${options}}\n`;

describe('version include/exclude against Docker Hub', () => {
	it('reads on, page by page, until a tag the filter lets through, and no further', async () => {
		// Pages 1 and 2 are all sha- tags; the releases start on page 3, and page 4 is never read.
		hub = await startFakeHub({repositories: [repository({shaTags: 250, versions: Array.from({length: 150}, (_, index) => `1.${150 - index}`)})]});
		const run = await runBuild({hub, config: badge(', exclude: ["sha-*", "nightly*"]')});
		expect(run.code).toBe(0);
		expect(await run.title('acme/app/version')).toBe('version: v1.150');
		expect(tagPages()).toBe(3);
		expect(tagLookups()).toBe(0);
	});

	it('costs one page when page 1 has the answer, as without a filter', async () => {
		hub = await startFakeHub({repositories: [repository({shaTags: 5, versions: ['v2.0', 'v1.9'], latest: true})]});
		const badges = ['{kind: version, include: "v*", file: version-v}', '{kind: version, exclude: "sha-*", file: version-no-sha}', 'version'];
		const run = await runBuild({hub, config: `images:\n  - image: acme/app\n    badges:\n${badges.map(line => `      - ${line}\n`).join('')}`});
		expect(run.code).toBe(0);
		expect(await run.title('acme/app/version-v')).toBe('version: v2.0');
		// latest is the newest tag after the sha- tags, and shares its image with v2.0.
		expect(await run.title('acme/app/version-no-sha')).toBe('version: v2.0');
		expect(await run.title('acme/app/version')).toBe('version: sha-0000000');
		expect(tagPages()).toBe(1);
	});

	it('stops at the page cap, and the badge says no tag among those read matches', async () => {
		hub = await startFakeHub({repositories: [repository({shaTags: 1_200, versions: ['1.0']})]});
		const run = await runBuild({hub, config: badge(', exclude: sha-*'), credentials: null});
		expect(run.code).toBe(1);
		expect(tagPages()).toBe(10);
		const [entry] = JSON.parse(await run.read('badges.json')).images[0].badges;
		expect(entry).toMatchObject({
			message: 'tag not found',
			isError: true,
			problem: expect.stringContaining('no tag among the newest 1000 of 1201 tags matches exclude ["sha-*"]; older tags are not read'),
		});
	});

	it('semver sorting over the filtered tags reads every page, as without a filter', async () => {
		hub = await startFakeHub({repositories: [repository({shaTags: 150, versions: ['2.0.0-rc1', '1.10.0', '1.9.0']})]});
		const run = await runBuild({hub, config: badge(', sort: semver, include: "1.*"')});
		expect(await run.title('acme/app/version-semver')).toBe('version: v1.10.0');
		expect(tagPages()).toBe(2);
	});
});

describe('a filtered version badge and its last known good value', () => {
	const config = (exclude: string) => `images:\n  - image: acme/app\n    badges:\n      - {kind: version, exclude: ${exclude}}\n`;

	it('keeps its value for the same filter, however it is spelled, and not for another filter', async () => {
		hub = await startFakeHub({repositories: [repository({shaTags: 3, versions: ['1.2']})]});
		const first = await runBuild({hub, config: config('sha-*')});
		expect(await first.title('acme/app/version')).toBe('version: v1.2');

		hub.fault(({path}) => path.includes('/tags'), 'status-503');
		// Unpushed, the same filter is the same question: a rebuild carries its answer without reading tags.
		const carried = await runBuild({hub, config: config('["sha-*"]'), directory: first.root});
		expect(carried.code).toBe(0);
		expect(JSON.parse(await carried.read('badges.json')).images[0].badges[0]).toMatchObject({message: 'v1.2', options: {exclude: ['sha-*']}});
		expect(JSON.parse(await carried.read('badges.json')).images[0].badges[0].stale).toBeUndefined();

		const same = await runBuild({hub, config: config('["sha-*"]'), directory: first.root, options: {full: true}});
		expect(same.code).toBe(0);
		expect(JSON.parse(await same.read('badges.json')).images[0].badges[0]).toMatchObject({message: 'v1.2', stale: true, options: {exclude: ['sha-*']}});

		// Another filter asks another question: the value shown for sha-* is no answer to it.
		const other = await runBuild({hub, config: config('["sha-*", "1.*"]'), directory: first.root});
		expect(other.code).toBe(1);
		expect(JSON.parse(await other.read('badges.json')).images[0].badges[0]).toMatchObject({message: 'inaccessible', isError: true});
	});
});

describe('version include/exclude on other registries', () => {
	it('filters GHCR’s tags before the semver rule, and Quay’s before the date and digest rules', async () => {
		hub = await startFakeHub();
		const ghcr = await fakeOciForTest();
		const quayRegistry = await fakeOciForTest({repositories: demoQuayRegistryRepositories()});
		const now = () => new Date('2026-11-30T00:00:00Z');
		const quay = await startFakeQuay({now});
		try {
			const config = [
				'images:',
				'  - image: ghcr.io/acme/app',
				'    badges: [version, {kind: version, include: "1.9*", file: version-1.9}]',
				'  - image: quay.io/demo/tool',
				'    badges: [version, {kind: version, include: ["2.3*", "2.4.0"], file: version-old}, {kind: version, sort: semver, exclude: "2.4*", file: version-semver}]',
			].join('\n');
			const run = await runBuild({hub, config, env: {REGISTRY_URL_GHCR_IO: ghcr.url, REGISTRY_URL_QUAY_IO: quayRegistry.url, QUAY_API_URL: quay.url}, options: {now}});
			expect(run.code).toBe(0);
			expect(await run.title('ghcr.io/acme/app/version')).toBe('version: v1.10.0');
			expect(await run.title('ghcr.io/acme/app/version-1.9')).toBe('version: v1.9.0');
			expect(await run.title('quay.io/demo/tool/version')).toBe('version: sha-4f2a9c1');
			// By date: 2.4.0 is newer than 2.3.9.
			expect(await run.title('quay.io/demo/tool/version-old')).toBe('version: v2.4.0');
			expect(await run.title('quay.io/demo/tool/version-semver')).toBe('version: v2.3.9');
			// One tag page on Quay for all three; GHCR's one tag list.
			expect(quay.count('/api/v1/repository/demo/tool/tag/')).toBe(1);
		} finally {
			await quay.close();
		}
	});
});
