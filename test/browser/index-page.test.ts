import {existsSync} from 'node:fs';
import {mkdir, mkdtemp, readFile, readdir, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import {HtmlValidate} from 'html-validate';
import type {Browser, BrowserContext, BrowserContextOptions, Page} from 'playwright-core';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {generateRepositories} from '../fake-hub/fixtures.ts';
import {startFakeHub, type FakeHub} from '../fake-hub/server.ts';
import {demoUser, runBuild} from '../helpers/run-build.ts';
import {launchChromium} from './chromium.ts';
import {serveStatic, type StaticServer} from './static-server.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);
const sampleConfig = await readFile(new URL('../../badges.yml', import.meta.url), 'utf8');
const baseUrl = 'https://badges.example.com/x';

let directory: string;
let hub: FakeHub;
let bigHub: FakeHub;
/** The sample badges.yml, built twice, the second time with grafana failing: one page, stale badges, no baseUrl. */
let site: StaticServer;
let siteDir: string;
/** 120 generated images and one that does not exist, and a group of 40 of them: three pages, error badges, a baseUrl. */
let big: StaticServer;
let bigDir: string;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
	browser = await launchChromium();
	// Our own folder: run-build's temporary folders are removed after each test, and these sites serve them all.
	directory = await mkdtemp(path.join(tmpdir(), 'badges-browser-'));
	await mkdir(path.join(directory, 'sample'));
	await mkdir(path.join(directory, 'big'));
	await mkdir(ARTIFACTS, {recursive: true});
	hub = await startFakeHub({users: [demoUser]});
	const first = await runBuild({hub, config: sampleConfig, directory: path.join(directory, 'sample')});
	expect(first.code).toBe(0);
	hub.fault('/v2/namespaces/grafana/', 'status-503');
	const second = await runBuild({hub, config: sampleConfig, directory: first.root});
	expect(second.code).toBe(0);
	siteDir = second.out;
	site = await serveStatic(siteDir);

	const repositories = generateRepositories({namespaces: 3, perNamespace: 40});
	bigHub = await startFakeHub({repositories, users: [demoUser]});
	const images = repositories.map(repository => `  - ${repository.namespace}/${repository.name}`);
	images[0] = '  - image: ns000/repo0000\n    badges: [pulls, size, {kind: size, arch: arm64, file: size-arm64}]';
	images[1] = '  - image: ns000/repo0001\n    badges: [pulls, {kind: size, tag: no-such-tag}]';
	const bigConfig = `site:\n  baseUrl: ${baseUrl}\nimages:\n${images.join('\n')}\n  - ns002/missing\ngroups:\n  - name: second\n    images: [ns001/*]\n    badges: [pulls, stars]\n`;
	const bigRun = await runBuild({hub: bigHub, config: bigConfig, directory: path.join(directory, 'big'), options: {allowErrors: true}});
	expect(bigRun.code).toBe(0);
	bigDir = bigRun.out;
	big = await serveStatic(bigDir);
});

afterEach(async () => {
	await Promise.all(contexts.splice(0).map(async context => context.close()));
});

afterAll(async () => {
	await browser?.close();
	await site?.close();
	await big?.close();
	await hub?.close();
	await bigHub?.close();
	if (directory) await rm(directory, {recursive: true, force: true});
});

type Opened = {page: Page; problems: string[]; context: BrowserContext};

