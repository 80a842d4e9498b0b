import {execFileSync, spawn} from 'node:child_process';
import {copyFile, mkdir, readdir, readFile, truncate, writeFile} from 'node:fs/promises';
import type {ServerResponse} from 'node:http';
import {createRequire} from 'node:module';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {describe, expect, it} from 'vitest';
import {check} from '../../src/build/check.ts';
import {readPreviousManifest} from '../../src/build/previous.ts';
import type {FakeHub} from '../fake-hub/server.ts';
import {fakeHubForTest, serveForTest} from '../helpers/loopback.ts';
import {Capture, demoUser, runBuild, temporaryDirectory} from '../helpers/run-build.ts';

const config = 'images:\n  - nginx\n  - grafana/grafana\n  - bitnami/redis\n';
/** Without a baseUrl, npm run check warns about the copied links too. */
const configWithBaseUrl = `site:\n  baseUrl: https://badges.example.com\n${config}`;
const unix = process.platform !== 'win32';
const sources = {dockerhub: 'https://hub.docker.com'};

const fakeHub = async (): Promise<FakeHub> => fakeHubForTest({users: [demoUser]});

async function readPrevious(source: string, deadlineMs?: number) {
	const warnings: string[] = [];
	const manifest = await readPreviousManifest(source, {sources, warn: line => warnings.push(line), deadlineMs});
	return {manifest, warnings};
}

function badgesOf(manifest: {images: Array<{badges: Array<{stale?: boolean}>}>}) {
	return manifest.images.flatMap(image => image.badges);
}

describe('last known good only from the same origin', () => {
	// The story of issue 8: `npm run demo` used to write its fake numbers to _site/, and the
	// next real build that could not reach Docker Hub published them as stale real badges.
	it('does not publish another origin’s numbers (the demo’s fake hub) as stale badges when Docker Hub is down', async () => {
		const demoHub = await fakeHub();
		const dockerHub = await fakeHub();
		const demo = await runBuild({hub: demoHub, config});
		expect(demo.code).toBe(0);
		expect(JSON.parse(await demo.read('badges.json')).sources).toEqual({dockerhub: demoHub.url});

		dockerHub.fault(() => true, 'status-503');
		const real = await runBuild({hub: dockerHub, config, directory: demo.root});
		expect(real.code).toBe(1);
		const manifest = JSON.parse(await real.read('badges.json'));
		expect(manifest.sources).toEqual({dockerhub: dockerHub.url});
		expect(badgesOf(manifest).filter(badge => badge.stale)).toEqual([]);
		expect(await real.title('library/nginx/pulls')).toBe('docker pulls: inaccessible');
		const warnings = real.stderr.split('\n').filter(line => line.includes('previous badges'));
		expect(warnings).toEqual([
			`warning: previous badges from ${path.join(real.out, 'badges.json')} were fetched from "${demoHub.url}", not ${dockerHub.url}; not used, so failed badges cannot fall back to their last value`,
		]);
	});

	it('does not use a previous manifest that records no origin (an earlier version wrote it), with one warning', async () => {
		const hub = await fakeHub();
		const first = await runBuild({hub, config});
		const manifest = JSON.parse(await first.read('badges.json'));
		delete manifest.sources;
		await writeFile(path.join(first.out, 'badges.json'), JSON.stringify(manifest));

		hub.fault(() => true, 'status-503');
		const second = await runBuild({hub, config, directory: first.root});
		expect(second.code).toBe(1);
		expect(second.stdout).toContain('18 errors, 0 stale');
		expect(second.stderr).toContain(`warning: previous badges from ${path.join(second.out, 'badges.json')} record no Docker Hub origin (an earlier version wrote them); not used`);
	});

	it('keeps quoting an origin it did not write harmless on the terminal', async () => {
		const directory = await temporaryDirectory();
		const file = path.join(directory, 'badges.json');
		await writeFile(file, JSON.stringify({generatedAt: 'x', sources: {dockerhub: '\u001b[31mhttps://evil\n::error::x'}, images: []}));
		const {manifest, warnings} = await readPrevious(file);
		expect(manifest).toBeUndefined();
		expect(warnings).toEqual([
			`previous badges from ${file} were fetched from "\\u001b[31mhttps://evil\\n::error::x", not https://hub.docker.com; not used, so failed badges cannot fall back to their last value`,
		]);
	});
});

