import {existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import Eleventy from '@11ty/eleventy';
import type {Page} from './render/page.ts';

/** The folder holding .eleventy.js and site/: found by walking up, since this code runs from src/ or from a bundle. */
function projectRoot(): string {
	let directory = path.dirname(fileURLToPath(import.meta.url));
	while (!existsSync(path.join(directory, '.eleventy.js'))) {
		const parent = path.dirname(directory);
		if (parent === directory) {
			throw new Error(`no .eleventy.js above ${fileURLToPath(import.meta.url)}`);
		}
		directory = parent;
	}
	return directory;
}

const root = projectRoot();

/**
 * Eleventy renders every page of a run at once and holds their HTML until all are written:
 * 200 pages (10,000 images) at once cost ~100 MB more at the peak than runs of this many.
 */
const pagesPerRun = 10;

/** Renders the index pages with Eleventy into `outDir`; each run's `page` reaches the templates as the global `build` data. */
export async function writeIndexPages(outDir: string, page: Page): Promise<void> {
	for (let start = 0; start < page.pages.length; start += pagesPerRun) {
		await runEleventy(outDir, {...page, pages: page.pages.slice(start, start + pagesPerRun)});
	}
}

async function runEleventy(outDir: string, page: Page): Promise<void> {
	const eleventy = new Eleventy(path.join(root, 'site'), outDir, {
		quietMode: true,
		configPath: path.join(root, '.eleventy.js'),
		config(eleventyConfig: {addGlobalData(name: string, data: unknown): void}) {
			eleventyConfig.addGlobalData('build', page);
		},
	});
	// Our summary reports the build; Eleventy's own "Wrote 1 file" line would only interrupt it.
	eleventy.disableLogger();
	await eleventy.write();
}
