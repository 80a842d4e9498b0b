import {readFile, rename, symlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {buffer} from 'node:stream/consumers';
import {gzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {decodeHistory, encodeHistory} from '../../src/history/file.ts';
import {seriesOf} from '../../src/history/history.ts';
import type {FakeHub} from '../fake-hub/server.ts';
import {fakeHubForTest, serveForTest} from '../helpers/loopback.ts';
import {runBuild, type BuildRun} from '../helpers/run-build.ts';

const config = 'defaults:\n  badges: [pulls]\nimages:\n  - nginx\n  - grafana/grafana\n';
const hour = 3_600_000;
const start = Date.UTC(2026, 10, 2);

const fakeHub = async (): Promise<FakeHub> => fakeHubForTest();

/** One scheduled build at `at` (ms), in `directory`, as SOURCE_DATE_EPOCH would date it. */
async function buildAt(hub: FakeHub, at: number, directory?: string, previous?: string) {
	return runBuild({hub, config, directory, options: {now: () => new Date(at), ...(previous ? {previous} : {})}});
}

async function historyOf(run: BuildRun, hub: FakeHub) {
	const history = await decodeHistory(await readFile(path.join(run.out, 'history.json.gz')), {sources: {dockerhub: hub.url}, latest: Date.now() / 1000});
	if ('problem' in history) throw new Error(history.problem);
	/** Each image's points as [time, pulls, stars], gaps left out. */
	return (image: string) => {
		const values = seriesOf(history, image)!;
		return history.times.flatMap((time, index) => (Number.isNaN(values.pulls[index]) ? [] : [[time, values.pulls[index], values.stars[index]]]));
	};
}

function warningsOf(run: BuildRun): string[] {
	return run.stderr.split('\n').filter(line => line.startsWith('warning:'));
}

describe('history', () => {
	it('records a point per image and build, dated by the build’s clock, and carries it to the next build', async () => {
		const hub = await fakeHub();
		hub.setCounts('library/nginx', {pulls: 1000, stars: 5});
		const first = await buildAt(hub, start);
		hub.setCounts('library/nginx', {pulls: 1500, stars: 6});
		const second = await buildAt(hub, start + 6 * hour, first.root);
		expect(second.code).toBe(0);
		expect(warningsOf(second)).toEqual([]);
		const history = await historyOf(second, hub);
		expect(history('library/nginx')).toEqual([
			[start / 1000, 1000, 5],
			[start / 1000 + 6 * 3600, 1500, 6],
		]);
		expect(history('grafana/grafana')).toHaveLength(2);
	});

	it('thins the history at its boundaries over 16 days of 6-hourly builds: every point for 14 days, the last of each day before', {timeout: 60_000}, async () => {
		const hub = await fakeHub();
		let root: string | undefined;
		let last: BuildRun | undefined;
		const builds = 16 * 4;
		for (let build = 0; build <= builds; build++) {
			hub.setCounts('library/nginx', {pulls: 1000 + build});
			last = await buildAt(hub, start + build * 6 * hour, root);
			root = last.root;
		}
		const points = (await historyOf(last!, hub))('library/nginx');
		const now = (start + builds * 6 * hour) / 1000;
		const fourteenDays = 14 * 86_400;
		// The 14-day mark itself is still kept whole, with the 56 builds after it.
		expect(points.filter(([time]) => time! >= now - fourteenDays)).toHaveLength(57);
		// Before it: days 0 and 1 at 18:00, the last build of each, with the count read then.
		expect(points.filter(([time]) => time! < now - fourteenDays)).toEqual([
			[start / 1000 + 18 * 3600, 1003, expect.any(Number)],
			[start / 1000 + 86_400 + 18 * 3600, 1007, expect.any(Number)],
		]);
	});

	it('keeps the history whole, adding no point, when a build is dated before its last point (SOURCE_DATE_EPOCH at a commit’s time)', async () => {
		const hub = await fakeHub();
		const first = await buildAt(hub, start);
		await buildAt(hub, start + 6 * hour, first.root);
		const behind = await buildAt(hub, start + 3 * hour, first.root);
		expect(behind.code).toBe(0);
		expect(warningsOf(behind)).toEqual([]);
		expect((await historyOf(behind, hub))('library/nginx').map(([time]) => time)).toEqual([start / 1000, start / 1000 + 6 * 3600]);
		const later = await buildAt(hub, start + 12 * hour, first.root);
		expect((await historyOf(later, hub))('library/nginx').map(([time]) => time)).toEqual([start / 1000, start / 1000 + 6 * 3600, start / 1000 + 12 * 3600]);
	});

	it('adds no point for an image whose fetch failed (its badge is stale)', async () => {
		const hub = await fakeHub();
		const first = await buildAt(hub, start);
		hub.fault('/v2/namespaces/library/repositories/nginx', 'status-503');
		hub.fault('/v2/namespaces/library/repositories?', 'status-503');
		hub.fault('/v2/namespaces/grafana/repositories?', 'status-503');
		const second = await buildAt(hub, start + 6 * hour, first.root);
		expect(second.code).toBe(0);
		expect(await second.title('library/nginx/pulls')).toMatch(/^docker pulls: \d/);
		const history = await historyOf(second, hub);
		expect(history('library/nginx').map(([time]) => time)).toEqual([start / 1000]);
		expect(history('grafana/grafana').map(([time]) => time)).toEqual([start / 1000, start / 1000 + 6 * 3600]);
	});

	it('changes no history when the build keeps the previous site (--strict with a stale badge)', async () => {
		const hub = await fakeHub();
		const first = await buildAt(hub, start);
		const before = await first.read('history.json.gz');
		hub.fault('/v2/namespaces/library/repositories/nginx', 'status-503');
		const second = await runBuild({hub, config, directory: first.root, options: {now: () => new Date(start + 6 * hour), strict: true}});
		expect(second.code).toBe(1);
		expect(await second.read('history.json.gz')).toBe(before);
	});

	it.each([
		['truncated', async (file: string) => writeFile(file, (await readFile(file)).subarray(0, 30)), 'is not valid gzipped JSON (truncated?)'],
		['malformed', async (file: string) => writeFile(file, gzipSync('{"format":"dockerhub-badges-history","version":1,"images":[]}')), 'is not a history file this version writes'],
	])('ignores a %s history with one warning and starts it afresh', async (_name, damage, problem) => {
		const hub = await fakeHub();
		const first = await buildAt(hub, start);
		const file = path.join(first.out, 'history.json.gz');
		await damage(file);
		const second = await buildAt(hub, start + 6 * hour, first.root);
		expect(second.code).toBe(0);
		expect(warningsOf(second)).toEqual([`warning: previous history from ${file} ${problem}; ignored, trends start afresh`]);
		expect((await historyOf(second, hub))('library/nginx').map(([time]) => time)).toEqual([start / 1000 + 6 * 3600]);
	});

	it('ignores a history recorded from another Docker Hub origin, with one warning', async () => {
		const hub = await fakeHub();
		const first = await buildAt(hub, start - 6 * hour);
		const out = first.out;
		const foreign = {times: [start / 1000 - 3600], images: [['library/nginx', {pulls: '5', stars: '5'}]] as const};
		await writeFile(path.join(out, 'history.json.gz'), await buffer(encodeHistory(foreign, {dockerhub: 'https://mirror.example'})));
		const run = await buildAt(hub, start, first.root);
		expect(run.code).toBe(0);
		expect(warningsOf(run)).toEqual([
			`warning: previous history from ${path.join(out, 'history.json.gz')} was recorded from "https://mirror.example", not ${hub.url}; ignored, trends start afresh`,
		]);
		expect((await historyOf(run, hub))('library/nginx').map(([time]) => time)).toEqual([start / 1000]);
	});

	it('refuses a history that is a symlink, even to a good history: only a build writes it, never as a link', async () => {
		const hub = await fakeHub();
		const first = await buildAt(hub, start);
		const file = path.join(first.out, 'history.json.gz');
		const elsewhere = path.join(first.root, 'elsewhere.json.gz');
		await rename(file, elsewhere);
		await symlink(elsewhere, file);
		const second = await buildAt(hub, start + 6 * hour, first.root);
		expect(second.code).toBe(0);
		expect(warningsOf(second)).toEqual([`warning: previous history from ${file} not read (the file is a symbolic link, not a regular file); trends start afresh`]);
		expect((await historyOf(second, hub))('library/nginx').map(([time]) => time)).toEqual([start / 1000 + 6 * 3600]);
	});

	it('reads the history from beside a --previous URL of the deployed badges.json, in one request', async () => {
		const hub = await fakeHub();
		const first = await buildAt(hub, start);
		const files = new Map([
			['/site/badges.json', await readFile(path.join(first.out, 'badges.json'))],
			['/site/history.json.gz', await readFile(path.join(first.out, 'history.json.gz'))],
		]);
		const asked: string[] = [];
		const origin = await serveForTest((request, response) => {
			asked.push(request.url!);
			const body = files.get(request.url!.split('?')[0]!);
			response.writeHead(body ? 200 : 404).end(body);
		});
		const url = `${origin}/site/badges.json?sig=secret`;
		// A fresh directory: only the URL can carry the history.
		const second = await buildAt(hub, start + 6 * hour, undefined, url);
		expect(second.code).toBe(0);
		expect(asked.sort()).toEqual(['/site/badges.json?sig=secret', '/site/history.json.gz']);
		expect((await historyOf(second, hub))('library/nginx').map(([time]) => time)).toEqual([start / 1000, start / 1000 + 6 * 3600]);
	});
});
