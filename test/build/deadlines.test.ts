import {stat} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {demoRepositories} from '../fake-hub/fixtures.ts';
import {startFakeHub, type FakeHub} from '../fake-hub/server.ts';
import {hangingTuning, runBuild} from '../helpers/run-build.ts';

const images = 'images:\n  - nginx\n  - grafana/grafana\n  - bitnami/redis\n';
const withDeadline = (list: string) => `fetch:\n  deadline: 1s\n${list}`;
// Only the fetch deadline may end a hung request here.
const patient = {retryBaseMs: 5, headersTimeoutMs: 60_000, bodyTimeoutMs: 60_000, exchangeTimeoutMs: 60_000, callTimeoutMs: 60_000};

type Badge = {file: string; message: string; stale?: boolean; isError?: boolean; problem?: string};
type Manifest = {images: {image: string; badges: Badge[]}[]};

let hub: FakeHub;
afterEach(async () => hub?.close());

async function badgesOf(run: {read: (file: string) => Promise<string>}): Promise<Map<string, Badge[]>> {
	const manifest = JSON.parse(await run.read('badges.json')) as Manifest;
	return new Map(manifest.images.map(image => [image.image, image.badges]));
}

describe('the fetch deadline', () => {
	it('ends a build whose requests hang: what was not answered keeps its last value or shows inaccessible', async () => {
		hub = await startFakeHub();
		const first = await runBuild({hub, config: images});
		expect(first.code).toBe(0);

		hub.resetCounters();
		hub.fault('/v2/namespaces/grafana/repositories/grafana/tags', 'hang');
		hub.fault('/v2/namespaces/bitnami/', 'hang');
		hub.fault('/v2/namespaces/library/repositories/hello-world', 'hang');
		const second = await runBuild({
			hub,
			config: withDeadline(`${images}  - hello-world\n`),
			directory: first.root,
			// --full: nothing was pushed, so a rebuild would not ask for grafana's tags at all.
			options: {hubTuning: patient, full: true},
		});

		// hello-world has no earlier value: inaccessible is an error badge, so exit 1, with the site written.
		expect(second.code).toBe(1);
		await expect(stat(path.join(second.out, 'index.html'))).resolves.toBeTruthy();
		expect(second.stderr).toContain("warning: the build's fetch deadline (1s) passed; badges not fetched by then keep their last values or show inaccessible.");

		const badges = await badgesOf(second);
		expect(badges.get('library/nginx')!.every(badge => !badge.stale && !badge.isError)).toBe(true);
		const grafana = badges.get('grafana/grafana')!;
		expect(grafana.filter(badge => badge.stale).map(badge => badge.file)).toEqual(['version', 'size', 'updated', 'platforms']);
		expect(grafana.find(badge => badge.file === 'pulls')).toMatchObject({message: '1.9G'});
		expect(badges.get('bitnami/redis')!.every(badge => badge.stale)).toBe(true);
		for (const badge of [...grafana.filter(badge => badge.stale), ...badges.get('bitnami/redis')!]) {
			expect(badge.problem).toMatch(/the build's fetch deadline \(1s\) passed/);
		}
		// Its pulls and stars came with the library listing; its tags hung.
		expect(badges.get('library/hello-world')!.map(badge => badge.message).slice(2)).toEqual(Array(4).fill('inaccessible'));

		// Each hung request was sent once: nothing was tried again, or sent, after the deadline.
		const hung = hub.requests.filter(request => request.status === 0);
		expect(hung.length).toBeGreaterThanOrEqual(3);
		expect(new Set(hung.map(request => request.path)).size).toBe(hung.length);
		expect(hub.count()).toBe(hub.requests.filter(request => request.status !== 0).length + hung.length);
		expect(second.stdout).toMatch(/4 errors, 10 stale/);
	}, 20_000);

	it('ends the wait for a rate-limit reset and for a login that never answers', async () => {
		hub = await startFakeHub();
		const first = await runBuild({hub, config: images});
		expect(first.code).toBe(0);

		// Spent until 100 s from now: under the cap on server-asked waits, so the pacer holds every request.
		hub.resetCounters();
		hub.fault('/v2/auth/token', {budgetResetsInSeconds: 100}, 1);
		const held = await runBuild({hub, config: withDeadline(images), directory: first.root, options: {hubTuning: patient}});
		expect(held.code).toBe(0);
		expect(held.stdout).toContain('0 errors, 18 stale');
		expect(hub.count()).toBe(1);

		hub.resetCounters();
		hub.fault('/v2/auth/token', 'hang');
		const loginHangs = await runBuild({hub, config: withDeadline(images), directory: first.root, options: {hubTuning: patient}});
		expect(loginHangs.code).toBe(0);
		expect(loginHangs.stderr).toMatch(/could not log in to Docker Hub \(the build's fetch deadline \(1s\) passed\)/);
		expect(loginHangs.stdout).toContain('0 errors, 18 stale');
		expect(hub.count()).toBe(1);
	}, 20_000);
});

describe('a Docker Hub that stops answering', () => {
	// Sixteen images in namespaces of their own: a repository call and a tags page each.
	const sixteen = `fetch:\n  concurrency: 2\nimages:\n${Array.from({length: 16}, (_, index) => `  - ns${index}/app\n`).join('')}`;
	const repositories = Array.from({length: 16}, (_, index) => ({...demoRepositories()[0]!, namespace: `ns${index}`, name: 'app', is_private: false}));
	// Silence is judged by the exchange bound: long enough that a loaded machine's answers still come within it.
	const quick = {...hangingTuning, callTimeoutMs: 60_000};

	it('is not asked again and again: after two rounds of silence on every connection the rest fail at once', async () => {
		hub = await startFakeHub({repositories});
		hub.fault(() => true, 'hang');
		const run = await runBuild({hub, config: sixteen, credentials: null, options: {hubTuning: quick}});

		// 2 connections: 6 unanswered exchanges in a row stop the build asking, where each of
		// the 32 requests would otherwise have had its 3 tries (96 exchanges of up to 2 s).
		expect(hub.count()).toBeLessThanOrEqual(7);
		expect(run.stderr).toContain('warning: Docker Hub stopped answering: 6 exchanges in a row got no answer, so the rest were not sent;');
		expect(run.code).toBe(1);
		expect(run.stdout).toContain('96 errors, 0 stale');
		await expect(stat(path.join(run.out, 'index.html'))).resolves.toBeTruthy();
	}, 20_000);

	it('is still asked when it answers in between: only silence in a row counts', async () => {
		hub = await startFakeHub({repositories});
		// Every other image's tags page goes unanswered once: 8 timeouts, with answers between them.
		// (Not every page: an image's tags are asked for after its repository, so 16 would come in a row.)
		const seen = new Set<string>();
		hub.fault(request => /^\/v2\/namespaces\/ns\d*[02468]\/repositories\/app\/tags/.test(request.path) && !seen.has(request.path) && Boolean(seen.add(request.path)), 'hang');
		const run = await runBuild({hub, config: sixteen, credentials: null, options: {hubTuning: quick}});

		expect(run.code).toBe(0);
		expect(run.stderr).not.toContain('stopped answering');
		expect(run.stdout).toContain('0 errors, 0 stale');
		expect(hub.count()).toBe(16 + 16 + 8);
	}, 20_000);
});
