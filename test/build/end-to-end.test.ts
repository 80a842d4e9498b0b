import {mkdir, readdir, readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {generateRepositories} from '../fake-hub/fixtures.ts';
import {startFakeHub, type FakeHub} from '../fake-hub/server.ts';
import {build} from '../../src/build/build.ts';
import {Capture, demoUser, runBuild, temporaryDirectory} from '../helpers/run-build.ts';

const sampleConfig = await readFile(new URL('../../badges.yml', import.meta.url), 'utf8');

let hub: FakeHub;
afterEach(async () => hub.close());

describe('the sample badges.yml against the fake hub', () => {
	beforeEach(async () => {
		hub = await startFakeHub({users: [demoUser]});
	});

	it('writes every badge with shields.io messages, in one login and the planned requests', async () => {
		const run = await runBuild({hub, config: sampleConfig});
		expect(run.stderr).not.toContain('error');
		expect(run.code).toBe(0);

		expect(await run.title('library/nginx/pulls')).toBe('docker pulls: 10G');
		expect(await run.title('library/nginx/stars')).toBe('docker stars: 21k');
		expect(await run.title('library/nginx/size')).toBe('image size: 66.8 MiB');
		expect(await run.title('library/nginx/updated')).toMatch(/^last updated: \d{4}-\d{2}-\d{2}$/);
		expect(await run.title('library/nginx/platforms')).toBe('platforms: 386 | amd64 | arm/v7 | arm64/v8 | ppc64le | s390x');
		expect(await run.title('library/hello-world/platforms')).toBe('platforms: linux/amd64 | linux/arm64/v8 | windows/amd64');
		expect(await run.title('grafana/grafana/version')).toBe('version: v11.2.2');
		expect(await run.title('bitnami/redis/version')).toBe('version: v7.4.1-debian-12-r2');
		expect(await run.title('myorg/app/version-semver')).toBe('version: v1.2.0');
		expect(await run.title('myorg/app/size-arm64')).toMatch(/^image size: [\d.]+ MiB$/);
		// for-the-badge upper-cases, as shields.io does; the custom label replaces the kind's.
		expect(await run.title('myorg/app/pulls')).toBe('DOWNLOADS: 1.2K');

		// 1 login, 1 listing for library (nginx + hello-world), 3 repository calls, 5 first tag pages.
		expect(hub.logins).toBe(1);
		expect(hub.count()).toBe(10);
		expect(hub.count('/v2/namespaces/library/repositories?')).toBe(1);
		expect(hub.requests.filter(request => request.path.startsWith('/v2/namespaces')).every(request => request.authorization?.startsWith('Bearer '))).toBe(true);
		expect(run.stdout).toContain('Requests: 10 (2.00 per image; shields.io would make at least 23), logins: 1, 429s: 0');
	});

	it('writes the shields endpoint JSON, the manifest and the index page beside the SVGs', async () => {
		const run = await runBuild({hub, config: sampleConfig});
		expect(JSON.parse(await run.read('badges/myorg/app/pulls.json'))).toEqual({
			schemaVersion: 1,
			label: 'downloads',
			message: '1.2k',
			color: 'green',
			labelColor: '#555',
			isError: false,
			namedLogo: 'docker',
			style: 'for-the-badge',
		});
		const manifest = JSON.parse(await run.read('badges.json'));
		expect(manifest.images.map((image: {image: string}) => image.image)).toEqual([
			'library/nginx',
			'library/hello-world',
			'grafana/grafana',
			'bitnami/redis',
			'myorg/app',
		]);
		expect(manifest.images[0].badges[0]).toMatchObject({kind: 'pulls', file: 'pulls', label: 'docker pulls', message: '10G', isError: false});
		expect(Date.parse(manifest.images[0].badges[0].fetchedAt)).toBeGreaterThan(0);

		const html = await run.read('index.html');
		expect(html).toContain('<h1>Docker badges</h1>');
		expect(html).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z">\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC<\/time>/);
		expect(html).toContain('id="library/nginx"');
		expect(html).toContain('src="badges/library/nginx/pulls.svg" alt="docker pulls: 10G" width="');
		expect(html).toContain('data-id="library/nginx" data-name="nginx" data-page="index.html" data-hub="https://hub.docker.com/_/nginx"');
		expect(html).toContain('<li class="fresh" data-file="pulls" data-name="docker pulls"><img');
		expect(html).toContain('<code class="url">badges/myorg/app/size-arm64.svg</code>');
		const index = JSON.parse(await run.read('index.json')) as {images: {id: string}[]};
		expect(index.images.map(image => image.id)).toEqual(['library/nginx', 'library/hello-world', 'grafana/grafana', 'bitnami/redis', 'myorg/app']);
		expect(await run.read('_headers')).toContain('/badges/*\n  Cache-Control: public, max-age=3600, stale-while-revalidate=86400\n');
		expect(await run.read('_headers')).toContain('/badges/*.svg\n  Content-Type: image/svg+xml\n');
		// The logo is embedded in the SVG, as shields.io does.
		expect(await run.read('badges/myorg/app/pulls.svg')).toContain('data:image/svg+xml;base64,');
	});

	it('runs anonymously without credentials: says so once, and private repositories are not found', async () => {
		const run = await runBuild({hub, config: sampleConfig, credentials: null});
		expect(run.stderr.match(/running anonymously/g)).toHaveLength(1);
		expect(run.code).toBe(1);
		expect(hub.logins).toBe(0);
		expect(hub.requests.every(request => request.authorization === undefined)).toBe(true);
		expect(await run.title('myorg/app/version-semver')).toBe('version: repo not found');
		expect(await run.title('library/nginx/pulls')).toBe('docker pulls: 10G');
		expect(run.stdout).toContain('error myorg/app version-semver: repo not found');
	});

	it('exits 0 with --allow-errors and still writes the error badges', async () => {
		const run = await runBuild({hub, config: sampleConfig, credentials: null, options: {allowErrors: true}});
		expect(run.code).toBe(0);
		expect(await run.title('myorg/app/pulls')).toBe('DOWNLOADS: REPO NOT FOUND');
	});

	it('stops with exit 2 on bad credentials, naming the user but never the secret, writing nothing', async () => {
		const run = await runBuild({hub, config: sampleConfig, credentials: {username: 'demo', secret: 'dckr_pat_wrong'}});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('Docker Hub refused the login of user "demo"');
		expect(run.stderr + run.stdout).not.toContain('dckr_pat_wrong');
		expect(hub.requests.map(request => request.path)).toEqual(['/v2/auth/token']);
		await expect(stat(run.out)).rejects.toThrow();
	});

	it('refuses half-set credentials before any request', async () => {
		const run = await runBuild({hub, config: sampleConfig, credentials: {username: 'demo', secret: ''}});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('DOCKERHUB_TOKEN is not set');
		expect(hub.count()).toBe(0);
	});

	it.each([
		['the working directory', () => process.cwd(), 'would replace'],
		[
			'a folder that is not a badges site',
			async (root: string) => {
				await mkdir(path.join(root, 'docs'));
				await writeFile(path.join(root, 'docs', 'notes.md'), 'mine\n');
				return path.join(root, 'docs');
			},
			'holds notes.md, so it is not a site this tool wrote',
		],
	])('refuses to replace %s with exit 2, before any request', async (_what, out, message) => {
		const directory = await temporaryDirectory();
		const configPath = path.join(directory, 'badges.yml');
		await writeFile(configPath, 'images: [nginx]\n');
		const stderr = new Capture();
		const report = await build({config: configPath, out: await out(directory), env: {DOCKERHUB_API_URL: hub.url}, stdout: new Capture(), stderr});
		expect(report.exitCode).toBe(2);
		expect(stderr.text).toContain(message);
		expect(hub.count()).toBe(0);
		expect((await readdir(directory)).filter(entry => entry.startsWith('.'))).toEqual([]);
	});

	it('stops on an invalid config with file:line:col, before any request or write', async () => {
		const run = await runBuild({hub, config: 'images:\n  - nginx\n  - image: redis\n    badges: [pulls, sizes]\n'});
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/badges\.yml:4:21: images\[1\]\.badges\[1\]\.kind: unknown badge kind "sizes"/);
		expect(hub.count()).toBe(0);
		await expect(stat(run.out)).rejects.toThrow();
	});

	it('shows "repo not found" for a repository Docker Hub answers 404 for, and the other images still build', async () => {
		const run = await runBuild({hub, config: 'images:\n  - nginx\n  - nobody/nothing\n'});
		expect(run.code).toBe(1);
		expect(await run.title('nobody/nothing/pulls')).toBe('docker pulls: repo not found');
		expect(await run.title('nobody/nothing/version')).toBe('version: repo not found');
		expect(await run.title('library/nginx/pulls')).toBe('docker pulls: 10G');
		const manifest = JSON.parse(await run.read('badges.json'));
		expect(manifest.images[1].badges[0]).toMatchObject({isError: true, color: 'red', message: 'repo not found'});
	});

	it('logs in again once when Docker Hub revokes the token mid-build, and retries the refused calls', async () => {
		hub.setLatency(40);
		const pending = runBuild({hub, config: sampleConfig});
		while (hub.count('/v2/namespaces') < 2) {
			await new Promise(resolve => setTimeout(resolve, 5));
		}
		hub.revokeTokens();
		const run = await pending;
		expect(run.code).toBe(0);
		expect(hub.logins).toBe(2);
		expect(hub.count(request => request.status === 401)).toBeGreaterThan(0);
		expect(run.stdout).toContain('0 errors');
	});

	it('stops with exit 2 and writes nothing when Docker Hub refuses the credentials mid-build', async () => {
		hub.setLatency(40);
		const directory = await temporaryDirectory();
		const pending = runBuild({hub, config: sampleConfig, directory});
		while (hub.count('/v2/namespaces') < 2) {
			await new Promise(resolve => setTimeout(resolve, 5));
		}
		hub.revokeTokens();
		hub.fault('/v2/auth/token', {status: 401, headers: {'content-type': 'application/json'}, body: '{"detail":"Incorrect authentication credentials"}'});
		const run = await pending;
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('Docker Hub refused the login of user "demo"');
		// Let whatever was still in flight settle, then check nothing was left behind.
		await new Promise(resolve => setTimeout(resolve, 300));
		expect((await readdir(directory)).sort()).toEqual(['badges.yml']);
	});

	it('falls back to the legacy login route where /v2/auth/token does not exist', async () => {
		await hub.close();
		hub = await startFakeHub({users: [demoUser], legacyLoginOnly: true});
		const run = await runBuild({hub, config: sampleConfig});
		expect(run.code).toBe(0);
		expect(hub.count('/v2/auth/token')).toBe(1);
		expect(hub.count('/v2/users/login')).toBe(1);
		expect(hub.logins).toBe(1);
	});

	it('turns a malformed answer into an inaccessible badge for that image only', async () => {
		hub.fault('/v2/namespaces/grafana/repositories/grafana/tags', 'malformed');
		const run = await runBuild({hub, config: sampleConfig});
		expect(run.code).toBe(1);
		expect(await run.title('grafana/grafana/version')).toBe('version: inaccessible');
		expect(await run.title('grafana/grafana/pulls')).toBe('docker pulls: 1.9G');
		expect(await run.title('library/nginx/version')).not.toContain('inaccessible');
	});

	it('never keeps more requests in flight than fetch.concurrency', async () => {
		await hub.close();
		hub = await startFakeHub({users: [demoUser], repositories: generateRepositories({namespaces: 12, perNamespace: 1}), latencyMs: 20});
		const images = Array.from({length: 12}, (_, n) => `  - ns${String(n).padStart(3, '0')}/repo0000`).join('\n');
		const run = await runBuild({hub, config: `fetch:\n  concurrency: 3\nimages:\n${images}\n`});
		expect(run.code).toBe(0);
		expect(hub.inFlightPeak).toBe(3);
	});
});

