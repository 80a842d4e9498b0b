import {existsSync} from 'node:fs';
import {mkdir, mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {Browser, BrowserContext, BrowserContextOptions, Page} from 'playwright-core';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {startFakeHub, type FakeHub} from '../fake-hub/server.ts';
import {demoUser, runBuild} from '../helpers/run-build.ts';
import {launchChromium} from './chromium.ts';
import {serveStatic, type StaticServer} from './static-server.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);
const sampleConfig = await readFile(new URL('../../badges.yml', import.meta.url), 'utf8');

let directory: string;
let hub: FakeHub;
let site: StaticServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
	browser = await launchChromium();
	// Our own folder: run-build's temporary folders are removed after each test, and this site serves them all.
	directory = await mkdtemp(path.join(tmpdir(), 'badges-browser-'));
	await mkdir(ARTIFACTS, {recursive: true});
	hub = await startFakeHub({users: [demoUser]});
	const first = await runBuild({hub, config: sampleConfig, directory});
	expect(first.code).toBe(0);
	hub.fault('/v2/namespaces/grafana/', 'status-503');
	const second = await runBuild({hub, config: sampleConfig, directory: first.root});
	expect(second.code).toBe(0);
	site = await serveStatic(second.out);
});

afterEach(async () => {
	await Promise.all(contexts.splice(0).map(async context => context.close()));
});

afterAll(async () => {
	await browser?.close();
	await site?.close();
	await hub?.close();
	if (directory) await rm(directory, {recursive: true, force: true});
});