/** Opens a page of a site in a fresh context, running `before` ahead of the page's scripts; `problems` collects console errors, page errors and failed or refused requests. */
async function open(options: BrowserContextOptions = {}, {server = site, at = '/', before}: {server?: StaticServer; at?: string; before?: () => void} = {}): Promise<Opened> {
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
	await page.goto(`${server.url}${at}`, {waitUntil: 'load'});
	return {page, problems, context};
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

const visibleCards = async (page: Page) => page.locator('.card:visible').evaluateAll((cards: HTMLElement[]) => cards.map(card => card.dataset.id));
const card = (page: Page, image: string) => page.locator(`.card:visible[data-id="${image}"]`);
const clipboard = async (page: Page) => page.evaluate(async () => navigator.clipboard.readText());
const clipboardPermissions = {permissions: ['clipboard-read', 'clipboard-write']};
const sampleIds = ['library/nginx', 'library/hello-world', 'grafana/grafana', 'bitnami/redis', 'myorg/app'];

describe('the index page in Chromium', () => {
	it('loads every badge image, each with its size reserved, with no console errors or failed requests', async () => {
		const {page, problems} = await open();
		await loadAllImages(page);
		const images = await page.locator('.card img').evaluateAll((elements: HTMLImageElement[]) =>
			elements.map(image => ({src: image.getAttribute('src'), natural: image.naturalWidth, width: Number(image.getAttribute('width')), height: Number(image.getAttribute('height'))})),
		);
		expect(images.length).toBeGreaterThan(20);
		expect(images.filter(image => !(image.natural > 0 && image.width > 0 && image.height > 0))).toEqual([]);
		expect(problems).toEqual([]);
	});

	it('shows the title, the build time and totals that match the cards', async () => {
		const started = Date.now();
		const {page} = await open();
		await expect(page.title()).resolves.toBe('Docker badges');
		const built = (await page.locator('header time').textContent())!;
		expect(built).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
		// The page shows minutes only; the second build ran moments ago.
		expect(Math.abs(Date.parse(built.replace(' UTC', 'Z').replace(' ', 'T')) - started)).toBeLessThan(5 * 60_000);
		const meta = (await page.locator('header .meta').first().textContent())!;
		expect(await page.locator('.card').count()).toBe(5);
		expect(await page.locator('li.stale').count()).toBe(6);
		expect(meta).toContain(`· 5 images · ${await page.locator('.card li').count()} badges · 6 stale · 0 errors`);
	});

	describe('copying', () => {
		const nginx = (format: string) => {
			const row = ['pulls', 'stars', 'version', 'size', 'updated', 'platforms'].map(file => ({file, url: `${site.url}/badges/library/nginx/${file}.svg`}));
			const hubUrl = 'https://hub.docker.com/_/nginx';
			const names = ['docker pulls', 'docker stars', 'version', 'image size', 'last updated', 'platforms'];
			switch (format) {
				case 'markdown':
					return row.map((badge, index) => `[![${names[index]}](${badge.url})](${hubUrl})`).join(' ');
				case 'html':
					return row.map((badge, index) => `<a href="${hubUrl}"><img src="${badge.url}" alt="${names[index]}"></a>`).join(' ');
				case 'rst':
					return `${names.map(name => `|nginx ${name}|`).join(' ')}\n\n${row.map((badge, index) => `.. |nginx ${names[index]}| image:: ${badge.url}\n   :alt: ${names[index]}\n   :target: ${hubUrl}`).join('\n')}`;
				case 'asciidoc':
					return row.map((badge, index) => `image:${badge.url}["${names[index]}",link="${hubUrl}"]`).join(' ');
				case 'url':
					return row.map(badge => badge.url).join('\n');
				default:
					return row.map(badge => `https://img.shields.io/endpoint?url=${encodeURIComponent(badge.url.replace(/svg$/, 'json'))}&style=for-the-badge`).join('\n');
			}
		};

		it.each([
			['markdown', 'Markdown'],
			['html', 'HTML'],
			['rst', 'reStructuredText'],
			['asciidoc', 'AsciiDoc'],
			['url', 'URL'],
			['endpoint', 'shields.io endpoint URL'],
		])('copies an image\'s whole README row as %s in one click, and says so', async (format, name) => {
			const {page} = await open(clipboardPermissions);
			await page.locator('#format').selectOption(format);
			// The style chooser applies to the endpoint URL only, and is disabled for the others.
			expect(await page.locator('#style').isDisabled()).toBe(format !== 'endpoint');
			if (format === 'endpoint') await page.locator('#style').selectOption('for-the-badge');
			const all = card(page, 'library/nginx').getByRole('button', {name: `Copy all as ${name}: 6 badges of nginx`});
			expect(await all.textContent()).toBe(`Copy all as ${name}`);
			await all.click();
			await expect.poll(async () => clipboard(page)).toBe(nginx(format));
			expect(await page.locator('#copied').textContent()).toBe(`Copied all 6 badges of nginx as ${name}`);
			expect(await all.evaluate(element => getComputedStyle(element, '::after').content)).toBe('" ✓"');
		});

		it('copies one badge, names the image and the badge, and remembers the format across visits', async () => {
			const {page, context} = await open(clipboardPermissions);
			await page.locator('#format').selectOption('asciidoc');
			const one = page.getByRole('button', {name: 'Copy AsciiDoc of docker pulls for nginx'});
			expect(await one.textContent()).toBe('Copy AsciiDoc');
			await one.click();
			await expect.poll(async () => clipboard(page)).toBe(`image:${site.url}/badges/library/nginx/pulls.svg["docker pulls",link="https://hub.docker.com/_/nginx"]`);
			expect(await page.locator('#copied').textContent()).toBe('Copied AsciiDoc of docker pulls for nginx');

			const again = await context.newPage();
			await again.goto(`${site.url}/`);
			expect(await again.locator('#format').inputValue()).toBe('asciidoc');
			expect(await again.getByRole('button', {name: 'Copy AsciiDoc of docker pulls for nginx'}).count()).toBe(1);
		});

		it('uses site.baseUrl in what it copies when it is set', async () => {
			const {page} = await open(clipboardPermissions, {server: big});
			await page.locator('#format').selectOption('url');
			await page.getByRole('button', {name: 'Copy URL of docker pulls for ns000/repo0002'}).click();
			await expect.poll(async () => clipboard(page)).toBe(`${baseUrl}/badges/ns000/repo0002/pulls.svg`);
			expect(await page.locator('#base-url-banner').count()).toBe(0);
		});

		it('tells two badges with the same label apart in their text, alt and button names', async () => {
			const {page} = await open({}, {server: big});
			const sizes = card(page, 'ns000/repo0000').locator('li img');
			expect(await sizes.evaluateAll((images: HTMLImageElement[]) => images.map(image => image.alt.replace(/: .*/, '')))).toEqual(['docker pulls', 'image size (size)', 'image size (arm64)']);
			expect(await page.getByRole('button', {name: 'Copy Markdown of image size (arm64) for ns000/repo0000'}).count()).toBe(1);
		});

		it('offers the snippet to copy by hand where there is no clipboard, as on plain http', async () => {
			const {page, problems} = await open(
				{},
				{
					before: () => {
						Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});
					},
				},
			);
			await page.locator('#format').selectOption('url');
			const prompts: string[] = [];
			// The click only returns once the prompt is answered.
			page.once('dialog', async dialog => {
				prompts.push(`${dialog.type()}: ${dialog.defaultValue()}`);
				await dialog.dismiss();
			});
			await page.getByRole('button', {name: 'Copy URL of docker pulls for nginx'}).click();
			await expect.poll(() => prompts).toEqual([`prompt: ${site.url}/badges/library/nginx/pulls.svg`]);
			expect(problems).toEqual([]);
		});
	});

	describe('finding', () => {
		it.each([
			['nginx', ['library/nginx']],
			['library/nginx', ['library/nginx']],
			['_/nginx', ['library/nginx']],
			['docker.io/library/nginx', ['library/nginx']],
			['kind:platforms', ['library/nginx', 'library/hello-world', 'grafana/grafana']],
			['is:stale', ['grafana/grafana']],
			['downloads', ['myorg/app']],
		])('%j finds %j, says how many, and puts the query in the URL', async (query, expected) => {
			const {page} = await open();
			await page.locator('#filter').fill(query);
			await expect.poll(async () => visibleCards(page)).toEqual(expected);
			expect(await page.locator('#shown').textContent()).toBe(`${expected.length} of 5 images match`);
			expect(new URL(page.url()).searchParams.get('q')).toBe(query);
		});

		it('finds an image by a word of its description', async () => {
			const {page} = await open();
			const description = (await page.locator('.card[data-id="bitnami/redis"] .desc').textContent())!;
			const word = description.split(/\s+/).find(part => part.length > 4 && !/redis/i.test(part))!;
			await page.locator('#filter').fill(word);
			await expect.poll(async () => (await visibleCards(page)).includes('bitnami/redis')).toBe(true);
		});

		it('restores ?q= on load, so a filtered view can be shared', async () => {
			const {page} = await open({}, {at: '/?q=is%3Astale'});
			expect(await page.locator('#filter').inputValue()).toBe('is:stale');
			await expect.poll(async () => visibleCards(page)).toEqual(['grafana/grafana']);
		});

		it('applies the header counts as filters', async () => {
			const {page} = await open();
			const stale = page.getByRole('link', {name: '6 stale'});
			expect(await stale.getAttribute('href')).toBe('?q=is%3Astale');
			await stale.click();
			await expect.poll(async () => visibleCards(page)).toEqual(['grafana/grafana']);
			expect(await page.locator('#filter').inputValue()).toBe('is:stale');
			expect(new URL(page.url()).search).toBe('?q=is%3Astale');
			await expect(page.getByRole('link', {name: '0 errors'}).count()).resolves.toBe(1);
		});

		it('says when nothing matches, and clears the filter from there', async () => {
			const {page} = await open();
			await page.locator('#filter').fill('zzz-no-such');
			await expect.poll(async () => page.locator('.no-match').textContent()).toBe('No image matches “zzz-no-such”. Clear the filter');
			expect(await visibleCards(page)).toEqual([]);
			await page.getByRole('button', {name: 'Clear the filter'}).click();
			await expect.poll(async () => visibleCards(page)).toEqual(sampleIds);
			expect(await page.locator('#filter').inputValue()).toBe('');
			expect(new URL(page.url()).search).toBe('');
		});

		it('shows a group first on page 1, as a card with its badges and copy buttons, and finds it with is:group and by name', async () => {
			const {page, problems} = await open(clipboardPermissions, {server: big});
			await loadAllImages(page);
			const group = page.locator('.card').first();
			expect(await group.getAttribute('data-id')).toBe('groups/second');
			expect(await group.locator('h2').textContent()).toContain('second group');
			expect(await group.getByRole('link', {name: 'Docker Hub'}).count()).toBe(0);
			expect(await group.locator('.desc').textContent()).toMatch(/^Adds up 40 images: ns001\/repo0000, ns001\/repo0001, /);
			const badges = await group.locator('li img').evaluateAll((elements: HTMLImageElement[]) => elements.map(image => [image.getAttribute('src'), image.alt, image.naturalWidth > 0]));
			expect(badges).toEqual([
				['badges/groups/second/pulls.svg', expect.stringMatching(/^docker pulls: \d/), true],
				['badges/groups/second/stars.svg', expect.stringMatching(/^docker stars: \d/), true],
			]);
			// With no Docker Hub page, a group's snippets link to its card on the site.
			await group.getByRole('button', {name: 'Copy all as Markdown: 2 badges of second'}).click();
			await expect.poll(async () => clipboard(page)).toMatch(new RegExp(`^\\[!\\[docker pulls\\]\\(${baseUrl}/badges/groups/second/pulls.svg\\)\\]\\(${baseUrl}/index.html#groups/second\\) \\[!\\[docker stars\\]`));
			const count = page.getByRole('link', {name: '1 groups'});
			expect(await count.getAttribute('href')).toBe('?q=is%3Agroup');
			await count.click();
			await expect.poll(async () => visibleCards(page)).toEqual(['groups/second']);
			expect(await page.locator('#shown').textContent()).toBe('1 of 122 images and groups match');
			const found = card(page, 'groups/second');
			expect(await found.locator('h2 a').getAttribute('href')).toBe('index.html#groups/second');
			expect(await found.locator('li').count()).toBe(2);
			await found.getByRole('button', {name: 'Copy Markdown of docker stars for second'}).click();
			await expect.poll(async () => clipboard(page)).toBe(`[![docker stars](${baseUrl}/badges/groups/second/stars.svg)](${baseUrl}/index.html#groups/second)`);
			await page.locator('#filter').fill('second');
			await expect.poll(async () => visibleCards(page)).toEqual(['groups/second']);
			expect(problems).toEqual([]);
		});

		it('searches every page of a big site from its first, with the found cards complete', async () => {
			const {page, problems} = await open(clipboardPermissions, {server: big});
			expect(await page.locator('.card:not(.group)').count()).toBe(50);
			await page.locator('#filter').fill('ns002/repo0039');
			await expect.poll(async () => visibleCards(page)).toEqual(['ns002/repo0039']);
			const found = card(page, 'ns002/repo0039');
			expect(await found.locator('h2 a').first().getAttribute('href')).toBe('page-3.html#ns002/repo0039');
			await found.getByRole('button', {name: 'Copy all as Markdown: 6 badges of ns002/repo0039'}).click();
			await expect.poll(async () => clipboard(page)).toContain(`[![docker pulls](${baseUrl}/badges/ns002/repo0039/pulls.svg)](https://hub.docker.com/r/ns002/repo0039)`);
			// A query matching more than fit draws them in steps.
			await page.locator('#filter').fill('ns00');
			// The group matches too: its description names its images.
			await expect.poll(async () => page.locator('#shown').textContent()).toBe('122 of 122 images and groups match');
			expect(await page.locator('.card:visible').count()).toBe(50);
			await page.getByRole('button', {name: 'Show 50 more of 72'}).click();
			expect(await page.locator('.card:visible').count()).toBe(100);
			expect(problems).toEqual([]);
		});

		it('loads the badge images of found cards only as they come near the screen', async () => {
			const {page, context} = await open({viewport: {width: 1100, height: 800}}, {server: big});
			await page.waitForLoadState('networkidle');
			let requested = 0;
			context.on('request', request => {
				if (request.url().endsWith('.svg')) requested += 1;
			});
			// Images of the third page: none is in the cache from the first.
			await page.locator('#filter').fill('ns002');
			await expect.poll(async () => page.locator('.card:visible img').count()).toBe(41 * 6);
			// The page was idle before the filter, so waiting for 'networkidle' again returns at once:
			// wait instead for the images on the screen to have loaded.
			await expect.poll(() => requested).toBeGreaterThan(0);
			await expect
				.poll(async () =>
					page.evaluate(() =>
						[...document.querySelectorAll<HTMLImageElement>('.card img')]
							.filter(image => image.getClientRects().length > 0 && image.getBoundingClientRect().top < window.innerHeight)
							.every(image => image.complete),
					),
				)
				.toBe(true);
			await page.waitForTimeout(300);
			// 41 cards drawn, 246 images; those far below the screen wait until scrolled to.
			expect(requested).toBeLessThan(150);
		});

		it('keeps the filter in reach on a long page, and / brings the keyboard to it', async () => {
			const {page} = await open({viewport: {width: 1000, height: 600}}, {server: big});
			await page.evaluate(() => window.scrollTo(0, 5000));
			const box = await page.locator('#filter').boundingBox();
			expect(box!.y).toBeGreaterThanOrEqual(0);
			expect(box!.y).toBeLessThan(100);
			await page.locator('body').press('/');
			expect(await page.evaluate(() => document.activeElement?.id)).toBe('filter');
		});
	});

	it('is usable from the keyboard with a bounded number of tab stops per image; Enter copies', async () => {
		const {page} = await open(clipboardPermissions);
		await page.evaluate(async () => navigator.clipboard.writeText('before'));
		const focused = async () =>
			page.evaluate(() => {
				const element = document.activeElement as HTMLElement;
				return {tag: element.tagName, id: element.id, text: element.textContent, card: element.closest<HTMLElement>('.card')?.dataset.id, outline: getComputedStyle(element).outlineStyle};
			});
		const stops: Awaited<ReturnType<typeof focused>>[] = [];
		for (let index = 0; index < 40; index++) {
			await page.keyboard.press('Tab');
			stops.push(await focused());
		}
		expect(stops.slice(0, 5).map(stop => stop.id || stop.text)).toEqual(['6 stale', '0 errors', 'filter', 'format', 'nginx']);
		// The style chooser is disabled until the endpoint format is chosen. Per image: its link, Docker Hub, "Copy all" and one button per badge; nothing else.
		const perImage = new Map<string, number>();
		for (const stop of stops) if (stop.card) perImage.set(stop.card, (perImage.get(stop.card) ?? 0) + 1);
		expect(perImage.get('library/nginx')).toBe(3 + 6);
		expect(perImage.get('library/hello-world')).toBe(3 + 6);
		const copyAll = stops.find(stop => stop.text === 'Copy all as Markdown')!;
		expect(copyAll.outline).toBe('solid');

		await page.getByRole('button', {name: 'Copy all as Markdown: 6 badges of nginx'}).focus();
		await page.keyboard.press('Enter');
		await expect.poll(async () => clipboard(page)).toMatch(/^\[!\[docker pulls\]/);
	});

	describe('problems at a glance', () => {
		it('gives a stale image one note saying when its values were fetched and why they are old', async () => {
			const {page} = await open();
			const grafana = card(page, 'grafana/grafana');
			expect(await grafana.locator('li.stale').count()).toBe(6);
			expect(await grafana.locator('li small').count()).toBe(0);
			const notes = await grafana.locator('.stale-note').allTextContents();
			expect(notes).toHaveLength(1);
			expect(notes[0]).toMatch(/^⚠ Stale: showing the value fetched \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\. Docker Hub answered 503/);
			expect(await card(page, 'library/nginx').locator('.stale-note').count()).toBe(0);
		});

		it('marks an error with the word and a symbol, not colour alone, and shows advice code as code', async () => {
			const {page} = await open({}, {server: big, at: '/page-3.html'});
			const missing = card(page, 'ns002/missing');
			const items = missing.locator('li.error');
			expect(await items.count()).toBe(6);
			for (const item of await items.all()) {
				expect(await item.locator('.error-tag').textContent()).toBe('✖ Error');
				expect(await item.locator('small').textContent()).toMatch(/^Docker Hub answered 404.*; check the image name/);
			}
			expect(await page.getByRole('link', {name: '7 errors'}).count()).toBe(1);
			// Advice quotes badges.yml keys in backquotes: those show as code, not as backquotes.
			const first = await open({}, {server: big});
			const advice = card(first.page, 'ns000/repo0001').locator('li.error small');
			expect(await advice.textContent()).toBe('tag "no-such-tag" not found; check the badge\'s tag in badges.yml');
			expect(await advice.locator('code').allTextContents()).toEqual(['tag']);
		});

		it('says, in a banner, that copied links use the page\'s own address while site.baseUrl is unset', async () => {
			const {page} = await open();
			const banner = page.locator('#base-url-banner');
			expect(await banner.isVisible()).toBe(true);
			expect(await banner.textContent()).toContain('site.baseUrl is not set in badges.yml');
			expect(await banner.locator('code').first().textContent()).toBe('site.baseUrl');
		});
	});

	describe('without JavaScript', () => {
		it('shows every badge URL as text and hides what needs a script', async () => {
			const {page} = await open({javaScriptEnabled: false});
			const items = await page.locator('.card li').all();
			expect(items.length).toBeGreaterThan(20);
			for (const item of items) {
				expect(await item.locator('code.url').textContent()).toBe(await item.locator('img').getAttribute('src'));
			}
			expect(await page.locator('button').count()).toBe(0);
			expect(await page.locator('#toolbar').isVisible()).toBe(false);
			// The counts filter only with the script: without it they are text, not links that do nothing.
			expect(await page.getByRole('link', {name: '6 stale'}).count()).toBe(0);
		});

		it('reaches every image through plain links, and no page asks for more than 300 badge images', async () => {
			const {page, context} = await open({javaScriptEnabled: false}, {server: big});
			let requested = 0;
			context.on('request', request => {
				if (request.url().endsWith('.svg')) requested += 1;
			});
			const pages = await page.getByRole('navigation', {name: 'Pages'}).locator('ol a').evaluateAll((links: HTMLAnchorElement[]) => links.map(link => link.getAttribute('href')!));
			expect(pages).toEqual(['index.html', 'page-2.html', 'page-3.html']);
			const seen: string[] = [];
			for (const file of pages) {
				requested = 0;
				await page.goto(`${big.url}/${file}`, {waitUntil: 'load'});
				seen.push(...(await page.locator('.card:not(.group)').evaluateAll((cards: HTMLElement[]) => cards.map(element => element.id))));
				// Chromium ignores loading="lazy" without scripting: every image of the page is fetched at once.
				expect(requested).toBe(await page.locator('.card img').count());
				expect(requested).toBeLessThanOrEqual(300);
			}
			expect(seen).toHaveLength(121);
			expect(new Set(seen).size).toBe(121);
			await page.getByRole('link', {name: 'Previous page'}).click();
			expect(new URL(page.url()).pathname).toBe('/page-2.html');
		});
	});

	it.each([
		['light', 'desktop'],
		['dark', 'desktop'],
		['light', 'phone'],
		['dark', 'phone'],
	] as const)('has no axe violations in %s at %s width, filtered or not', async (colorScheme, width) => {
		const viewport = width === 'phone' ? {width: 390, height: 844} : {width: 1100, height: 800};
		const {page} = await open({colorScheme, viewport}, {server: big, at: '/page-3.html'});
		const results = await new AxeBuilder({page}).analyze();
		expect(results.violations.map(violation => `${violation.id}: ${violation.nodes.map(node => `${node.target.join(' ')} ${node.failureSummary}`).join(', ')}`)).toEqual([]);
		await page.locator('#filter').fill('zzz');
		await page.locator('.no-match').waitFor();
		// The first page of the big site shows its group.
		const groups = await new AxeBuilder({page: (await open({colorScheme, viewport}, {server: big})).page}).analyze();
		expect(groups.violations.map(violation => `${violation.id}: ${violation.nodes.map(node => `${node.target.join(' ')} ${node.failureSummary}`).join(', ')}`)).toEqual([]);
		const filtered = await new AxeBuilder({page: (await open({colorScheme, viewport}, {at: '/?q=is%3Astale'})).page}).analyze();
		expect(filtered.violations.map(violation => `${violation.id}: ${violation.nodes.map(node => `${node.target.join(' ')} ${node.failureSummary}`).join(', ')}`)).toEqual([]);
	});

	it('writes valid HTML on every page', async () => {
		const validator = new HtmlValidate({extends: ['html-validate:recommended'], rules: {'valid-id': ['error', {relaxed: true}]}});
		const files = [...(await readdir(siteDir)).map(file => path.join(siteDir, file)), ...(await readdir(bigDir)).map(file => path.join(bigDir, file))].filter(file => file.endsWith('.html'));
		expect(files.length).toBe(4);
		for (const file of files) {
			const report = await validator.validateString(await readFile(file, 'utf8'), file);
			expect(report.results.flatMap(result => result.messages.map(message => `${path.basename(file)}:${message.line}:${message.column} ${message.ruleId}: ${message.message}`))).toEqual([]);
		}
	});

	it('fits a phone screen without horizontal scrolling', async () => {
		const {page} = await open({viewport: {width: 390, height: 844}, deviceScaleFactor: 3, isMobile: true, hasTouch: true});
		await loadAllImages(page);
		const {scrollWidth, innerWidth} = await page.evaluate(() => ({scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth}));
		expect(innerWidth).toBe(390);
		expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
		// A wide badge may fit the screen yet stick out of its card, and a wider one would scroll.
		const outside = await page.locator('.card').evaluateAll((cards: HTMLElement[]) =>
			cards.flatMap(element => {
				const edge = element.getBoundingClientRect().right - element.clientLeft - parseFloat(getComputedStyle(element).paddingRight);
				return [...element.querySelectorAll('h2, img, small, code, button, p')].filter(child => child.getBoundingClientRect().right > edge + 0.5).map(child => child.outerHTML.slice(0, 100));
			}),
		);
		expect(outside).toEqual([]);
		await page.screenshot({path: new URL('index-page-phone.png', ARTIFACTS).pathname, fullPage: true});
	});

	it('saves full-page screenshots, light and dark, for a person to look at', async () => {
		for (const [colorScheme, file] of [
			['light', 'index-page.png'],
			['dark', 'index-page-dark.png'],
		] as const) {
			const {page} = await open({colorScheme, viewport: {width: 1100, height: 800}});
			await loadAllImages(page);
			const target = new URL(file, ARTIFACTS);
			await page.screenshot({path: target.pathname, fullPage: true});
			expect(existsSync(target)).toBe(true);
		}
	});
});