describe('paging', () => {
	const manyTags = generateRepositories({namespaces: 1, perNamespace: 1, tagsPerRepository: 250});

	it('reads every tag page for semver, and only page 1 otherwise', async () => {
		hub = await startFakeHub({users: [demoUser], repositories: manyTags});
		const run = await runBuild({
			hub,
			config: 'images:\n  - image: ns000/repo0000\n    badges:\n      - kind: version\n        sort: semver\n      - version\n      - size\n',
		});
		expect(run.code).toBe(0);
		expect(await run.title('ns000/repo0000/version-semver')).toBe('version: v3.4.8');
		expect(hub.count('/v2/namespaces/ns000/repositories/repo0000/tags?')).toBe(3);
		// Later pages are derived from page 1's next link, so Docker's own parameters are kept.
		expect(hub.requests.some(request => request.path.includes('page=3'))).toBe(true);
	});

	it('refuses a next link to another origin instead of sending the token there', async () => {
		hub = await startFakeHub({users: [demoUser], repositories: manyTags});
		hub.fault(
			request => request.path.includes('/tags?') && request.path.includes('page=1'),
			{
				status: 200,
				headers: {'content-type': 'application/json'},
				body: JSON.stringify({count: 250, next: 'http://127.0.0.2:9/v2/steal?page=2', previous: null, results: []}),
			},
		);
		const run = await runBuild({hub, config: 'images:\n  - image: ns000/repo0000\n    badges:\n      - kind: version\n        sort: semver\n'});
		expect(run.code).toBe(1);
		expect(await run.title('ns000/repo0000/version-semver')).toBe('version: inaccessible');
		expect(run.stdout).toContain('not followed, so credentials stay with Docker Hub');
		expect(hub.count('/v2/namespaces/ns000/repositories/repo0000/tags?')).toBe(1);
	});

	it('keeps page 1 for the other badges when a later tag page fails; only the semver badge is inaccessible', async () => {
		hub = await startFakeHub({users: [demoUser], repositories: manyTags});
		hub.fault(request => request.path.includes('/tags?') && request.path.includes('page=2'), {status: 404, headers: {'content-type': 'application/json'}, body: '{"message":"object not found","errinfo":{}}'});
		const run = await runBuild({hub, config: 'images:\n  - image: ns000/repo0000\n    badges:\n      - kind: version\n        sort: semver\n      - updated\n      - size\n'});
		expect(await run.title('ns000/repo0000/version-semver')).toBe('version: inaccessible');
		expect(await run.title('ns000/repo0000/updated')).toMatch(/^last updated: \d{4}-\d{2}-\d{2}$/);
		expect(await run.title('ns000/repo0000/size')).toMatch(/^image size: /);
		const manifest = JSON.parse(await run.read('badges.json'));
		expect(manifest.images[0].badges[0].problem).toContain('only 150 of 250 tags could be read for semver sorting');
	});

	it('turns a malformed next link into an inaccessible badge, not a crash', async () => {
		hub = await startFakeHub({users: [demoUser], repositories: manyTags});
		hub.fault(
			request => request.path.includes('/tags?') && request.path.includes('page=1'),
			{status: 200, headers: {'content-type': 'application/json'}, body: JSON.stringify({count: 250, next: 'http://[not a url', previous: null, results: []})},
		);
		const run = await runBuild({hub, config: 'images:\n  - image: ns000/repo0000\n    badges:\n      - kind: version\n        sort: semver\n'});
		expect(run.code).toBe(1);
		expect(await run.title('ns000/repo0000/version-semver')).toBe('version: inaccessible');
		expect(run.stdout).toContain('malformed next link');
	});

	it('looks up a named tag that is older than the first page with one call', async () => {
		hub = await startFakeHub({users: [demoUser], repositories: manyTags});
		const run = await runBuild({hub, config: 'images:\n  - image: ns000/repo0000\n    badges:\n      - kind: size\n        tag: "1.0.0"\n      - kind: updated\n        tag: "9.9.9"\n'});
		expect(await run.title('ns000/repo0000/size-1.0.0')).toMatch(/^image size: /);
		expect(await run.title('ns000/repo0000/updated-9.9.9')).toBe('last updated: tag not found');
		expect(hub.count('/v2/namespaces/ns000/repositories/repo0000/tags/1.0.0')).toBe(1);
		expect(hub.count('/v2/namespaces/ns000/repositories/repo0000/tags/9.9.9')).toBe(1);
		expect(run.code).toBe(1);
	});
});

