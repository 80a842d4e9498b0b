import {stat} from 'node:fs/promises';
import path from 'node:path';
import {launchChromium} from '../test/browser/chromium.ts';
import {serveStatic} from '../test/browser/static-server.ts';

export type PageFigures = {htmlBytes: number; domContentLoadedMs: number; loadMs: number; filterMs: number};

/**
 * Opens a built site's index page in headless Chromium and measures what a visitor
 * feels: how big the page is, how soon it is usable, and how long the filter takes to
 * narrow the cards (from the input event to the next painted frame), median of 5 queries.
 */
export async function measurePage(site: string, queries: string[]): Promise<PageFigures> {
	const server = await serveStatic(site);
	const browser = await launchChromium();
	try {
		const page = await browser.newPage();
		await page.goto(`${server.url}/index.html`, {waitUntil: 'load'});
		const timing = await page.evaluate(() => {
			const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
			return {domContentLoadedMs: navigation!.domContentLoadedEventEnd, loadMs: navigation!.loadEventEnd};
		});
		const times: number[] = [];
		for (const query of queries) {
			times.push(
				await page.evaluate(async text => {
					const input = document.querySelector<HTMLInputElement>('#filter')!;
					const start = performance.now();
					input.value = text;
					input.dispatchEvent(new Event('input'));
					await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
					return performance.now() - start;
				}, query),
			);
		}
		times.sort((a, b) => a - b);
		return {htmlBytes: (await stat(path.join(site, 'index.html'))).size, ...timing, filterMs: times[Math.floor(times.length / 2)]!};
	} finally {
		await browser.close();
		await server.close();
	}
}
