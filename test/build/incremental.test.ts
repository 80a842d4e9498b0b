import {cp, readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {check} from '../../src/build/check.ts';
import {generateRepositories, releaseTags} from '../fake-hub/fixtures.ts';
import type {FakeHub} from '../fake-hub/server.ts';
import {fakeHubForTest} from '../helpers/loopback.ts';
import {Capture, demoUser, runBuild, temporaryDirectory, type BuildRun} from '../helpers/run-build.ts';

const hour = 3_600_000;
const day = 24 * hour;
const start = Date.UTC(2026, 10, 2, 6);

const tagPages = (hub: FakeHub) => hub.requests.filter(request => /\/tags\?/.test(request.path)).map(request => request.path.replace(/\/tags\?.*/, '')).sort();
const listingPages = (hub: FakeHub) => hub.count(request => /\/repositories\?/.test(request.path));

/** 2 namespaces × 30 repositories, dated from `start`, and a badges.yml listing them all. */
async function thirtyByTwo(extra = '') {
	const repositories = generateRepositories({namespaces: 2, perNamespace: 30, now: new Date(start)});
	const hub = await fakeHubForTest({users: [demoUser], repositories});
	const config = `${extra}images:\n${repositories.map(repository => `  - ${repository.namespace}/${repository.name}`).join('\n')}\n`;
	return {hub, config};
}

async function buildAt(hub: FakeHub, config: string, at: number, directory: string, full = false) {
	hub.resetCounters();
	return runBuild({hub, config, directory, options: {now: () => new Date(at), full}});
}

function push(hub: FakeHub, image: string, version: string, at: number) {
	for (const tag of releaseTags(image, version, new Date(at))) hub.push(image, tag);
}

/** Every file of a site, by path relative to it. */
async function filesOf(run: BuildRun): Promise<Map<string, string>> {
	const names = (await readdir(run.out, {recursive: true, withFileTypes: true})).filter(entry => entry.isFile()).map(entry => path.relative(run.out, path.join(entry.parentPath, entry.name)));
	return new Map(await Promise.all(names.sort().map(async name => [name, await readFile(path.join(run.out, name), 'latin1')] as const)));
}

/** badges.json without the one field a carried image legitimately keeps from the build that read its tags. */
function withoutReadTimes(text: string): unknown {
	const manifest = JSON.parse(text) as {images: Array<Record<string, unknown>>};
	return {...manifest, images: manifest.images.map(({tagsReadAt, ...image}) => image)};
}

/** Two sites alike file by file: every SVG, endpoint JSON, page and the history byte for byte, badges.json but for tagsReadAt. */
async function expectSameSite(incremental: BuildRun, full: BuildRun) {
	const [mine, theirs] = await Promise.all([filesOf(incremental), filesOf(full)]);
	expect([...mine.keys()]).toEqual([...theirs.keys()]);
	for (const [name, text] of mine) {
		if (name === 'badges.json') {
			expect(withoutReadTimes(text)).toEqual(withoutReadTimes(theirs.get(name)!));
		} else {
			expect(text, name).toBe(theirs.get(name));
		}
	}
}

function manifestImage(text: string, image: string) {
	return (JSON.parse(text) as {images: Array<{image: string; tagsReadAt?: string; lastUpdated?: string}>}).images.find(entry => entry.image === image)!;
}

describe('a rebuild reads only what changed', () => {
	it('reads the listings and the tag pages of the repositories pushed since, and writes what a full build writes', async () => {
		const {hub, config} = await thirtyByTwo('groups:\n  - name: some\n    images: [ns000/repo0003, ns001/repo0005]\n    badges: [pulls, stars]\n');
		// Pushed 6 days 21 hours before the first build: its `updated` badge turns from brightgreen to green by the second.
		push(hub, 'ns001/repo0005', '3.0.0', start - 7 * day + 3 * hour);
		// A name Docker could not have pushed: left out, and counted in badges.json.
		hub.push('ns000/repo0010', {name: 'x'.repeat(200), last_updated: '2026-10-01T00:00:00Z', images: []});
		const directory = await temporaryDirectory();
		const first = await buildAt(hub, config, start, directory);
		expect(first.code).toBe(0);
		expect(await first.title('ns001/repo0005/updated')).toBe('last updated: 2026-10-26');
		expect(first.stdout).toContain('Requests: 63');
		const fullDirectory = await temporaryDirectory();
		await cp(first.out, path.join(fullDirectory, '_site'), {recursive: true});

		for (const image of ['ns000/repo0003', 'ns000/repo0017', 'ns001/repo0029']) push(hub, image, '9.9.9', start + hour);
		const second = await buildAt(hub, config, start + 6 * hour, directory);
		expect(second.code).toBe(0);
		// 1 login + 2 listing pages + the first tag page of each pushed repository, nothing else.
		expect(hub.count()).toBe(6);
		expect(listingPages(hub)).toBe(2);
		expect(tagPages(hub)).toEqual(['/v2/namespaces/ns000/repositories/repo0003', '/v2/namespaces/ns000/repositories/repo0017', '/v2/namespaces/ns001/repositories/repo0029']);
		expect(second.stdout).toContain('Requests: 6 (0.10 per image');
		expect(await second.title('ns000/repo0003/version')).toBe('version: v9.9.9');
		expect(await second.title('ns001/repo0005/version')).toBe('version: v3.0.0');
		// Aged with the second build's clock, as reading the tags would.
		expect(await second.read('badges/ns001/repo0005/updated.json')).toContain('"color":"green"');
		const badges = await second.read('badges.json');
		expect(badges).not.toContain('"stale"');
		expect(manifestImage(badges, 'ns001/repo0005').tagsReadAt).toBe(new Date(start).toISOString());
		expect(manifestImage(badges, 'ns000/repo0003').tagsReadAt).toBe(new Date(start + 6 * hour).toISOString());
		expect(manifestImage(badges, 'ns000/repo0003').lastUpdated).toMatch(/^2026-11-02T07:00:00\.\d+Z$/);

		// The same data read in full, from the same previous site: the same files.
		const full = await buildAt(hub, config, start + 6 * hour, fullDirectory, true);
		expect(full.code).toBe(0);
		expect(hub.count()).toBe(63);
		await expectSameSite(second, full);
		expect(await second.read('badges/groups/some/pulls.json')).toBe(await full.read('badges/groups/some/pulls.json'));
	});

	it('reads a repository before its tags, so that the last_updated it records covers every push the tags show', async () => {
		const hub = await fakeHubForTest({users: [demoUser], latencyMs: 50});
		const run = await runBuild({hub, config: 'images:\n  - grafana/grafana\n', options: {now: () => new Date(start)}});
		expect(run.code).toBe(0);
		expect(hub.requests.map(request => request.path)).toEqual(['/v2/auth/token', '/v2/namespaces/grafana/repositories/grafana', '/v2/namespaces/grafana/repositories/grafana/tags?page_size=100&ordering=last_updated&page=1']);
		expect(hub.inFlightPeak).toBe(1);
	});

	it('reads the tags again once they were read fetch.refreshTagsAfter ago, counted from the read, not from the builds that carried them', async () => {
		const {hub, config} = await thirtyByTwo('fetch:\n  refreshTagsAfter: 12h\n');
		const directory = await temporaryDirectory();
		await buildAt(hub, config, start, directory);
		await buildAt(hub, config, start + 6 * hour, directory);
		expect(tagPages(hub)).toHaveLength(0);
		await buildAt(hub, config, start + 12 * hour, directory);
		expect(tagPages(hub)).toHaveLength(60);
		const carried = await buildAt(hub, config, start + 18 * hour, directory);
		expect(tagPages(hub)).toHaveLength(0);
		expect(manifestImage(await carried.read('badges.json'), 'ns000/repo0000').tagsReadAt).toBe(new Date(start + 12 * hour).toISOString());
	});

	it('reads every tag page with --full, and again when the build’s clock has gone back (SOURCE_DATE_EPOCH)', async () => {
		const {hub, config} = await thirtyByTwo();
		const directory = await temporaryDirectory();
		await buildAt(hub, config, start, directory);
		const full = await buildAt(hub, config, start + hour, directory, true);
		expect(full.code).toBe(0);
		expect(tagPages(hub)).toHaveLength(60);
		await buildAt(hub, config, start - hour, directory);
		expect(tagPages(hub)).toHaveLength(60);
	});

	it('reads the tags of an image whose tag badges changed their question in badges.yml; a new color only repaints', async () => {
		const {hub, config} = await thirtyByTwo();
		const directory = await temporaryDirectory();
		await buildAt(hub, config, start, directory);
		const changed = config
			.replace('  - ns000/repo0001\n', '  - image: ns000/repo0001\n    badges: [{kind: size, arch: arm64, file: size}]\n')
			.replace('  - ns000/repo0002\n', '  - image: ns000/repo0002\n    badges: [{kind: version, sort: semver, file: version}]\n')
			.replace('  - ns000/repo0004\n', '  - image: ns000/repo0004\n    badges: [{kind: version, color: red}, {kind: platforms, label: arch}]\n');
		const fullDirectory = await temporaryDirectory();
		await cp(path.join(directory, '_site'), path.join(fullDirectory, '_site'), {recursive: true});
		const second = await buildAt(hub, changed, start + hour, directory);
		expect(tagPages(hub)).toEqual(['/v2/namespaces/ns000/repositories/repo0001', '/v2/namespaces/ns000/repositories/repo0002']);
		expect(await second.read('badges/ns000/repo0004/version.json')).toContain('"color":"red"');
		expect(await second.title('ns000/repo0004/platforms')).toBe('arch: amd64 | arm64');
		const full = await buildAt(hub, changed, start + hour, fullDirectory, true);
		await expectSameSite(second, full);
	});

	it('carries no badge that was an error or stale: those images’ tags are read', async () => {
		const {hub, config} = await thirtyByTwo();
		const directory = await temporaryDirectory();
		hub.fault('/v2/namespaces/ns000/repositories/repo0007/tags', 'status-503');
		const first = await buildAt(hub, config, start, directory);
		expect(await first.title('ns000/repo0007/version')).toBe('version: inaccessible');
		hub.clearFaults();
		hub.fault('/v2/namespaces/ns001/repositories/repo0008/tags', 'status-503');
		const stale = await buildAt(hub, config, start + hour, directory, true);
		expect(JSON.parse(await stale.read('badges.json')).images.find((image: {image: string}) => image.image === 'ns001/repo0008').badges[2].stale).toBe(true);
		hub.clearFaults();
		const third = await buildAt(hub, config, start + 2 * hour, directory);
		expect(tagPages(hub)).toEqual(['/v2/namespaces/ns001/repositories/repo0008']);
		expect(await third.read('badges.json')).not.toContain('"stale"');
	});

	it('reads the tags of an image whose repository call failed, as a full build does', async () => {
		const hub = await fakeHubForTest({users: [demoUser]});
		const config = 'images:\n  - grafana/grafana\n';
		const directory = await temporaryDirectory();
		await buildAt(hub, config, start, directory);
		hub.fault('/v2/namespaces/grafana/repositories/grafana', 'status-503', 3);
		const second = await buildAt(hub, config, start + hour, directory);
		expect(second.code).toBe(0);
		expect(tagPages(hub)).toEqual(['/v2/namespaces/grafana/repositories/grafana']);
		const badges = JSON.parse(await second.read('badges.json')).images[0].badges as Array<{kind: string; stale?: boolean}>;
		expect(badges.filter(badge => badge.stale).map(badge => badge.kind)).toEqual(['pulls', 'stars']);
	});

	it('skips the tags of a wildcard’s repositories not pushed since', async () => {
		const {hub} = await thirtyByTwo();
		const config = 'images:\n  - image: ns001/*\n';
		const directory = await temporaryDirectory();
		await buildAt(hub, config, start, directory);
		push(hub, 'ns001/repo0011', '4.0.0', start + hour);
		const second = await buildAt(hub, config, start + 2 * hour, directory);
		expect(second.code).toBe(0);
		expect(hub.count()).toBe(3);
		expect(tagPages(hub)).toEqual(['/v2/namespaces/ns001/repositories/repo0011']);
		expect(await second.title('ns001/repo0011/version')).toBe('version: v4.0.0');
	});

	it('never reuses tags recorded from another Docker Hub origin', async () => {
		const {hub, config} = await thirtyByTwo();
		const directory = await temporaryDirectory();
		const first = await buildAt(hub, config, start, directory);
		const mirror = await fakeHubForTest({users: [demoUser], repositories: generateRepositories({namespaces: 2, perNamespace: 30, now: new Date(start)})});
		const second = await runBuild({hub: mirror, config, options: {now: () => new Date(start + hour), previous: path.join(first.out, 'badges.json')}});
		expect(second.stderr).toContain('not used');
		expect(tagPages(mirror)).toHaveLength(60);
	});

	it('reads the tags when the previous badges.json records them in a form no build writes, and still uses the rest of it', async () => {
		const {hub, config} = await thirtyByTwo();
		const directory = await temporaryDirectory();
		const first = await buildAt(hub, config, start, directory);
		const manifest = JSON.parse(await first.read('badges.json'));
		const [a, b, c, d] = manifest.images;
		a.lastUpdated = 'yesterday';
		b.tagsReadAt = '2026-13-45T00:00:00Z';
		c.badges[2].reuse = {color: '"><script>'};
		delete d.badges[4].reuse.pushedAt;
		await writeFile(path.join(first.out, 'badges.json'), JSON.stringify(manifest));
		// Their tags are read; the rest of each entry still stands in for a failed fetch.
		hub.fault(/^\/v2\/namespaces\/ns000\/repositories\/repo000[0-3]\/tags/, 'status-503');
		const second = await buildAt(hub, config, start + hour, directory);
		expect(second.code).toBe(0);
		expect([...new Set(tagPages(hub))]).toEqual([a, b, c, d].map(image => `/v2/namespaces/${image.namespace}/repositories/${image.repo}`));
		const versions = (JSON.parse(await second.read('badges.json')).images as Array<{badges: unknown[]}>).slice(0, 4).map(image => image.badges[2]);
		expect(versions).toMatchObject([a, b, c, d].map(image => ({message: image.badges[2].message, stale: true})));
	});

	it('never carries tags over when Docker Hub’s last_updated is not a time, nor when badges.json says it was', async () => {
		const hub = await fakeHubForTest({users: [demoUser]});
		const config = 'images:\n  - grafana/grafana\n';
		const directory = await temporaryDirectory();
		const body = JSON.stringify({name: 'grafana', namespace: 'grafana', pull_count: 5, star_count: 1, last_updated: 'soon'});
		hub.fault(/^\/v2\/namespaces\/grafana\/repositories\/grafana$/, {status: 200, body, headers: {'content-type': 'application/json'}});
		const first = await buildAt(hub, config, start, directory);
		expect(first.code).toBe(0);
		const manifest = JSON.parse(await first.read('badges.json'));
		expect(manifest.images[0]).not.toHaveProperty('lastUpdated');
		Object.assign(manifest.images[0], {lastUpdated: 'soon', tagsReadAt: new Date(start).toISOString()});
		await writeFile(path.join(first.out, 'badges.json'), JSON.stringify(manifest));
		await buildAt(hub, config, start + hour, directory);
		expect(tagPages(hub)).toEqual(['/v2/namespaces/grafana/repositories/grafana']);
	});

	it('reads again the tags of a badge answered from only some of them (the page cap, which depends on the login)', async () => {
		const repositories = generateRepositories({namespaces: 1, perNamespace: 1, tagsPerRepository: 1001, now: new Date(start)});
		const hub = await fakeHubForTest({users: [demoUser], repositories});
		const config = 'images:\n  - image: ns000/repo0000\n    badges: [{kind: version, sort: semver}, size]\n';
		const directory = await temporaryDirectory();
		const first = await runBuild({hub, config, directory, credentials: null, options: {now: () => new Date(start)}});
		expect(await first.read('badges.json')).toContain('"note":"the highest version among the newest 1000 of 1001 tags');
		hub.resetCounters();
		await runBuild({hub, config, directory, credentials: null, options: {now: () => new Date(start + hour)}});
		expect(tagPages(hub)).toHaveLength(10);
	});
});

describe('npm run check with a previous badges.json', () => {
	it('counts the tag pages of the images whose tags may be carried over as spared', async () => {
		const {hub, config} = await thirtyByTwo();
		const directory = await temporaryDirectory();
		const first = await buildAt(hub, config, start, directory);
		const planned = async (full: boolean) => {
			const stdout = new Capture();
			const stderr = new Capture();
			const code = await check({config: path.join(directory, 'badges.yml'), out: first.out, full, env: {DOCKERHUB_API_URL: hub.url, SOURCE_DATE_EPOCH: String((start + hour) / 1000)}, stdout, stderr});
			expect(code).toBe(0);
			return stdout.text;
		};
		const incremental = await planned(false);
		// 2 listing pages; the 60 first tag pages spared.
		expect(incremental).toContain('Planned requests: 2, plus one login');
		expect(incremental).toContain('60 of the images\' tag badges may be carried over from the previous build (tags read less than 1d ago)');
		expect(await planned(true)).toContain('Planned requests: 62, plus one login');
	});
});
