import {stat} from 'node:fs/promises';
import path from 'node:path';
import {launchChromium} from '../test/browser/chromium.ts';
import {serveStatic} from '../test/browser/static-server.ts';

export type PageFigures = {
	htmlBytes: number;
	indexBytes: number;
	pages: number;
	firstContentfulPaintMs: number;
	loadMs: number;
	/** The first query: index.json fetched, parsed and searched. */
	firstFilterMs: number;
	/** Every later keystroke, over every image of the site. */
	filterMs: number;
};

/**
 * Opens a built site's first page in headless Chromium and measures what a visitor
 * feels: how big the page is, how soon it paints, and how long the filter takes to
 * search every image and draw the matches (from the input event to the next painted
 * frame), median over the queries after the first.
 */
export async function measurePage(site: string, queries: string[]): Promise<PageFigures> {
	const server = await serveStatic(site);
	const browser = await launchChromium();
	try {
		const page = await browser.newPage();
		await page.goto(`${server.url}/index.html`, {waitUntil: 'load'});
		const timing = await page.evaluate(() => {
			const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
			const paint = performance.getEntriesByName('first-contentful-paint')[0];
			return {firstContentfulPaintMs: paint?.startTime ?? Number.NaN, loadMs: navigation!.loadEventEnd};
		});
		const filter = async (text: string) =>
			page.evaluate(async query => {
				const input = document.querySelector<HTMLInputElement>('#filter')!;
				const shown = document.querySelector('#shown')!;
				const start = performance.now();
				input.value = query;
				input.dispatchEvent(new Event('input'));
				// The first query waits for index.json; the results are drawn when #shown says how many.
				while (query.trim() !== '' && shown.textContent === '') {
					await new Promise(resolve => setTimeout(resolve, 1));
				}
				await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
				return performance.now() - start;
			}, text);
		const firstFilterMs = await filter(queries[0]!);
		const times: number[] = [];
		for (const query of queries.slice(1)) {
			times.push(await filter(query));
		}
		times.sort((a, b) => a - b);
		const pages = (await page.locator('nav.pages ol li').count()) || 1;
		return {
			htmlBytes: (await stat(path.join(site, 'index.html'))).size,
			indexBytes: (await stat(path.join(site, 'index.json'))).size,
			pages,
			...timing,
			firstFilterMs,
			filterMs: times[Math.floor(times.length / 2)]!,
		};
	} finally {
		await browser.close();
		await server.close();
	}
}
