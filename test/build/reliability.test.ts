import {spawn} from 'node:child_process';
import {createHash} from 'node:crypto';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {copyFile, mkdir, readdir, readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {generateRepositories} from '../fake-hub/fixtures.ts';
import {startFakeHub, type FakeHub} from '../fake-hub/server.ts';
import {demoUser, hangingTuning, runBuild, temporaryDirectory} from '../helpers/run-build.ts';

const config = 'images:\n  - nginx\n  - grafana/grafana\n  - bitnami/redis\n';

let hub: FakeHub;
afterEach(async () => hub?.close());

/** Every file of a folder with a hash of its bytes, to compare a whole site. */
async function snapshot(directory: string): Promise<Record<string, string>> {
	const files: Record<string, string> = {};
	for (const entry of await readdir(directory, {recursive: true, withFileTypes: true})) {
		if (entry.isFile()) {
			const file = path.join(entry.parentPath, entry.name);
			files[path.relative(directory, file)] = createHash('sha256').update(await readFile(file)).digest('hex');
		}
	}
	return files;
}

async function svgs(directory: string): Promise<Record<string, string>> {
	return Object.fromEntries(Object.entries(await snapshot(directory)).filter(([file]) => file.endsWith('.svg')));
}

describe('last known good', () => {
	it('keeps every badge, byte for byte, when Docker Hub answers 503 to everything; marks them stale; exits 0', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const first = await runBuild({hub, config});
		expect(first.code).toBe(0);
		const before = await svgs(first.out);
		const firstManifest = JSON.parse(await first.read('badges.json'));

		hub.fault(() => true, 'status-503');
		const second = await runBuild({hub, config, directory: first.root});
		expect(second.code).toBe(0);
		expect(await svgs(second.out)).toEqual(before);

		const manifest = JSON.parse(await second.read('badges.json'));
		const badges = manifest.images.flatMap((image: {badges: unknown[]}) => image.badges);
		expect(badges).toHaveLength(18);
		expect(badges.every((badge: {stale?: boolean}) => badge.stale === true)).toBe(true);
		expect(badges[0].fetchedAt).toBe(firstManifest.images[0].badges[0].fetchedAt);
		expect(badges[0].problem).toMatch(/503.*the next build tries again/);
		expect(manifest.images[0].description).toBe(firstManifest.images[0].description);
		expect(second.stdout).toContain('0 errors, 18 stale');
		expect(second.stderr).toContain('could not log in to Docker Hub');

		const html = await second.read('index.html');
		expect(html.match(/<li class="stale"/g)).toHaveLength(18);
		expect(html).toContain('18 stale');
	});

	it('keeps every badge byte for byte when the login works but every data request fails', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const first = await runBuild({hub, config});
		const before = await svgs(first.out);
		hub.fault(request => !request.path.startsWith('/v2/auth'), 'status-503');
		const second = await runBuild({hub, config, directory: first.root});
		expect(second.code).toBe(0);
		expect(hub.logins).toBe(2);
		expect(await svgs(second.out)).toEqual(before);
		expect(second.stdout).toContain('0 errors, 18 stale');
	});

	it('with --strict, fails with exit 1 and leaves the old output untouched', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const first = await runBuild({hub, config});
		const before = await snapshot(first.out);

		hub.fault(() => true, 'status-503');
		const second = await runBuild({hub, config, directory: first.root, options: {strict: true}});
		expect(second.code).toBe(1);
		expect(second.stderr).toContain('--strict: 18 stale badge(s)');
		expect(await snapshot(second.out)).toEqual(before);
	});

	it('marks only the images that failed as stale', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const first = await runBuild({hub, config});
		hub.fault('/v2/namespaces/grafana/', 'status-503');
		hub.fault('/v2/namespaces/bitnami/', 'reset-mid-body');
		const second = await runBuild({hub, config, directory: first.root});
		expect(second.code).toBe(0);
		const manifest = JSON.parse(await second.read('badges.json'));
		const staleByImage = Object.fromEntries(
			manifest.images.map((image: {image: string; badges: Array<{stale?: boolean}>}) => [image.image, image.badges.filter(badge => badge.stale).length]),
		);
		expect(staleByImage).toEqual({'library/nginx': 0, 'grafana/grafana': 6, 'bitnami/redis': 6});
	});

	it('shows inaccessible for a transient failure with no previous value', async () => {
		hub = await startFakeHub({users: [demoUser]});
		hub.fault('/v2/namespaces/grafana/', 'status-503');
		const run = await runBuild({hub, config});
		expect(run.code).toBe(1);
		expect(await run.title('grafana/grafana/pulls')).toBe('docker pulls: inaccessible');
		expect(run.stdout).toMatch(/error grafana\/grafana pulls: inaccessible \(.*503.*the next build tries again\)/);
	});

	it('does not keep a value for a repository Docker Hub now answers 404 for', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const first = await runBuild({hub, config});
		hub.fault('/v2/namespaces/grafana/', {status: 404, headers: {'content-type': 'application/json'}, body: '{"message":"object not found","errinfo":{}}'});
		const second = await runBuild({hub, config, directory: first.root});
		expect(second.code).toBe(1);
		expect(await second.title('grafana/grafana/pulls')).toBe('docker pulls: repo not found');
	});

	it('keeps good values only: an earlier error stays an error, so a lasting failure never turns into a green run', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const images = 'images:\n  - nginx\n  - nobody/nothing\n';
		const first = await runBuild({hub, config: images});
		expect(await first.title('nobody/nothing/pulls')).toBe('docker pulls: repo not found');
		hub.fault(() => true, 'status-503');
		for (const round of [1, 2]) {
			const next = await runBuild({hub, config: images, directory: first.root});
			expect(next.code, `round ${round}`).toBe(1);
			expect(await next.title('nobody/nothing/pulls')).toBe('docker pulls: inaccessible');
			expect(await next.title('library/nginx/pulls')).toBe('docker pulls: 10G');
			expect(next.stdout).toContain('6 errors, 6 stale');
		}
	});

	it('seeds last known good values from --previous, as a file or a URL', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const first = await runBuild({hub, config});
		const manifest = await first.read('badges.json');
		const before = await svgs(first.out);
		hub.fault(() => true, 'status-503');

		const elsewhere = await temporaryDirectory();
		await copyFile(path.join(first.out, 'badges.json'), path.join(elsewhere, 'deployed.json'));
		const fromFile = await runBuild({hub, config, options: {previous: path.join(elsewhere, 'deployed.json')}});
		expect(fromFile.code).toBe(0);
		expect(await svgs(fromFile.out)).toEqual(before);

		const server = createServer((request, response) => {
			response.writeHead(request.url === '/badges.json' ? 200 : 404, {'content-type': 'application/json'}).end(manifest);
		});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		try {
			const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/badges.json`;
			const fromUrl = await runBuild({hub, config, options: {previous: url}});
			expect(fromUrl.code).toBe(0);
			expect(await svgs(fromUrl.out)).toEqual(before);
		} finally {
			server.close();
		}
	});

	it('names an unreachable --previous URL without its userinfo or query', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const run = await runBuild({hub, config, options: {previous: 'http://me:hunter2@127.0.0.1:9/badges.json?signature=s3cr3t'}});
		expect(run.code).toBe(0);
		expect(run.stderr).toContain('previous badges from http://127.0.0.1:9/badges.json not read');
		expect(run.stderr).not.toContain('hunter2');
		expect(run.stderr).not.toContain('s3cr3t');
	});

	it('warns and carries on when the previous manifest is unreadable', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const directory = await temporaryDirectory();
		await mkdir(path.join(directory, '_site'));
		await writeFile(path.join(directory, '_site', '.dockerhub-badges'), '');
		await writeFile(path.join(directory, '_site', 'badges.json'), '{"generatedAt": 1');
		const run = await runBuild({hub, config, directory});
		expect(run.code).toBe(0);
		expect(run.stderr).toContain('are not valid JSON; ignored');
	});
});

describe('atomic output', () => {
	it('leaves the previous site whole when the build is killed while writing, and the next build clears the leftovers', async () => {
		const repositories = generateRepositories({namespaces: 4, perNamespace: 300, tagsPerRepository: 1});
		hub = await startFakeHub({users: [demoUser], repositories});
		const bigConfig = `images:\n${repositories.map(repository => `  - ${repository.namespace}/${repository.name}`).join('\n')}\n`;
		const first = await runBuild({hub, config: 'images: [ns000/repo0000]\n', directory: await temporaryDirectory()});
		await writeFile(path.join(first.root, 'badges.yml'), bigConfig);
		const before = await snapshot(first.out);

		const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'build', '--config', path.join(first.root, 'badges.yml'), '--out', first.out], {
			env: {...process.env, DOCKERHUB_API_URL: hub.url, DOCKERHUB_USERNAME: demoUser.username, DOCKERHUB_TOKEN: demoUser.secret},
			stdio: 'ignore',
		});
		const exited = new Promise(resolve => child.once('exit', resolve));
		// Kill it once the new site is half written beside the old one.
		for (let tries = 0; tries < 3000; tries++) {
			const building = (await readdir(first.root)).find(entry => entry.startsWith('._site.building-'));
			const written = building ? await readdir(path.join(first.root, building, 'badges'), {recursive: true}).catch(() => []) : [];
			if (written.length > 100) {
				break;
			}
			await new Promise(resolve => setTimeout(resolve, 5));
		}
		child.kill('SIGKILL');
		await exited;

		expect((await readdir(first.root)).some(entry => entry.startsWith('._site.building-'))).toBe(true);
		expect(await snapshot(first.out)).toEqual(before);

		const next = await runBuild({hub, config: 'images: [ns000/repo0000]\n', directory: first.root});
		expect(next.code).toBe(0);
		expect((await readdir(first.root)).sort()).toEqual(['_site', 'badges.yml']);
	}, 60_000);
});

describe('hostile input', () => {
	it('escapes text from Docker Hub in the SVG, the JSON and the page', async () => {
		const [repository] = generateRepositories({namespaces: 1, perNamespace: 1, tagsPerRepository: 1});
		repository!.description = '<img src=x onerror=alert(1)>';
		repository!.tags[0]!.name = 'v1<script>alert(1)</script>';
		hub = await startFakeHub({users: [demoUser], repositories: [repository!]});
		const run = await runBuild({hub, config: 'images:\n  - image: ns000/repo0000\n    badges: [version]\n'});
		const svg = await run.read('badges/ns000/repo0000/version.svg');
		// A tag name Docker could not have pushed is dropped when read, so it reaches no file at all.
		expect(svg).not.toContain('script');
		expect(JSON.parse(await run.read('badges/ns000/repo0000/version.json')).message).toBe('tag not found');
		const html = await run.read('index.html');
		expect(html).not.toContain('<img src=x');
		expect(html).not.toContain('<script>alert');
		expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
	});

	it('turns a huge or truncated answer into an inaccessible badge, not a crash', async () => {
		hub = await startFakeHub({users: [demoUser]});
		hub.fault('/v2/namespaces/grafana/repositories/grafana/tags', 'huge-body');
		hub.fault('/v2/namespaces/bitnami/repositories/redis/tags', 'truncated-json');
		const run = await runBuild({hub, config});
		expect(run.code).toBe(1);
		expect(await run.title('grafana/grafana/version')).toBe('version: inaccessible');
		expect(await run.title('bitnami/redis/version')).toBe('version: inaccessible');
		expect(await run.title('library/nginx/version')).not.toContain('inaccessible');
	});

	it('refuses a 10 MB config before parsing it', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const run = await runBuild({hub, config: `images:\n${'  - nginx # padding padding padding padding\n'.repeat(250_000)}`});
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/badges\.yml:1:1: the file is \d+ bytes; the limit is 1048576/);
		expect(hub.count()).toBe(0);
		await expect(stat(run.out)).rejects.toThrow();
	});
});

describe('secrets', () => {
	it('never writes the token or the JWT to the site, the log or an error', async () => {
		hub = await startFakeHub({users: [demoUser]});
		hub.fault('/v2/namespaces/grafana/repositories/grafana/tags', 'hang');
		hub.fault('/v2/namespaces/bitnami/', 'status-500-html');
		const run = await runBuild({hub, config: `${config}  - nobody/nothing\n`, options: {hubTuning: hangingTuning}});
		const jwts = new Set(hub.requests.map(request => request.authorization?.replace('Bearer ', '')).filter(Boolean));
		expect(jwts.size).toBeGreaterThan(0);
		const secrets = [demoUser.secret, ...jwts] as string[];

		const texts = [run.stdout, run.stderr];
		for (const entry of await readdir(run.out, {recursive: true, withFileTypes: true})) {
			if (entry.isFile()) {
				texts.push(await readFile(path.join(entry.parentPath, entry.name), 'utf8'));
			}
		}
		expect(texts.length).toBeGreaterThan(20);
		for (const text of texts) {
			for (const secret of secrets) {
				expect(text.includes(secret)).toBe(false);
			}
		}
	}, 60_000);
});

describe('last known good, matched to the same question', () => {
	it('does not hand a renamed badge the value of another kind or tag that used its file name', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const first = await runBuild({hub, config: 'images:\n  - image: nginx\n    badges:\n      - kind: size\n        file: main\n'});
		expect(await first.title('library/nginx/main')).toBe('image size: 66.8 MiB');
		hub.fault(() => true, 'status-503');
		const second = await runBuild({
			hub,
			config: 'images:\n  - image: nginx\n    badges:\n      - kind: size\n        tag: "1.26"\n        file: main\n',
			directory: first.root,
		});
		expect(await second.title('library/nginx/main')).toBe('image size: inaccessible');
	});
});
