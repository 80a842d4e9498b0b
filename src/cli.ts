#!/usr/bin/env node
import {parseArgs} from 'node:util';
import {build} from './build/build.ts';
import {exitCodes} from './build/exit-codes.ts';
import {check} from './build/check.ts';
import {buildTimeFrom, SettingsError} from './build/settings.ts';
import {init} from './init/init.ts';

const usage = `Usage: dockerhub-badges <command> [options]   (in this repository: npm run build -- [options])

Commands:
  build   read badges.yml, fetch Docker Hub in one batch, write the site (the default)
          [--config badges.yml] [--out _site] [--previous PATH|URL] [--allow-errors] [--strict]
          [--summary-json PATH]   also write the figures and problems as JSON
          [--full]   read every image's tags, also of repositories not pushed since the previous build
  check   validate offline what build would refuse; print the planned badges and requests
          [--config badges.yml] [--out _site] [--previous PATH] [--full]
  init    start a badges repository here: badges.yml and .github/workflows/badges.yml
          IMAGE... [--force] [--action owner/repo@ref]

Environment: DOCKERHUB_USERNAME and DOCKERHUB_TOKEN (optional, both or neither),
DOCKERHUB_API_URL (default https://hub.docker.com), BADGES_PREVIOUS (like --previous),
SOURCE_DATE_EPOCH (the build's time, in seconds: the same answers give the same files).`;

async function main(argv: string[]): Promise<number> {
	let parsed;
	try {
		parsed = parseArgs({
			args: argv,
			allowPositionals: true,
			options: {
				config: {type: 'string', default: 'badges.yml'},
				out: {type: 'string', default: '_site'},
				previous: {type: 'string'},
				'allow-errors': {type: 'boolean', default: false},
				strict: {type: 'boolean', default: false},
				full: {type: 'boolean', default: false},
				'summary-json': {type: 'string'},
				force: {type: 'boolean', default: false},
				action: {type: 'string'},
				help: {type: 'boolean', default: false},
			},
		});
	} catch (error) {
		process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
		return exitCodes.unusable;
	}

	const {values, positionals} = parsed;
	const command = positionals[0] ?? 'build';
	if (values.help) {
		process.stdout.write(`${usage}\n`);
		return exitCodes.ok;
	}
	const streams = {stdout: process.stdout, stderr: process.stderr};
	if (command === 'init') {
		return init({directory: process.cwd(), images: positionals.slice(1), force: values.force, action: values.action, ...streams});
	}
	if (positionals.length > 1 || (command !== 'build' && command !== 'check')) {
		process.stderr.write(`Unknown command: ${positionals.join(' ')}\n\n${usage}\n`);
		return exitCodes.unusable;
	}

	const previous = values.previous ?? (process.env.BADGES_PREVIOUS || undefined);
	if (command === 'check') {
		return check({config: values.config, out: values.out, previous, full: values.full, env: process.env, ...streams});
	}
	let now;
	try {
		now = buildTimeFrom(process.env);
	} catch (error) {
		if (error instanceof SettingsError) {
			process.stderr.write(`${error.message}\n`);
			return exitCodes.unusable;
		}
		throw error;
	}
	const report = await build({
		config: values.config,
		out: values.out,
		previous,
		allowErrors: values['allow-errors'],
		strict: values.strict,
		full: values.full,
		summaryJson: values['summary-json'],
		...(now ? {now} : {}),
		env: process.env,
		...streams,
	});
	return report.exitCode;
}

try {
	process.exitCode = await main(process.argv.slice(2));
} catch (error) {
	process.stderr.write(`The build failed unexpectedly; the output directory was left as it was.\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = exitCodes.crashed;
}
