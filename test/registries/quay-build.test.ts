import {afterEach, describe, expect, it} from 'vitest';
import {demoQuayRegistryRepositories, demoQuayRepositories, startFakeQuay, type FakeQuay} from '../fake-quay/server.ts';
import {configProblems} from '../helpers/config-problems.ts';
import {fakeHubForTest, fakeOciForTest} from '../helpers/loopback.ts';
import {runBuild, runCheck} from '../helpers/run-build.ts';

const now = () => new Date('2026-11-30T00:00:00Z');
let quay: FakeQuay | undefined;
afterEach(async () => {
	await quay?.close();
	quay = undefined;
});

const mixed = [
	'images:',
	'  - image: nginx',
	'    badges: [pulls, version]',
	'  - image: ghcr.io/acme/app',
	'    badges: [version, platforms]',
	'  - image: quay.io/demo/tool',
	'    badges:',
	'      - version',
	'      - {kind: version, exclude: "sha-*", file: version-release}',
	'      - updated',
	'      - {kind: pulls, per: day}',
	'      - {kind: pulls, per: week}',
	'      - {kind: pulls, per: month}',
	'      - size',
	'      - platforms',
].join('\n');

async function servers() {
	const hub = await fakeHubForTest();
	const ghcr = await fakeOciForTest();
	const quayRegistry = await fakeOciForTest({repositories: demoQuayRegistryRepositories()});
	quay = await startFakeQuay({now});
	const env = {REGISTRY_URL_GHCR_IO: ghcr.url, REGISTRY_URL_QUAY_IO: quayRegistry.url, QUAY_API_URL: quay.url};
	return {hub, ghcr, quayRegistry, quay, env};
}

describe('one badges.yml of Docker Hub, GHCR and Quay images', () => {
	it('builds one site with each registry’s badges, at a known cost per registry', async () => {
		const {hub, ghcr, quayRegistry, quay, env} = await servers();
		const run = await runBuild({hub, config: mixed, env, options: {now}});
		expect(run.stderr).not.toMatch(/warning|error/);
		expect(run.code).toBe(0);
		const quayTitles = await Promise.all(
			['version', 'version-release', 'updated', 'pulls-day', 'pulls-week', 'pulls-month', 'size', 'platforms'].map(async file => run.title(`quay.io/demo/tool/${file}`)),
		);
		expect(quayTitles).toEqual([
			// The newest live tag, a CI build's.
			'version: sha-4f2a9c1',
			// Without sha- tags the newest is latest, pushed with 2.4 and 2.4.1 as one index.
			'version: v2.4.1',
			'last updated: 2026-11-29',
			// Quay's own daily counts (1,037 yesterday; 8,036 over 7 days; 35,605 over 30): no history needed.
			'docker pulls: 1k/day',
			'docker pulls: 8k/week',
			'docker pulls: 36k/month',
			// latest's amd64 image from the registry API: its layers and config.
			'image size: 14.3 MiB',
			'platforms: amd64 | arm64',
		]);
		expect(await run.title('ghcr.io/acme/app/version')).toBe('version: v1.10.0');
		expect(await run.title('library/nginx/version')).toMatch(/^version: /);

		// Quay's API: the repository with its stats and one page of live tags, nothing else.
		expect(quay.requests.map(request => request.path)).toEqual(
			expect.arrayContaining(['/api/v1/repository/demo/tool?includeStats=true&includeTags=false', '/api/v1/repository/demo/tool/tag/?onlyActiveTags=true&limit=100&page=1']),
		);
		expect(quay.requests).toHaveLength(2);
		// Its registry: one probe, one pull token, latest's index and its amd64 manifest (for the size).
		expect(quayRegistry.count('/v2/demo/tool/manifests/')).toBe(2);
		expect(quayRegistry.count('/v2/demo/tool/blobs/')).toBe(0);
		expect(quayRegistry.requests).toHaveLength(4);
		expect(run.stdout).toContain(`quay.io ${quay.requests.length + quayRegistry.requests.length}`);
		expect(run.stdout).toContain(`ghcr.io ${ghcr.requests.length}`);

		const manifest = JSON.parse(await run.read('badges.json')) as {sources: {registries: Record<string, string>}; images: Array<{image: string; description: string | null}>};
		expect(manifest.sources.registries).toEqual({'ghcr.io': ghcr.url, 'quay.io': `${quayRegistry.url}, API ${quay.url}`});
		expect(manifest.images.find(image => image.image === 'quay.io/demo/tool')?.description).toBe('A demo image on quay.io');
	});

	it('keeps every image’s last good values when all three registries fail', async () => {
		const {hub, ghcr, quayRegistry, quay, env} = await servers();
		const first = await runBuild({hub, config: mixed, env, options: {now}});
		expect(first.code).toBe(0);
		const before = JSON.parse(await first.read('badges.json')) as {images: Array<{image: string; badges: Array<{file: string; message: string}>}>};

		hub.fault(() => true, 'status-503');
		ghcr.fault('registry', '/', {status: 503});
		quayRegistry.fault('registry', '/', {status: 503});
		quay.fault('/', 'status-503');
		const second = await runBuild({hub, config: mixed, env, directory: first.root, options: {now}});
		expect(second.code).toBe(0);
		const after = JSON.parse(await second.read('badges.json')) as {images: Array<{image: string; badges: Array<{file: string; message: string; stale?: boolean}>}>};
		for (const image of after.images) {
			const previous = before.images.find(candidate => candidate.image === image.image)!;
			expect(image.badges.map(badge => [badge.file, badge.message, badge.stale])).toEqual(previous.badges.map(badge => [badge.file, badge.message, true]));
		}
		expect(after.images.map(image => image.image)).toEqual(['library/nginx', 'ghcr.io/acme/app', 'quay.io/demo/tool']);
	});

	it('does not let values fetched from another Quay API stand in', async () => {
		const {hub, quayRegistry, quay, env} = await servers();
		const config = 'images:\n  - image: quay.io/demo/tool\n    badges: [version]\n';
		const first = await runBuild({hub, config, env, options: {now}});
		expect(await first.title('quay.io/demo/tool/version')).toBe('version: sha-4f2a9c1');
		const elsewhere = await startFakeQuay({now, repositories: demoQuayRepositories(now())});
		try {
			elsewhere.fault('/', 'status-503');
			const second = await runBuild({hub, config, env: {...env, QUAY_API_URL: elsewhere.url}, directory: first.root, options: {now}});
			expect(await second.title('quay.io/demo/tool/version')).toBe('version: inaccessible');
		} finally {
			await elsewhere.close();
		}
		expect(quayRegistry.requests).toHaveLength(0);
		expect(quay.requests).toHaveLength(2);
	});
});

