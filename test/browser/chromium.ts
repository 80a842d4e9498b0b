import {existsSync} from 'node:fs';
import {chromium, type Browser} from 'playwright-core';

// Debian's Chromium: playwright-core downloads no browser, and this machine could not.
const executablePath = '/usr/bin/chromium';

/** Headless Chromium as the tests and the benchmark use it; fails loudly when it is not installed. */
export async function launchChromium(): Promise<Browser> {
	if (!existsSync(executablePath)) {
		throw new Error(`Chromium is missing at ${executablePath}; install it (apt-get install chromium) to run the browser tests`);
	}
	return chromium.launch({
		executablePath,
		headless: true,
		// Without these, Chromium keeps reaching for Google's services, which a closed network refuses.
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
	});
}
