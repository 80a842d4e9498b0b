import {existsSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {FakeHub} from '../fake-hub/server.ts';
import {fakeHubForTest} from '../helpers/loopback.ts';
import {runBuild, runCheck, type BuildRun} from '../helpers/run-build.ts';
import {xmlError} from '../helpers/xml.ts';

const config = `defaults:
  badges: [pulls]
images:
  - image: nginx
    badges: [pulls, chart, {kind: chart, range: all, label: downloads}]
  - grafana/grafana
groups:
  - name: web
    images: [nginx, grafana/grafana]
    badges: [pulls, chart]
`;
const hour = 3_600_000;
const start = Date.UTC(2026, 10, 2);

/** One scheduled build at `at` (ms), as SOURCE_DATE_EPOCH would date it; nginx gains 1,000 pulls a build, grafana 2,000. */
async function buildAt(hub: FakeHub, build: number, directory?: string): Promise<BuildRun> {
	hub.setCounts('library/nginx', {pulls: 1_000_000 + build * 1000});
	hub.setCounts('grafana/grafana', {pulls: 5_000_000 + build * 2000});
	const run = await runBuild({hub, config, directory, options: {now: () => new Date(start + build * 6 * hour)}});
	expect(run.code).toBe(0);
	return run;
}

/** The texts of an SVG's `<text>` elements, in order. */
function textsOf(svg: string): string[] {
	return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map(match => match[1]!);
}

/** Where the total's line ends, across the chart. */
function lineEnd(svg: string): number {
	return Number(/<path class="l" d="M[^"]*L([\d.]+),[\d.]+"/.exec(svg)![1]);
}

describe('charts over simulated days of 6-hourly builds', () => {
	it('are listed in badges.json from the first build, and say they are collecting data until there are two points', async () => {
		const hub = await fakeHubForTest();
		const first = await buildAt(hub, 0);
		const manifest = JSON.parse(await first.read('badges.json'));
		expect(manifest.images[0].charts).toEqual([
			{kind: 'chart', range: '90d', file: 'pulls-chart', path: 'badges/library/nginx/pulls-chart.svg', label: 'docker pulls'},
			{kind: 'chart', range: 'all', file: 'pulls-chart-all', path: 'badges/library/nginx/pulls-chart-all.svg', label: 'downloads'},
		]);
		// Charts are not badges: the badge list, the counts and the shields endpoint JSON leave them out.
		expect(manifest.images[0].badges.map((badge: {file: string}) => badge.file)).toEqual(['pulls']);
		expect(manifest.images[1].charts).toBeUndefined();
		expect(manifest.groups[0].charts).toEqual([{kind: 'chart', range: '90d', file: 'pulls-chart', path: 'badges/groups/web/pulls-chart.svg', label: 'docker pulls'}]);
		expect(existsSync(path.join(first.out, 'badges/library/nginx/pulls-chart.json'))).toBe(false);

		const chart = await first.read('badges/library/nginx/pulls-chart.svg');
		expect(xmlError(chart)).toBeUndefined();
		expect(chart).toContain('<title>nginx: docker pulls, last 90 days</title>');
		expect(textsOf(chart)).toContain('collecting data: the chart fills in as builds run');
		expect(first.stdout).toMatch(/\b3 badges\b/);
		// A chart draws the counts the repository call brings: no tag page is read for it.
		expect(hub.count(/\/tags/)).toBe(0);
	});

	it('draw the pulls a day and the total from the history and this build, for an image and a group, and the page shows them', {timeout: 60_000}, async () => {
		const hub = await fakeHubForTest();
		let run = await buildAt(hub, 0);
		for (let build = 1; build <= 4 * 5; build++) {
			run = await buildAt(hub, build, run.root);
		}
		const chart = await run.read('badges/library/nginx/pulls-chart.svg');
		expect(xmlError(chart)).toBeUndefined();
		expect(Buffer.byteLength(chart)).toBeLessThan(12 * 1024);
		expect(chart).toContain('<title>nginx: docker pulls, last 90 days</title>');
		const texts = textsOf(chart);
		// 4,000 pulls a day on the left axis and in the legend; the total (1,020,000) as its badge says it, and on the right axis; months below.
		expect(texts).toEqual(expect.arrayContaining(['nginx', 'docker pulls, last 90 days', 'total 1M', '4k a day', '0', '4k', '1.02M', 'Oct', 'Nov']));
		// Five days of builds (Nov 2 to Nov 7, 00:00): a bar a day.
		expect(/<path class="b" d="([^"]*)"/.exec(chart)![1]!.match(/M/g)).toHaveLength(5);
		expect(lineEnd(chart)).toBe(580);

		const all = await run.read('badges/library/nginx/pulls-chart-all.svg');
		expect(textsOf(all)).toEqual(expect.arrayContaining(['nginx', 'downloads, since the first build']));

		const group = await run.read('badges/groups/web/pulls-chart.svg');
		expect(group).toContain('<title>web (group): docker pulls, last 90 days</title>');
		expect(textsOf(group)).toEqual(expect.arrayContaining(['total 6.1M', '12k a day']));

		const html = await run.read('index.html');
		expect(html).toContain('<img src="badges/library/nginx/pulls-chart.svg" alt="nginx: docker pulls, last 90 days" width="640" height="300" loading="lazy">');
		expect(html).toContain('<img src="badges/groups/web/pulls-chart.svg" alt="web (group): docker pulls, last 90 days"');
		// Every card's sparkline is drawn inline, charts or not: no image request of its own.
		expect(html.match(/<p class="spark"><svg viewBox="0 0 120 24" width="120" height="24" aria-hidden="true"><path d="M[\d,L]+"\/><\/svg> /g)).toHaveLength(3);
		expect(html).toContain('</svg> 4k pulls a day; last 30 days</p>');
		expect(html).toContain('</svg> 8k pulls a day; last 30 days</p>');
		const index = JSON.parse(await run.read('index.json'));
		expect(index.images.map((card: {id: string; spark?: unknown; charts?: unknown[]}) => [card.id, card.spark !== undefined, card.charts?.length ?? 0])).toEqual([
			['groups/web', true, 1],
			['library/nginx', true, 2],
			['grafana/grafana', true, 0],
		]);
	});

	it('still draw the history when this build’s fetch fails, without a point for it', {timeout: 30_000}, async () => {
		const hub = await fakeHubForTest();
		let run = await buildAt(hub, 0);
		for (let build = 1; build <= 8; build++) {
			run = await buildAt(hub, build, run.root);
		}
		hub.fault('/v2/namespaces/library/repositories/nginx', 'status-503');
		hub.fault(/^\/v2\/namespaces\/library\/repositories\/?\?/, 'status-503');
		run = await buildAt(hub, 9, run.root);
		const chart = await run.read('badges/library/nginx/pulls-chart.svg');
		expect(JSON.parse(await run.read('badges.json')).images[0].badges[0].stale).toBe(true);
		// The line ends at the last build that read it, six hours (1.5 px) before the right edge.
		expect(textsOf(chart)).toEqual(expect.arrayContaining(['1.008M', '4k a day']));
		expect(lineEnd(chart)).toBeCloseTo(578.5, 0);
	});
});

describe('npm run check with charts', () => {
	it('lists each chart’s file, and counts charts apart from badges', async () => {
		const run = await runCheck(config);
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('library/nginx: badges/library/nginx/pulls.svg, badges/library/nginx/pulls-chart.svg, badges/library/nginx/pulls-chart-all.svg');
		expect(run.stdout).toContain('group web (library/nginx, grafana/grafana): badges/groups/web/pulls.svg, badges/groups/web/pulls-chart.svg');
		expect(run.stdout).toContain('2 images, 2 badges, 2 charts.');
		expect(run.stdout).toContain('shields.io would make at least 2,');
	});
});
