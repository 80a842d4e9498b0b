import {afterEach, describe, expect, it} from 'vitest';
import {startFakeHub, type FakeHub} from '../fake-hub/server.ts';
import {runBuild} from '../helpers/run-build.ts';

const config = `images:
  - image: nginx
    badges:
      - pulls
      - {kind: pulls, per: day}
      - {kind: pulls, per: week}
      - {kind: stars, per: month}
`;
const hour = 3_600_000;
const day = 24 * hour;
const start = Date.UTC(2026, 10, 2);

const hubs: FakeHub[] = [];
afterEach(async () => {
	await Promise.all(hubs.splice(0).map(async hub => hub.close()));
});

describe('trend badges over simulated weeks of 6-hourly builds', () => {
	it('count pulls and stars per period from the history, collecting data until a seventh of the period is covered', {timeout: 60_000}, async () => {
		const hub = await startFakeHub();
		hubs.push(hub);
		let root: string | undefined;
		const seen = new Map<number, string[]>();
		// 1,000 pulls a build (4,000 a day), a star a day; SOURCE_DATE_EPOCH dates each build.
		for (let build = 0; build <= 8 * 4; build++) {
			const at = start + build * 6 * hour;
			hub.setCounts('library/nginx', {pulls: 1_000_000 + build * 1000, stars: 100 + Math.floor(build / 4)});
			const run = await runBuild({hub, config, directory: root, options: {now: () => new Date(at)}});
			expect(run.code).toBe(0);
			root = run.root;
			seen.set(build, await Promise.all(['pulls', 'pulls-day', 'pulls-week', 'stars-month'].map(async file => run.title(`library/nginx/${file}`))));
		}
		const at = (build: number) => seen.get(build)!.slice(1).map(title => title.replace(/^docker (pulls|stars): /, ''));
		expect(seen.get(0)![0]).toBe('docker pulls: 1M');
		expect(at(0)).toEqual(['collecting data', 'collecting data', 'collecting data']);
		// 6 hours is past a seventh of a day: 1,000 pulls scaled to 4,000 a day.
		expect(at(1)).toEqual(['4k/day', 'collecting data', 'collecting data']);
		expect(at(3)).toEqual(['4k/day', 'collecting data', 'collecting data']);
		// A day is a seventh of a week: 4,000 scaled to 28,000.
		expect(at(4)).toEqual(['4k/day', '28k/week', 'collecting data']);
		// Four days are not yet a seventh of 30 days; five are: 5 stars scaled by 6.
		expect(at(16)).toEqual(['4k/day', '28k/week', 'collecting data']);
		expect(at(20)).toEqual(['4k/day', '28k/week', '+30/month']);
		// A whole week of history: counted, not scaled.
		expect(at(28)).toEqual(['4k/day', '28k/week', '+30/month']);
		expect(at(32)).toEqual(['4k/day', '28k/week', '+30/month']);
	});

	it('collecting data stays grey whatever color the badge is given; the trend then takes it', async () => {
		const hub = await startFakeHub();
		hubs.push(hub);
		const colored = 'images:\n  - image: nginx\n    badges: [{kind: pulls, per: week, color: green}]\n';
		const colorOf = async (run: {read(file: string): Promise<string>}) => JSON.parse(await run.read('badges.json')).images[0].badges[0].color;
		const first = await runBuild({hub, config: colored, options: {now: () => new Date(start)}});
		expect(await colorOf(first)).toBe('lightgrey');
		const second = await runBuild({hub, config: colored, directory: first.root, options: {now: () => new Date(start + day)}});
		expect(await colorOf(second)).toBe('green');
	});

	it('a drop in the total (Docker Hub recounts) reads 0, and a trend whose fetch fails keeps its last value, stale', async () => {
		const hub = await startFakeHub();
		hubs.push(hub);
		hub.setCounts('library/nginx', {pulls: 50_000});
		const first = await runBuild({hub, config, options: {now: () => new Date(start)}});
		hub.setCounts('library/nginx', {pulls: 10_000});
		const second = await runBuild({hub, config, directory: first.root, options: {now: () => new Date(start + day)}});
		expect(await second.title('library/nginx/pulls-week')).toBe('docker pulls: 0/week');
		hub.fault('/v2/namespaces/library/repositories/nginx', 'status-503');
		const third = await runBuild({hub, config, directory: first.root, options: {now: () => new Date(start + 2 * day)}});
		expect(third.code).toBe(0);
		expect(await third.title('library/nginx/pulls-week')).toBe('docker pulls: 0/week');
		const badge = JSON.parse(await third.read('badges.json')).images[0].badges.find((entry: {file: string}) => entry.file === 'pulls-week');
		expect(badge).toMatchObject({kind: 'pulls', options: {per: 'week'}, stale: true});
	});
});
