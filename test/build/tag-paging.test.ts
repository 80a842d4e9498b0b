import {request} from 'undici';
import {afterEach, describe, expect, it} from 'vitest';
import {generateRepositories, type FakeImage, type FakeRepository, type FakeTag} from '../fake-hub/fixtures.ts';
import {startFakeHub, type FakeHub} from '../fake-hub/server.ts';
import {demoUser, runBuild} from '../helpers/run-build.ts';

let hub: FakeHub;
afterEach(async () => hub.close());

const tagPages = (image: string) => (hub.requests.filter(({path}) => path.startsWith(`/v2/namespaces/${image}/repositories/`) && path.includes('/tags?')).length);
const firstTagPage = (r: {path: string}) => r.path.includes('/tags?') && /[?&]page=1(?:&|$)/.test(r.path);

/** Page 1 of an image's tags as the fake serves it, changed by `edit`, served instead from now on. */
async function replaceFirstTagPage(path: string, edit: (page: {count: number; results: Array<Record<string, unknown>>}) => void): Promise<void> {
	const answer = await request(`${hub.url}${path}/tags?page_size=100&ordering=last_updated&page=1`);
	const page = (await answer.body.json()) as {count: number; results: Array<Record<string, unknown>>};
	edit(page);
	hub.fault(firstTagPage, {status: 200, headers: {'content-type': 'application/json'}, body: JSON.stringify(page)});
	hub.resetCounters();
}

const semverConfig = 'images:\n  - image: ns000/repo0000\n    badges:\n      - kind: version\n        sort: semver\n';

describe('bounded work for hostile counts', () => {
	// 5,100 tags: 51 pages, one more than an authenticated build reads.
	const huge = generateRepositories({namespaces: 1, perNamespace: 1, tagsPerRepository: 5_100});

	it('reads at most 50 tag pages for semver, shows the highest of those, and says so', async () => {
		hub = await startFakeHub({users: [demoUser], repositories: huge});
		const run = await runBuild({hub, config: semverConfig});
		expect(run.code).toBe(0);
		expect(tagPages('ns000')).toBe(50);
		expect(await run.title('ns000/repo0000/version-semver')).toBe('version: v51.9.8');
		const note = 'the highest version among the newest 5000 of 5100 tags; older tags are not read';
		expect(JSON.parse(await run.read('badges.json')).images[0].badges[0]).toMatchObject({message: 'v51.9.8', isError: false, note});
		expect(run.stdout).toContain(`  note ns000/repo0000 version-semver: v51.9.8 is ${note}`);
		expect(await run.read('index.html')).toContain(`<small>${note}</small>`);
	}, 30_000);

	it.each([
		['authenticated', demoUser, 50],
		['anonymous', null, 10],
	])('takes a count of 2,000,000 for what it is: %s, %i requests, no crash', async (_case, credentials, pages) => {
		hub = await startFakeHub({users: [demoUser], repositories: huge});
		await replaceFirstTagPage('/v2/namespaces/ns000/repositories/repo0000', page => {
			page.count = 2_000_000;
		});
		const run = await runBuild({hub, config: semverConfig, credentials});
		expect(run.code).toBe(0);
		expect(tagPages('ns000')).toBe(pages);
		expect(JSON.parse(await run.read('badges.json')).images[0].badges[0].note).toBe(
			`the highest version among the newest ${pages * 100} of 2000000 tags; older tags are not read`,
		);
	}, 30_000);

	it('takes a count too large for an array without a RangeError', async () => {
		hub = await startFakeHub({users: [demoUser], repositories: huge});
		await replaceFirstTagPage('/v2/namespaces/ns000/repositories/repo0000', page => {
			page.count = Number.MAX_SAFE_INTEGER;
		});
		const run = await runBuild({hub, config: semverConfig});
		expect(run.code).toBe(0);
		expect(tagPages('ns000')).toBe(50);
	}, 30_000);

	it('stops the search for version siblings at the cap too, and says so', async () => {
		hub = await startFakeHub({users: [demoUser], repositories: huge});
		// 51.9.7 is on page 1 and no other tag shares its image: only reading every page could show that.
		const run = await runBuild({hub, config: 'images:\n  - image: ns000/repo0000\n    badges:\n      - kind: version\n        tag: "51.9.7"\n'});
		expect(run.code).toBe(0);
		expect(tagPages('ns000')).toBe(50);
		expect(hub.count('/v2/namespaces/ns000/repositories/repo0000/tags/')).toBe(0);
		expect(JSON.parse(await run.read('badges.json')).images[0].badges[0]).toMatchObject({
			message: 'v51.9.7',
			note: 'the most dotted tag sharing the image of "51.9.7" among the newest 5000 of 5100 tags; older tags are not read',
		});
	}, 30_000);
});