describe('QUAY_TOKEN', () => {
	const token = 'quay_oauth_0123456789abcdefSECRET';

	it('opens a private repository on Quay’s API and goes nowhere else; no output holds it', async () => {
		const hub = await fakeHubForTest();
		const quayRegistry = await fakeOciForTest({repositories: demoQuayRegistryRepositories()});
		quay = await startFakeQuay({now, token, repositories: demoQuayRepositories(now()).map(repository => ({...repository, is_public: false}))});
		const config = 'images:\n  - nginx\n  - image: quay.io/demo/tool\n    badges: [version, platforms]\n';
		const env = {REGISTRY_URL_QUAY_IO: quayRegistry.url, QUAY_API_URL: quay.url};

		const anonymous = await runBuild({hub, config, env, options: {now, allowErrors: true}});
		expect(await anonymous.title('quay.io/demo/tool/version')).toBe('version: inaccessible');
		const [problem] = JSON.parse(await anonymous.read('badges.json')).images[1].badges.map((badge: {problem?: string}) => badge.problem);
		expect(problem).toContain('set QUAY_TOKEN (and REGISTRY_QUAY_IO_USERNAME and REGISTRY_QUAY_IO_PASSWORD for its registry)');

		const wrong = await runBuild({hub, config, env: {...env, QUAY_TOKEN: 'quay_oauth_not_this_one'}, options: {now, allowErrors: true}});
		expect(await wrong.title('quay.io/demo/tool/version')).toBe('version: inaccessible');
		expect(JSON.parse(await wrong.read('badges.json')).images[1].badges[0].problem).toContain('the token cannot read this repository: check its scope');

		quay.resetCounters();
		const run = await runBuild({hub, config, env: {...env, QUAY_TOKEN: token}, options: {now}});
		expect(run.code).toBe(0);
		expect(await run.title('quay.io/demo/tool/version')).toBe('version: sha-4f2a9c1');
		expect(await run.title('quay.io/demo/tool/platforms')).toBe('platforms: amd64 | arm64');
		expect(quay.requests.map(request => request.authorization)).toEqual([`Bearer ${token}`, `Bearer ${token}`]);
		expect(quayRegistry.requests.some(request => request.authorization?.includes(token))).toBe(false);
		expect(hub.requests.some(request => request.authorization?.includes(token))).toBe(false);
		const written = [run.stdout, run.stderr, await run.read('badges.json'), await run.read('index.html')].join('\n');
		expect(written).not.toContain(token);
	});
});

describe('what quay.io cannot show, refused before any request', () => {
	it.each([
		['a pulls total', '[pulls]', 'badges.yml:3:14: images[0].badges[0]: pulls badge: quay.io counts pulls per day for about three months and keeps no lifetime total; show the pulls of a period with per: day, week or month'],
		['pulls per year', '[{kind: pulls, per: year}]', 'badges.yml:3:14: images[0].badges[0]: pulls badge: quay.io counts pulls per day for about three months and keeps no lifetime total, so not a year\'s; use per: day, week or month'],
		['a chart', '[version, chart]', 'badges.yml:3:23: images[0].badges[1]: chart badge: quay.io counts pulls per day for about three months and keeps no lifetime total, and a chart draws the total over time'],
		['stars', '[version, stars]', 'badges.yml:3:23: images[0].badges[1]: stars badge: quay.io\'s API gives no star count (only whether the caller starred the repository)'],
	])('%s', (_case, badges, expected) => {
		expect(configProblems(`images:\n  - image: quay.io/demo/tool\n    badges: ${badges}\n`)).toBe(expected);
	});

	it('gives a quay.io image without a badge list the default badges it can show', async () => {
		const check = await runCheck('images:\n  - quay.io/demo/tool\n');
		expect(check.code).toBe(0);
		// version, size, updated, platforms: the repository, a tag page, a pull token and latest's manifest.
		expect(check.stdout).toContain('quay.io: 4 more requests at least');
		expect(check.stdout).toContain('quay.io has an API of its own beside the registry: it shows version');
		expect(check.stdout).toContain('not a pulls total or a chart of it (it keeps none), or stars (its API gives no count)');
	});
});
