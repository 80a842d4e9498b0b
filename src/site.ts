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

/** Renders the index page with Eleventy into `outDir`; `page` reaches the templates as the global `build` data. */
export async function writeIndexPage(outDir: string, page: Page): Promise<void> {
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
