import {mkdir, mkdtemp, readFile, readdir, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import {HtmlValidate} from 'html-validate';
import type {Browser, BrowserContext, Page} from 'playwright-core';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {startFakeHub, type FakeHub} from '../fake-hub/server.ts';
import {runBuild} from '../helpers/run-build.ts';
import {launchChromium} from './chromium.ts';
import {serveStatic, type StaticServer} from './static-server.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);
const config = `defaults:
  badges: [pulls]
images:
  - image: nginx
    badges: [pulls, stars, chart]
  - image: grafana/grafana
    badges: [pulls, {kind: chart, range: 1y}]
  - bitnami/redis
groups:
  - name: web
    images: [nginx, grafana/grafana]
    badges: [pulls, chart]
`;
const day = 86_400_000;
const start = Date.UTC(2026, 9, 1);

let directory: string;
let hub: FakeHub;
let site: StaticServer;
let siteDir: string;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
	browser = await launchChromium();
	directory = await mkdtemp(path.join(tmpdir(), 'badges-charts-'));
	await mkdir(ARTIFACTS, {recursive: true});
	hub = await startFakeHub();
	// Three weeks of daily builds, each image's pulls a day swinging from day to day.
	let root = directory;
	let out = '';
	for (let build = 0; build <= 21; build++) {
		hub.setCounts('library/nginx', {pulls: 1_000_000 + build * 4000 + (build % 3) * 1500});
		hub.setCounts('grafana/grafana', {pulls: 5_000_000 + build * 9000 + (build % 4) * 2500});
		hub.setCounts('bitnami/redis', {pulls: 800_000 + build * 700 + (build % 2) * 300});
		const run = await runBuild({hub, config, directory: root, options: {now: () => new Date(start + build * day)}});
		expect(run.code).toBe(0);
		root = run.root;
		out = run.out;
	}
	siteDir = out;
	site = await serveStatic(siteDir);
}, 120_000);

afterEach(async () => {
	await Promise.all(contexts.splice(0).map(async context => context.close()));
});

afterAll(async () => {
	await browser?.close();
	await site?.close();
	await hub?.close();
	if (directory) await rm(directory, {recursive: true, force: true});
});

async function open(colorScheme: 'light' | 'dark', at = '/'): Promise<{page: Page; problems: string[]}> {
	const context = await browser.newContext({colorScheme, viewport: {width: 1100, height: 900}});
	contexts.push(context);
	const page = await context.newPage();
	const problems: string[] = [];
	page.on('console', message => {
		if (message.type() === 'error') problems.push(`console: ${message.text()}`);
	});
	page.on('pageerror', error => problems.push(`page error: ${error.message}`));
	page.on('response', response => {
		if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
	});
	await page.goto(`${site.url}${at}`, {waitUntil: 'load'});
	return {page, problems};
}

/** What the eye sees of a chart's parts: computed colours, which the SVG's own media query sets. */
async function chartColors(page: Page) {
	return page.evaluate(() => {
		const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
		return {background: style('.bg').fill, total: style('path.l').stroke, bars: style('path.b').fill, title: style('.t').fill};
	});
}

