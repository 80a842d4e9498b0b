import {existsSync} from 'node:fs';
import sparticuz from '@sparticuz/chromium';
import {chromium, type Browser} from 'playwright-core';

/**
 * The browser the tests and the benchmark drive. `CHROMIUM_PATH` names one explicitly;
 * otherwise the Chromium that @sparticuz/chromium ships inside its npm package (Linux
 * x64 and arm64), so `npm ci && npm test` needs nothing from outside the npm registry.
 */
async function chromiumPath(): Promise<string> {
	const explicit = process.env.CHROMIUM_PATH;
	if (explicit) {
		if (!existsSync(explicit)) {
			throw new Error(`CHROMIUM_PATH names ${explicit}, which does not exist`);
		}
		return explicit;
	}
	if (process.platform !== 'linux') {
		throw new Error('the bundled Chromium (@sparticuz/chromium) runs on Linux only; set CHROMIUM_PATH to a Chromium or Chrome binary');
	}
	// Unpacks the brotli-compressed binary into the temporary directory once, then reuses it.
	return sparticuz.executablePath();
}

/** Headless Chromium as the tests and the benchmark use it; fails loudly when there is none. */
export async function launchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: await chromiumPath(),
		headless: true,
		// Without these, Chromium keeps reaching for Google's services, which a closed network refuses.
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
	});
}