it('keeps the output directory path free of a half-written build on success', async () => {
	hub = await startFakeHub({users: [demoUser]});
	const run = await runBuild({hub, config: 'images: [nginx]\n'});
	expect((await readdir(run.root)).sort()).toEqual(['_site', 'badges.yml']);
	expect((await readdir(run.out)).sort()).toEqual(['.dockerhub-badges', '_headers', 'assets', 'badges', 'badges.json', 'history.json.gz', 'index.html', 'index.json']);
	expect((await readdir(path.join(run.out, 'badges', 'library', 'nginx'))).length).toBe(12);
});

describe('batching', () => {
	it('reads 2 namespaces × 30 images in exactly 1 login + 2 listings + 60 tag pages', async () => {
		const repositories = generateRepositories({namespaces: 2, perNamespace: 30});
		hub = await startFakeHub({users: [demoUser], repositories});
		const images = repositories.map(repository => `  - ${repository.namespace}/${repository.name}`).join('\n');
		const run = await runBuild({hub, config: `images:\n${images}\n`});
		expect(run.code).toBe(0);
		expect(hub.count()).toBe(63);
		expect(hub.count(request => /\/repositories\?/.test(request.path))).toBe(2);
		expect(hub.count(request => /\/repositories\/repo\d+$/.test(request.path))).toBe(0);
		expect(new Set(hub.requests.map(request => request.path)).size).toBe(63);
		expect(run.stdout).toContain('Requests: 63 (1.05 per image; shields.io would make at least 360)');
	});

	it('reads a big namespace’s first page only and asks for the images not on it one by one', async () => {
		// 250 repositories: 3 pages. Of the 3 images listed, repo0001 is on page 1; the other two would need 2 more pages.
		const repositories = generateRepositories({namespaces: 1, perNamespace: 250, tagsPerRepository: 1});
		hub = await startFakeHub({users: [demoUser], repositories});
		const run = await runBuild({hub, config: 'images:\n  - image: ns000/repo0001\n    badges: [pulls]\n  - image: ns000/repo0150\n    badges: [pulls]\n  - image: ns000/repo0249\n    badges: [pulls]\n'});
		expect(run.code).toBe(0);
		expect(hub.requests.map(request => request.path).filter(path => !path.startsWith('/v2/auth')).sort()).toEqual([
			'/v2/namespaces/ns000/repositories/repo0150',
			'/v2/namespaces/ns000/repositories/repo0249',
			'/v2/namespaces/ns000/repositories?page_size=100&page=1',
		]);
	});

	it('reads the remaining pages of a namespace when that is cheaper than one call per image', async () => {
		const repositories = generateRepositories({namespaces: 1, perNamespace: 150, tagsPerRepository: 1});
		hub = await startFakeHub({users: [demoUser], repositories});
		const images = [0, 120, 130, 140].map(n => `  - image: ns000/repo${String(n).padStart(4, '0')}\n    badges: [stars]`).join('\n');
		const run = await runBuild({hub, config: `images:\n${images}\n`});
		expect(run.code).toBe(0);
		expect(hub.count('/v2/namespaces/ns000/repositories?')).toBe(2);
		expect(hub.count(request => /\/repositories\/repo\d+$/.test(request.path))).toBe(0);
	});

	it('falls back to its own call for a private repository an anonymous listing leaves out', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const run = await runBuild({hub, config: 'images:\n  - image: myorg/app\n    badges: [pulls]\n  - image: myorg/other\n    badges: [pulls]\n', credentials: null});
		expect(hub.count('/v2/namespaces/myorg/repositories?')).toBe(1);
		expect(hub.count('/v2/namespaces/myorg/repositories/app')).toBe(1);
		expect(await run.title('myorg/app/pulls')).toBe('docker pulls: repo not found');
	});
});