describe('reading a previous manifest is bounded', () => {
	it.runIf(unix).each([
		[
			'a FIFO',
			async (directory: string) => {
				execFileSync('mkfifo', [path.join(directory, 'badges.json')]);
				return path.join(directory, 'badges.json');
			},
			'is a FIFO, not a regular file',
		],
		[
			'a directory',
			async (directory: string) => {
				await mkdir(path.join(directory, 'badges.json'));
				return path.join(directory, 'badges.json');
			},
			'is a directory, not a regular file',
		],
		['/dev/zero', async () => '/dev/zero', 'is a character device, not a regular file'],
		[
			'a 300 MB file',
			async (directory: string) => {
				// Sparse: 300 MB long, no disk used.
				await writeFile(path.join(directory, 'badges.json'), '');
				await truncate(path.join(directory, 'badges.json'), 300 * 1024 * 1024);
				return path.join(directory, 'badges.json');
			},
			'is 314572800 bytes; the limit is 268435456',
		],
	])('refuses %s with one warning, without blocking or reading it into memory', {timeout: 5000}, async (_what, make, reason) => {
		const file = await make(await temporaryDirectory());
		const {manifest, warnings} = await readPrevious(file);
		expect(manifest).toBeUndefined();
		expect(warnings).toEqual([`previous badges from ${file} not read (the file ${reason}); failed badges cannot fall back to their last value`]);
	});

	it('refuses a manifest of millions of empty objects before parsing it', {timeout: 10_000}, async () => {
		const file = path.join(await temporaryDirectory(), 'badges.json');
		const objects = 16 * 1024 * 1024;
		await writeFile(file, `{"generatedAt":"2024-01-01T00:00:00Z","sources":{"dockerhub":"https://hub.docker.com"},"images":[${'{},'.repeat(objects - 1)}{}]}`);
		const {manifest, warnings} = await readPrevious(file);
		expect(manifest).toBeUndefined();
		expect(warnings).toEqual([`previous badges from ${file} hold ${objects + 2} JSON objects, more than any build writes (4000000); ignored`]);
	});

	it.runIf(unix)('lets the build go on when --previous is a FIFO', {timeout: 10_000}, async () => {
		const hub = await fakeHub();
		const directory = await temporaryDirectory();
		execFileSync('mkfifo', [path.join(directory, 'previous.json')]);
		const run = await runBuild({hub, config, options: {previous: path.join(directory, 'previous.json')}});
		expect(run.code).toBe(0);
		expect(run.stderr).toContain('not read (the file is a FIFO, not a regular file)');
	});

	/** A server that answers /drip one byte at a time and /silent never: each holds a client as long as it likes. */
	async function hostileServer() {
		const open = new Set<ServerResponse>();
		let closed = 0;
		const base = await serveForTest((request, response) => {
			open.add(response);
			response.on('close', () => {
				open.delete(response);
				closed++;
			});
			if (request.url === '/drip') {
				response.writeHead(200, {'content-type': 'application/json'});
				const timer = setInterval(() => response.write(' '), 20);
				response.on('close', () => clearInterval(timer));
			}
		});

		return {base, open, closedCount: () => closed};
	}

	it.each(['drip', 'silent'])('gives up a --previous URL that is %s at the deadline for the whole exchange, and hangs up', {timeout: 5000}, async route => {
		const server = await hostileServer();
		const {manifest, warnings} = await readPrevious(`${server.base}/${route}`, 300);
		expect(manifest).toBeUndefined();
		expect(warnings).toEqual([`previous badges from ${server.base}/${route} not read (no complete answer within 0.3 s); failed badges cannot fall back to their last value`]);
		await expect.poll(() => server.closedCount()).toBe(1);
		expect(server.open.size).toBe(0);
	});

	it('refuses a --previous URL body over 256 MiB as it arrives', {timeout: 10_000}, async () => {
		let sent = 0;
		const origin = await serveForTest((_request, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			const chunk = Buffer.alloc(1024 * 1024, 0x20);
			const pump = () => {
				while (sent < 300 * 1024 * 1024 && response.write(chunk)) {
					sent += chunk.length;
				}
				if (sent < 300 * 1024 * 1024) {
					response.once('drain', pump);
				}
			};
			pump();
		});
		const url = `${origin}/badges.json`;
		const {warnings} = await readPrevious(url);
		expect(warnings).toEqual([`previous badges from ${url} not read (response body is over the 268435456-byte limit); failed badges cannot fall back to their last value`]);
		expect(sent).toBeLessThan(300 * 1024 * 1024);
	});
});

