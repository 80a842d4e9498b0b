import {afterEach, describe, expect, it} from 'vitest';
import {demoQuayRepositories, startFakeQuay, type FakeQuay} from '../fake-quay/server.ts';
import {fakeHubForTest} from '../helpers/loopback.ts';
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