/** Opens the index page in a fresh context, running `before` ahead of the page's scripts; `problems` collects console errors, page errors and failed or refused requests. */
async function open(options: BrowserContextOptions = {}, before?: () => void): Promise<{page: Page; problems: string[]}> {
	const context = await browser.newContext(options);
	contexts.push(context);
	if (before) await context.addInitScript(before);
	const page = await context.newPage();
	const problems: string[] = [];
	page.on('console', message => {
		if (message.type() === 'error') problems.push(`console: ${message.text()} ${message.location().url}`);
	});
	page.on('pageerror', error => problems.push(`page error: ${error.message}`));
	page.on('requestfailed', request => problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`));
	page.on('response', response => {
		if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
	});
	await page.goto(`${site.url}/`, {waitUntil: 'load'});
	return {page, problems};
}

/** Badges load lazily: scroll the whole page through the viewport, then wait for every image to settle. */
async function loadAllImages(page: Page): Promise<void> {
	await page.evaluate(async () => {
		for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight / 2) {
			window.scrollTo(0, y);
			await new Promise(resolve => requestAnimationFrame(resolve));
		}
		window.scrollTo(0, 0);
	});
	await page.waitForFunction(() => [...document.images].every(image => image.complete));
}

const card = (page: Page, image: string) => page.locator(`.card[id="${image}"]`);
const badge = (page: Page, image: string, label: string) => card(page, image).locator(`li[data-label="${label}"]`);
const clipboard = async (page: Page) => page.evaluate(async () => navigator.clipboard.readText());
const clipboardPermissions = {permissions: ['clipboard-read', 'clipboard-write']};

describe('the index page in Chromium', () => {
	it('loads with no console errors and no failed requests', async () => {
		const {page, problems} = await open();
		await loadAllImages(page);
		expect(await page.locator('.card img').count()).toBeGreaterThan(20);
		expect(problems).toEqual([]);
	});

	it('loads every badge image, each with its size reserved', async () => {
		const {page} = await open();
		await loadAllImages(page);
		const images = await page.locator('.card img').evaluateAll((elements: HTMLImageElement[]) =>
			elements.map(image => ({src: image.getAttribute('src'), natural: image.naturalWidth, width: Number(image.getAttribute('width')), height: Number(image.getAttribute('height'))})),
		);
		expect(images.length).toBeGreaterThan(20);
		const broken = images.filter(image => !(image.natural > 0 && image.width > 0 && image.height > 0));
		expect(broken).toEqual([]);
	});

	it('shows the title, the build time and totals that match the cards', async () => {
		const started = Date.now();
		const {page} = await open();
		await expect(page.title()).resolves.toBe('Docker badges');
		expect(await page.locator('h1').textContent()).toBe('Docker badges');
		const built = (await page.locator('header time').textContent())!;
		expect(built).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
		// The page shows minutes only; the second build ran moments ago.
		expect(Math.abs(Date.parse(built.replace(' UTC', 'Z').replace(' ', 'T')) - started)).toBeLessThan(5 * 60_000);

		const meta = (await page.locator('header .meta').first().textContent())!;
		const images = await page.locator('.card').count();
		const badges = await page.locator('.card li').count();
		const stale = await page.locator('li.stale').count();
		expect(images).toBe(5);
		expect(stale).toBe(6);
		expect(meta).toContain(`· ${images} images · ${badges} badges · ${stale} stale · 0 errors`);
	});

	it('filters the cards as one types, and says how many are shown', async () => {
		const {page} = await open();
		const filter = page.locator('#filter');
		await filter.pressSequentially('grafana');
		await expect.poll(async () => page.locator('#shown').textContent()).toBe('1 of 5 images');
		expect(await card(page, 'grafana/grafana').isVisible()).toBe(true);
		for (const hidden of ['library/nginx', 'library/hello-world', 'bitnami/redis', 'myorg/app']) {
			expect(await card(page, hidden).isVisible(), hidden).toBe(false);
		}

		await filter.fill('');
		await expect.poll(async () => page.locator('.card:visible').count()).toBe(5);
		expect(await page.locator('#shown').textContent()).toBe('');
	});

	it('copies Markdown, HTML and the URL, with the badge URL made absolute', async () => {
		const {page} = await open(clipboardPermissions);
		const pulls = badge(page, 'library/nginx', 'docker pulls');
		const url = `${site.url}/badges/library/nginx/pulls.svg`;

		const markdown = pulls.getByRole('button', {name: 'Markdown'});
		await markdown.click();
		await expect.poll(async () => clipboard(page)).toBe(`[![docker pulls](${url})](https://hub.docker.com/_/nginx)`);
		// Seen as a tick, heard through the live region.
		expect(await markdown.evaluate(element => getComputedStyle(element, '::after').content)).toBe('" ✓"');
		expect(await page.locator('#copied').textContent()).toBe('Markdown of docker pulls copied');
		await pulls.getByRole('button', {name: 'HTML'}).click();
		await expect.poll(async () => clipboard(page)).toBe(`<a href="https://hub.docker.com/_/nginx"><img src="${url}" alt="docker pulls"></a>`);
		await pulls.getByRole('button', {name: 'URL'}).click();
		await expect.poll(async () => clipboard(page)).toBe(url);
	});

	it('offers the snippet to copy by hand where there is no clipboard, as on plain http', async () => {
		const {page, problems} = await open({}, () => {
			Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});
		});
		const prompts: string[] = [];
		// The click only returns once the prompt is answered.
		page.once('dialog', async dialog => {
			prompts.push(`${dialog.type()}: ${dialog.defaultValue()}`);
			await dialog.dismiss();
		});
		await badge(page, 'library/nginx', 'docker pulls').getByRole('button', {name: 'URL'}).click();
		await expect.poll(() => prompts).toEqual([`prompt: ${site.url}/badges/library/nginx/pulls.svg`]);
		expect(problems).toEqual([]);
	});

	it('is usable from the keyboard: Tab reaches the filter, then links and buttons; Enter copies', async () => {
		const {page} = await open(clipboardPermissions);
		await page.evaluate(async () => navigator.clipboard.writeText('before'));
		const focused = async () => page.evaluate(() => {
			const element = document.activeElement!;
			return {tag: element.tagName, id: element.id, text: element.textContent, outline: getComputedStyle(element).outlineStyle};
		});

		await page.keyboard.press('Tab');
		expect(await focused()).toMatchObject({tag: 'INPUT', id: 'filter'});
		await page.keyboard.press('Tab');
		expect(await focused()).toMatchObject({tag: 'A', text: 'nginx'});
		await page.keyboard.press('Tab');
		expect(await focused()).toMatchObject({tag: 'A', text: 'Docker Hub'});
		await page.keyboard.press('Tab');
		// The first badge's first button; the focus ring shows where the keyboard is.
		expect(await focused()).toMatchObject({tag: 'BUTTON', text: 'Markdown', outline: 'solid'});

		await page.keyboard.press('Enter');
		await expect.poll(async () => clipboard(page)).toBe(`[![docker pulls](${site.url}/badges/library/nginx/pulls.svg)](https://hub.docker.com/_/nginx)`);
	});

	it('marks stale badges with a visible note and a coloured edge', async () => {
		const {page} = await open();
		const grafana = card(page, 'grafana/grafana').locator('li');
		expect(await grafana.count()).toBe(6);
		for (const item of await grafana.all()) {
			expect(await item.getAttribute('class')).toBe('stale');
			const note = item.locator('small');
			expect(await note.isVisible()).toBe(true);
			expect(await note.textContent()).toMatch(/^stale: kept from \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC; Docker Hub answered 503/);
			expect(await item.evaluate(element => getComputedStyle(element).boxShadow)).not.toBe('none');
		}
		const fresh = badge(page, 'library/nginx', 'docker pulls');
		expect(await fresh.evaluate(element => getComputedStyle(element).boxShadow)).toBe('none');
	});

	it('without JavaScript shows every badge URL as text and hides what needs a script', async () => {
		const {page} = await open({javaScriptEnabled: false});
		const items = await page.locator('.card li').all();
		expect(items.length).toBeGreaterThan(20);
		for (const item of items) {
			const code = item.locator('code');
			expect(await code.isVisible()).toBe(true);
			expect(await code.textContent()).toBe(await item.locator('img').getAttribute('src'));
		}
		// The copy buttons come from the script: without it there are none to press in vain.
		expect(await page.locator('.copy').count()).toBe(0);
		expect(await page.locator('#filter').isVisible()).toBe(false);
	});

	it('gives every badge its copy buttons once the script runs', async () => {
		const {page} = await open();
		const items = await page.locator('.card li').count();
		expect(await page.locator('.card li > .copy').count()).toBe(items);
		expect(await page.locator('.card li button[data-copy]').count()).toBe(items * 3);
	});

	it('follows the dark colour scheme', async () => {
		const background = async (colorScheme: 'light' | 'dark') => {
			const {page} = await open({colorScheme});
			return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
		};
		const light = await background('light');
		expect(light).toBe('rgb(255, 255, 255)');
		expect(await background('dark')).not.toBe(light);
	});

	it('fits a phone screen without horizontal scrolling', async () => {
		const {page} = await open({viewport: {width: 390, height: 844}, deviceScaleFactor: 3, isMobile: true, hasTouch: true});
		await loadAllImages(page);
		const {scrollWidth, innerWidth} = await page.evaluate(() => ({scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth}));
		expect(innerWidth).toBe(390);
		expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
		// A wide badge may fit the screen yet stick out of its card, and a wider one would scroll.
		const outside = await page.locator('.card').evaluateAll((cards: HTMLElement[]) =>
			cards.flatMap(card => {
				const edge = card.getBoundingClientRect().right - card.clientLeft - parseFloat(getComputedStyle(card).paddingRight);
				return [...card.querySelectorAll('h2, img, small, code, button')].filter(element => element.getBoundingClientRect().right > edge + 0.5).map(element => element.outerHTML.slice(0, 100));
			}),
		);
		expect(outside).toEqual([]);
		await page.screenshot({path: new URL('index-page-phone.png', ARTIFACTS).pathname, fullPage: true});
	});

	it('saves full-page screenshots, light and dark, for a person to look at', async () => {
		for (const [colorScheme, file] of [['light', 'index-page.png'], ['dark', 'index-page-dark.png']] as const) {
			const {page} = await open({colorScheme, viewport: {width: 1100, height: 800}});
			await loadAllImages(page);
			const target = new URL(file, ARTIFACTS);
			await page.screenshot({path: target.pathname, fullPage: true});
			expect(existsSync(target)).toBe(true);
		}
	});
});