describe('npm run check reads what the build would', () => {
	async function runCheck(files: {config?: string; previous?: string}, extra: {previous?: string; out?: string} = {}) {
		const directory = await temporaryDirectory();
		const configPath = path.join(directory, 'badges.yml');
		if (files.config === undefined) {
			execFileSync('mkfifo', [configPath]);
		} else {
			await writeFile(configPath, files.config);
		}
		const out = extra.out ?? path.join(directory, '_site');
		if (files.previous !== undefined) {
			await mkdir(out);
			// A site an earlier build wrote: its marker, and its manifest.
			await writeFile(path.join(out, '.dockerhub-badges'), '');
			await writeFile(path.join(out, 'badges.json'), files.previous);
		}
		const stdout = new Capture();
		const stderr = new Capture();
		const code = await check({config: configPath, out, previous: extra.previous, env: {}, stdout, stderr});
		return {code, stdout: stdout.text, stderr: stderr.text, configPath};
	}

	it.runIf(unix)('exits 2 with one line for a config that is a FIFO, without blocking', {timeout: 5000}, async () => {
		const run = await runCheck({});
		expect(run.code).toBe(2);
		expect(run.stderr).toBe(`${run.configPath}:1:1: the file is a FIFO, not a regular file\n`);
	});

	it('warns in one line about a previous manifest from another origin, and still passes', async () => {
		const previous = JSON.stringify({generatedAt: '2024-01-01T00:00:00Z', sources: {dockerhub: 'http://127.0.0.1:8080'}, images: []});
		const run = await runCheck({config: configWithBaseUrl, previous});
		expect(run.code).toBe(0);
		expect(run.stderr).toMatch(/^warning: previous badges from \S+badges\.json were fetched from "http:\/\/127\.0\.0\.1:8080", not https:\/\/hub\.docker\.com; not used, so failed badges cannot fall back to their last value\n$/);
		expect(run.stdout).toContain('3 images, 18 badges');
	});

	it('says nothing about a previous manifest from the same origin', async () => {
		const previous = JSON.stringify({generatedAt: '2024-01-01T00:00:00Z', sources, images: []});
		const run = await runCheck({config: configWithBaseUrl, previous});
		expect(run.code).toBe(0);
		expect(run.stderr).toBe('');
	});

	it('stays offline: a --previous URL is left to the build', async () => {
		let requests = 0;
		const origin = await serveForTest((_request, response) => {
			requests++;
			response.end('{}');
		});
		const run = await runCheck({config}, {previous: `${origin}/badges.json`});
		expect(run.code).toBe(0);
		expect(requests).toBe(0);
		expect(run.stderr).toContain(`note: the previous manifest ${origin}/badges.json is a URL; check stays offline and does not read it (the build will)`);
	});
});

describe('npm run demo', () => {
	it('writes its fake site to _demo/, never to _site/, and says where', {timeout: 60_000}, async () => {
		const directory = await temporaryDirectory();
		await copyFile('badges.yml', path.join(directory, 'badges.yml'));
		const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
		const child = spawn(process.execPath, ['--import', tsx, path.resolve('test/fake-hub/demo.ts')], {cwd: directory});
		let stderr = '';
		child.stderr.on('data', chunk => (stderr += chunk));
		child.stdout.resume();
		const code = await new Promise(resolve => child.on('exit', resolve));
		expect(code).toBe(0);
		expect(stderr).toContain('The demo site (fake data) is in _demo/: open _demo/index.html');
		expect((await readdir(directory)).sort()).toEqual(['_demo', 'badges.yml']);
		const {sources} = JSON.parse(await readFile(path.join(directory, '_demo', 'badges.json'), 'utf8')) as {sources: {dockerhub: string; registries: Record<string, string>}};
		expect(sources.dockerhub).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		// A GHCR image too, from the fake registry.
		expect(sources.registries['ghcr.io']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(await readFile(path.join(directory, '_demo', 'badges', 'ghcr.io', 'acme', 'app', 'version.svg'), 'utf8')).toContain('<title>version: v1.10.0</title>');
		// And a quay.io image, against the fake Quay API and its fake registry.
		expect(await readFile(path.join(directory, '_demo', 'badges', 'quay.io', 'demo', 'tool', 'version.svg'), 'utf8')).toContain('<title>version: v2.4.1</title>');
		expect(await readFile(path.join(directory, '_demo', 'badges', 'quay.io', 'demo', 'tool', 'platforms.svg'), 'utf8')).toContain('<title>platforms: amd64 | arm64</title>');
		// Two weeks of daily builds came first: nginx's trend has a week to read, and its chart a line.
		expect(await readFile(path.join(directory, '_demo', 'badges', 'library', 'nginx', 'pulls-week.svg'), 'utf8')).toMatch(/<title>docker pulls: \d+M\/week<\/title>/);
		expect(await readFile(path.join(directory, '_demo', 'badges', 'library', 'nginx', 'pulls-chart.svg'), 'utf8')).not.toContain('collecting data');
		expect(await readFile(path.join(directory, '_demo', 'badges', 'groups', 'official', 'pulls-week.svg'), 'utf8')).toMatch(/<title>docker pulls: \d+M\/week<\/title>/);
	});
});