describe('tag names Docker could not have pushed', () => {
	it('drops them when read, says how many once, and a megabyte-long name costs no time', async () => {
		hub = await startFakeHub({users: [demoUser], repositories: generateRepositories({namespaces: 1, perNamespace: 1, tagsPerRepository: 3})});
		const crafted = '1'.repeat(1_000_000);
		await replaceFirstTagPage('/v2/namespaces/ns000/repositories/repo0000', page => {
			const [newest] = page.results;
			// Pushed after every real tag, so without the filter they would be the newest.
			const later = {...newest, last_updated: '2999-01-01T00:00:00Z'};
			page.results.unshift({...later, name: crafted}, {...later, name: 'evil\u001b[31m\n::error::x'}, {...later, name: `${crafted}-`});
			page.count += 3;
		});
		const started = performance.now();
		const run = await runBuild({
			hub,
			config: 'images:\n  - image: ns000/repo0000\n    badges:\n      - kind: version\n        sort: semver\n      - version\n      - updated\n',
		});
		expect(performance.now() - started).toBeLessThan(5_000);
		expect(run.code).toBe(0);
		expect(tagPages('ns000')).toBe(1);
		expect(await run.title('ns000/repo0000/version-semver')).toBe('version: v1.0.1');
		expect(await run.title('ns000/repo0000/version')).toBe('version: v1.0.1');
		expect(await run.title('ns000/repo0000/updated')).not.toContain('2999');
		const warnings = run.stdout.split('\n').filter(line => line.includes('warning'));
		expect(warnings).toEqual(['  warning ns000/repo0000: ignored 3 tag name(s) Docker could not have pushed (over 128 characters or outside [A-Za-z0-9_][A-Za-z0-9_.-]*)']);
		expect(JSON.parse(await run.read('badges.json')).images[0].droppedTags).toBe(3);
		expect(run.stdout + (await run.read('badges.json')) + (await run.read('index.html'))).not.toContain('1111111111');
	}, 10_000);
});

describe('Docker Hub’s own ways', () => {
	it('follows next links on the legacy path, asking for pages of 100 again', async () => {
		const [ubuntu] = generateRepositories({namespaces: 1, perNamespace: 1, tagsPerRepository: 250});
		hub = await startFakeHub({users: [demoUser], repositories: [{...ubuntu!, namespace: 'library', name: 'ubuntu'}], legacyNextLinks: true});
		const run = await runBuild({hub, config: 'images:\n  - image: ubuntu\n    badges:\n      - kind: version\n        sort: semver\n'});
		expect(run.code).toBe(0);
		expect(await run.title('library/ubuntu/version-semver')).toBe('version: v3.4.8');
		const tagRequests = hub.requests.map(({path}) => path).filter(path => path.includes('/tags'));
		expect(tagRequests).toHaveLength(3);
		expect(tagRequests.filter(path => path.startsWith('/v2/repositories/ubuntu/tags/?') && path.includes('page_size=100'))).toHaveLength(2);
	});

	it('sorts page 1 by push time itself, to the nanosecond, whatever order Docker Hub sends', async () => {
		const image = (digest: string): FakeImage => ({architecture: 'amd64', os: 'linux', digest, size: 1_000});
		const tags: FakeTag[] = [
			{name: '1.0.0', last_updated: '2024-05-01T00:00:00Z', images: [image('sha256:a')]},
			{name: '1.1.0', last_updated: '2024-06-01T12:00:00.123456788Z', images: [image('sha256:b')]},
			{name: '1.2.0', last_updated: '2024-06-01T12:00:00.123456789Z', images: [image('sha256:c')]},
		];
		const repository: FakeRepository = {namespace: 'acme', name: 'app', description: '', is_private: false, pull_count: 1, star_count: 0, last_updated: '2024-06-01T12:00:00Z', tags};
		hub = await startFakeHub({users: [demoUser], repositories: [repository]});
		await replaceFirstTagPage('/v2/namespaces/acme/repositories/app', page => page.results.reverse());
		const run = await runBuild({hub, config: 'images:\n  - image: acme/app\n    badges: [version, updated]\n'});
		expect(await run.title('acme/app/version')).toBe('version: v1.2.0');
		expect(await run.title('acme/app/updated')).toBe('last updated: 2024-06-01');
		expect(tagPages('acme')).toBe(1);
	});
});
