import {afterEach, describe, expect, it} from 'vitest';
import {demoQuayRegistryRepositories, demoQuayRepositories, startFakeQuay, type FakeQuay} from '../fake-quay/server.ts';
import {fakeHubForTest, fakeOciForTest} from '../helpers/loopback.ts';
import {runBuild} from '../helpers/run-build.ts';

const now = () => new Date('2026-11-30T00:00:00Z');
let quay: FakeQuay | undefined;
afterEach(async () => {
	await quay?.close();
	quay = undefined;
});

type Manifest = {images: Array<{image: string; badges: Array<{file: string; message: string; problem?: string; stale?: boolean}>}>};
const badgesOf = async (run: {read(file: string): Promise<string>}, image: string) =>
	(JSON.parse(await run.read('badges.json')) as Manifest).images.find(entry => entry.image === image)!.badges;

describe('Quay answers that are not what Quay sends', () => {
	it.each([
		['a push time a million years ahead', {start_ts: 1e15}],
		['a push time before quay.io existed', {start_ts: 1}],
	])('%s fails that image’s tag badges as invalid-response, never the build', async (_case, fields) => {
		const hub = await fakeHubForTest();
		const [repository] = demoQuayRepositories(now());
		quay = await startFakeQuay({now, repositories: [{...repository!, tags: repository!.tags.map((tag, index) => (index === 0 ? {...tag, ...fields} : tag))}]});
		const config = 'images:\n  - image: quay.io/demo/tool\n    badges: [version, updated, {kind: pulls, per: week}]\n  - image: nginx\n    badges: [pulls]\n';
		const run = await runBuild({hub, config, env: {QUAY_API_URL: quay.url}, options: {now}});
		expect(run.code).toBe(1);
		expect(await run.title('quay.io/demo/tool/version')).toBe('version: inaccessible');
		expect(await run.title('quay.io/demo/tool/updated')).toBe('last updated: inaccessible');
		expect((await badgesOf(run, 'quay.io/demo/tool'))[0]!.problem).toMatch(/^unexpected response from quay.io's .*ts: Too (big|small)/);
		// Quay's daily counts came in another answer, and the other image is untouched.
		expect(await run.title('quay.io/demo/tool/pulls-week')).toBe('docker pulls: 8k/week');
		expect(await run.title('library/nginx/pulls')).toMatch(/^docker pulls: \d/);
	});
});

describe('a failure of quay.io’s registry API, beside its own API', () => {
	const config = 'images:\n  - image: quay.io/demo/tool\n    badges: [version, updated, {kind: pulls, per: week}, size, platforms]\n';
	const token = 'quay_oauth_0123456789abcdefSECRET';

	it('fails only size and platforms, naming the registry’s credentials, not QUAY_TOKEN', async () => {
		const hub = await fakeHubForTest();
		const quayRegistry = await fakeOciForTest({repositories: demoQuayRegistryRepositories().map(repository => ({...repository, private: true}))});
		quay = await startFakeQuay({now, token, repositories: demoQuayRepositories(now()).map(repository => ({...repository, is_public: false}))});
		const run = await runBuild({hub, config, env: {REGISTRY_URL_QUAY_IO: quayRegistry.url, QUAY_API_URL: quay.url, QUAY_TOKEN: token}, options: {now}});
		expect(run.code).toBe(1);
		const badges = await badgesOf(run, 'quay.io/demo/tool');
		expect(badges.map(badge => badge.message)).toEqual(['sha-4f2a9c1', '2026-11-29', '8k/week', 'inaccessible', 'inaccessible']);
		for (const badge of badges.slice(3)) {
			expect(badge.problem).toMatch(/set REGISTRY_QUAY_IO_USERNAME and REGISTRY_QUAY_IO_PASSWORD to read it$/);
			expect(badge.problem).not.toContain('QUAY_TOKEN');
		}
	});

	it('keeps the last size and platforms through a registry outage while version and updated stay fresh', async () => {
		const hub = await fakeHubForTest();
		const quayRegistry = await fakeOciForTest({repositories: demoQuayRegistryRepositories()});
		quay = await startFakeQuay({now});
		const env = {REGISTRY_URL_QUAY_IO: quayRegistry.url, QUAY_API_URL: quay.url};
		const first = await runBuild({hub, config, env, options: {now}});
		expect(first.code).toBe(0);
		quayRegistry.fault('registry', '/', {status: 503});
		const second = await runBuild({hub, config, env, directory: first.root, options: {now}});
		expect(second.code).toBe(0);
		const [before, after] = await Promise.all([badgesOf(first, 'quay.io/demo/tool'), badgesOf(second, 'quay.io/demo/tool')]);
		expect(after.map(badge => [badge.message, badge.stale])).toEqual(before.map((badge, index) => [badge.message, index < 3 ? undefined : true]));
	});
});