describe('charts and sparklines in Chromium', () => {
	it('draw the chart SVG in light and dark colours of its own, each readable on its background', async () => {
		const seen: Record<string, Awaited<ReturnType<typeof chartColors>>> = {};
		for (const colorScheme of ['light', 'dark'] as const) {
			const {page, problems} = await open(colorScheme, '/badges/library/nginx/pulls-chart.svg');
			seen[colorScheme] = await chartColors(page);
			expect(await page.locator('path.b').getAttribute('d')).toMatch(/^M/);
			expect(await page.locator('text').allTextContents()).toEqual(expect.arrayContaining(['nginx', 'docker pulls, last 90 days']));
			expect(problems).toEqual([]);
			await page.screenshot({path: new URL(`chart-${colorScheme}.png`, ARTIFACTS).pathname, clip: {x: 0, y: 0, width: 640, height: 300}});
		}
		expect(seen.light).toEqual({background: 'rgb(255, 255, 255)', total: 'rgb(6, 109, 165)', bars: 'rgb(191, 135, 0)', title: 'rgb(31, 35, 40)'});
		expect(seen.dark).toEqual({background: 'rgb(13, 17, 23)', total: 'rgb(88, 166, 255)', bars: 'rgb(210, 153, 34)', title: 'rgb(230, 237, 243)'});
	});

	it('show every card’s sparkline and each chart in its card, light and dark, with no failed request', async () => {
		const strokes: string[] = [];
		for (const colorScheme of ['light', 'dark'] as const) {
			const {page, problems} = await open(colorScheme);
			const sparklines = page.locator('.card .spark path');
			expect(await sparklines.count()).toBe(4);
			strokes.push(await sparklines.first().evaluate(path => getComputedStyle(path).stroke));
			const box = await sparklines.first().boundingBox();
			expect(box!.width).toBeGreaterThan(60);
			expect(box!.height).toBeGreaterThan(2);

			const charts = page.locator('.card figure.chart img');
			expect(await charts.evaluateAll((images: HTMLImageElement[]) => images.map(image => image.getAttribute('src')))).toEqual([
				'badges/groups/web/pulls-chart.svg',
				'badges/library/nginx/pulls-chart.svg',
				'badges/grafana/grafana/pulls-chart-1y.svg',
			]);
			for (const chart of await charts.all()) await chart.scrollIntoViewIfNeeded();
			await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('figure.chart img')].every(image => image.complete && image.naturalWidth === 640));
			expect(problems).toEqual([]);
			// The sticky toolbar would cover the top of the card in its screenshot.
			await page.addStyleTag({content: '.toolbar { position: static; }'});
			await page.locator('.card[data-id="library/nginx"]').screenshot({path: new URL(`chart-card-${colorScheme}.png`, ARTIFACTS).pathname});
		}
		// The page's accent: a sparkline follows the page's theme as its text does.
		expect(strokes).toEqual(['rgb(9, 105, 218)', 'rgb(68, 147, 248)']);
	});

	it('draws the sparkline and the chart of a card the filter found (kind:chart), from index.json', async () => {
		const {page, problems} = await open('light', '/?q=kind%3Achart');
		await page.locator('#results .card').first().waitFor();
		expect(await page.locator('#results .card').evaluateAll((cards: HTMLElement[]) => cards.map(card => card.dataset.id))).toEqual(['groups/web', 'library/nginx', 'grafana/grafana']);
		expect(await page.locator('#results .spark path').count()).toBe(3);
		expect(await page.locator('#results .spark path').first().evaluate(path => getComputedStyle(path).stroke)).toBe('rgb(9, 105, 218)');
		expect(await page.locator('#results figure.chart img').first().getAttribute('alt')).toBe('web (group): docker pulls, last 90 days');
		expect(problems).toEqual([]);
	});

	it('copies a chart as the chosen format, and as its URL where a shields endpoint URL is chosen (shields draws no charts)', async () => {
		const context = await browser.newContext({permissions: ['clipboard-read', 'clipboard-write']});
		contexts.push(context);
		const page = await context.newPage();
		await page.goto(`${site.url}/`, {waitUntil: 'load'});
		const button = page.locator('.card[data-id="library/nginx"] figure.chart button');
		await expect(button.textContent()).resolves.toBe('Copy Markdown');
		await expect(button.getAttribute('aria-label')).resolves.toBe('Copy Markdown of nginx: docker pulls, last 90 days for nginx');
		await button.click();
		const url = `${site.url}/badges/library/nginx/pulls-chart.svg`;
		await expect(page.evaluate(async () => navigator.clipboard.readText())).resolves.toBe(`[![nginx: docker pulls, last 90 days](${url})](https://hub.docker.com/_/nginx)`);
		await page.locator('#format').selectOption('endpoint');
		await expect(button.textContent()).resolves.toBe('Copy URL');
		await button.click();
		await expect(page.evaluate(async () => navigator.clipboard.readText())).resolves.toBe(url);
		// The badges of the card still copy as shields endpoint URLs.
		await page.locator('.card[data-id="library/nginx"] li button').first().click();
		await expect(page.evaluate(async () => navigator.clipboard.readText())).resolves.toMatch(/^https:\/\/img\.shields\.io\/endpoint\?url=/);
	});

	it.each(['light', 'dark'] as const)('has no axe violations in %s, and valid HTML', async colorScheme => {
		const {page} = await open(colorScheme);
		const results = await new AxeBuilder({page}).analyze();
		expect(results.violations.map(violation => `${violation.id}: ${violation.nodes.map(node => node.target.join(' ')).join(', ')}`)).toEqual([]);
		const validator = new HtmlValidate({extends: ['html-validate:recommended'], rules: {'valid-id': ['error', {relaxed: true}]}});
		for (const file of (await readdir(siteDir)).filter(name => name.endsWith('.html'))) {
			const report = await validator.validateString(await readFile(path.join(siteDir, file), 'utf8'), file);
			expect(report.results.flatMap(result => result.messages.map(message => `${file}:${message.line}:${message.column} ${message.ruleId}: ${message.message}`))).toEqual([]);
		}
	});
});
