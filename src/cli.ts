import {parseArgs} from 'node:util';
import {build} from './build/build.ts';
import {exitCodes} from './build/exit-codes.ts';
import {check} from './build/check.ts';

const usage = `Usage:
  npm run build -- [--config badges.yml] [--out _site] [--previous PATH|URL] [--allow-errors] [--strict]
  npm run check -- [--config badges.yml] [--out _site] [--previous PATH]

Environment: DOCKERHUB_USERNAME and DOCKERHUB_TOKEN (optional, both or neither),
DOCKERHUB_API_URL (default https://hub.docker.com), BADGES_PREVIOUS (like --previous).`;

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
	if (positionals.length > 1 || (command !== 'build' && command !== 'check')) {
		process.stderr.write(`Unknown command: ${positionals.join(' ')}\n\n${usage}\n`);
		return exitCodes.unusable;
	}

	const streams = {stdout: process.stdout, stderr: process.stderr};
	const previous = values.previous ?? (process.env.BADGES_PREVIOUS || undefined);
	if (command === 'check') {
		return check({config: values.config, out: values.out, previous, env: process.env, ...streams});
	}
	const report = await build({
		config: values.config,
		out: values.out,
		previous,
		allowErrors: values['allow-errors'],
		strict: values.strict,
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
