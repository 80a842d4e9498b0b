// `npm run bench`: builds against the fake Docker Hub on loopback, with the latency
// and rate limit each scenario sets, and prints one row per scenario.
//   npm run bench                         all scenarios
//   npm run bench -- --only batching      one scenario by name
//   npm run bench -- --images 500 --namespaces 5 --latency 30 --limit 200 --window 10
//   npm run bench -- --dir /path      where sites are written (default: /dev/shm when it exists)
//
// Sites go to memory-backed /dev/shm by default: on a shared VM disk, writing the
// same 120,000 small files took anywhere from 1 to 45 s from one minute to the next,
// which measures the neighbours, not the build.
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {cpus, tmpdir, totalmem} from 'node:os';
import path from 'node:path';
import {parseArgs, promisify} from 'node:util';
import {generateRepositories} from '../test/fake-hub/fixtures.ts';
import {startFakeHub} from '../test/fake-hub/server.ts';
import {generateOciRepositories, startFakeOciRegistry} from '../test/fake-registry/oci.ts';
import {measurePage} from './page.ts';

const run = promisify(execFile);

type Scenario = {
	name: string;
	namespaces: number;
	perNamespace: number;
	latencyMs: number;
	rateLimit?: {limit: number; windowSeconds: number};
	/** Images per config entry come from the generator; badges are the defaults (6 per image). */
	concurrency: number;
	badgeMakerFloor?: boolean;
	/** Measure the index page in Chromium too. */
	page?: boolean;
	/** GHCR images beside the Docker Hub ones, on a fake OCI registry with the same latency (4 default badges each). */
	ghcrImages?: number;
	target: string;
};

const scenarios: Scenario[] = [
	{name: 'batching', namespaces: 20, perNamespace: 100, latencyMs: 50, concurrency: 8, page: true, target: 'req/image ≤ 1.1, wall÷bound ≤ 1.3'},
	{name: 'no-batching', namespaces: 300, perNamespace: 1, latencyMs: 20, concurrency: 8, target: 'req/image ≤ 2.05'},
	{name: 'mixed-registries', namespaces: 4, perNamespace: 100, ghcrImages: 100, latencyMs: 20, concurrency: 8, target: 'GHCR: 1 probe + 6 req/image, no manifest twice'},
	{name: 'rate-limited', namespaces: 6, perNamespace: 100, latencyMs: 10, rateLimit: {limit: 300, windowSeconds: 10}, concurrency: 8, target: 'zero 429s, wall÷bound ≤ 1.2'},
	{name: 'local-10k', namespaces: 100, perNamespace: 100, latencyMs: 0, concurrency: 16, badgeMakerFloor: true, page: true, target: 'local work < 15 s, RSS < 300 MB'},
];

const {values} = parseArgs({
	options: {
		only: {type: 'string'},
		images: {type: 'string'},
		namespaces: {type: 'string'},
		latency: {type: 'string'},
		limit: {type: 'string'},
		window: {type: 'string', default: '60'},
		concurrency: {type: 'string', default: '8'},
		dir: {type: 'string', default: existsSync('/dev/shm') ? '/dev/shm' : tmpdir()},
	},
});

let chosen = values.only ? scenarios.filter(scenario => scenario.name === values.only) : scenarios;
if (values.images) {
	const images = Number(values.images);
	const namespaces = Number(values.namespaces ?? 1);
	chosen = [
		{
			name: 'custom',
			namespaces,
			perNamespace: Math.ceil(images / namespaces),
			latencyMs: Number(values.latency ?? 0),
			...(values.limit ? {rateLimit: {limit: Number(values.limit), windowSeconds: Number(values.window)}} : {}),
			concurrency: Number(values.concurrency),
			target: '',
		},
	];
}

const user = {username: 'bench', secret: 'dckr_pat_bench'};
const rows: string[][] = [];
const pageRows: string[][] = [];
for (const scenario of chosen) {
	process.stderr.write(`running ${scenario.name}…\n`);
	rows.push(await runScenario(scenario));
}

const header = ['scenario', 'images', 'badges', 'requests', 'req/image', 'shields.io', 'logins', '429s', 'wall s', 'bound s', 'wall÷bound', 'fetch s', 'local s', 'badge-maker s', 'peak RSS MB', 'target'];
printTable([header, ...rows]);
if (pageRows.length > 0) {
	process.stdout.write('\nFirst page in headless Chromium (targets at 10,000 images: HTML < 500 KB, paint < 1 s, filter < 100 ms):\n');
	printTable([['scenario', 'images', 'badges', 'pages', 'first page KB', 'index.json KB', 'first paint ms', 'load ms', 'first filter ms', 'filter ms (median)'], ...pageRows]);
}
process.stdout.write(`\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.\n`);
process.stdout.write(`Sites written under ${values.dir}.\n`);
process.stdout.write('bound = max(requests ÷ rate limit, requests × latency ÷ concurrency); fetch = waiting on Docker Hub; local = reading the config + writing the site (badge files are written while fetching).\n');

async function runScenario(scenario: Scenario): Promise<string[]> {
	const repositories = generateRepositories({namespaces: scenario.namespaces, perNamespace: scenario.perNamespace});
	const hub = await startFakeHub({
		repositories,
		users: [user],
		latencyMs: scenario.latencyMs,
		...(scenario.rateLimit ? {rateLimit: scenario.rateLimit} : {}),
	});
	const ghcrRepositories = generateOciRepositories(scenario.ghcrImages ?? 0);
	const ghcr = ghcrRepositories.length > 0 ? await startFakeOciRegistry({repositories: ghcrRepositories, latencyMs: scenario.latencyMs}) : undefined;
	const directory = await mkdtemp(path.join(values.dir, 'badges-bench-'));
	try {
		const config = path.join(directory, 'badges.yml');
		const images = [...repositories.map(repository => `  - ${repository.namespace}/${repository.name}`), ...ghcrRepositories.map(repository => `  - ghcr.io/${repository.name}`)].join('\n');
		await writeFile(config, `fetch:\n  concurrency: ${scenario.concurrency}\nimages:\n${images}\n`);
		const job = {
			config,
			out: path.join(directory, '_site'),
			env: {DOCKERHUB_API_URL: hub.url, DOCKERHUB_USERNAME: user.username, DOCKERHUB_TOKEN: user.secret, ...(ghcr ? {REGISTRY_URL_GHCR_IO: ghcr.url} : {})},
			badgeMakerFloor: scenario.badgeMakerFloor === true,
		};
		const {stdout} = await run(process.execPath, [path.join(import.meta.dirname, 'worker.js'), JSON.stringify(job)], {
			maxBuffer: 16 * 1024 * 1024,
		});
		const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
			report: {exitCode: number; phases: {config: number; fetch: number; write: number}; stats: {requests: number; logins: number; tooManyRequests: number}};
			wall: number;
			badgeMaker?: number;
			peakRssMb: number;
		};
		const {stats, phases} = result.report;
		const imagesCount = repositories.length + ghcrRepositories.length;
		const badges = repositories.length * 6 + ghcrRepositories.length * 4;
		if (scenario.page) {
			// Each keystroke of a name, a kind and a state, as a person types them.
			const figures = await measurePage(job.out, ['n', 'ns', 'ns0', 'ns00', 'ns007', 'ns007/', 'ns007/repo0042', 'is:stale', 'kind:size', 'repo', 'zzz', 'e', '']);
			pageRows.push([
				scenario.name,
				String(imagesCount),
				String(badges),
				String(figures.pages),
				(figures.htmlBytes / 1024).toFixed(0),
				(figures.indexBytes / 1024).toFixed(0),
				figures.firstContentfulPaintMs.toFixed(0),
				figures.loadMs.toFixed(0),
				figures.firstFilterMs.toFixed(0),
				figures.filterMs.toFixed(1),
			]);
		}
		const rateBound = scenario.rateLimit ? stats.requests / (scenario.rateLimit.limit / scenario.rateLimit.windowSeconds) : 0;
		const latencyBound = (stats.requests * scenario.latencyMs) / 1000 / scenario.concurrency;
		const bound = Math.max(rateBound, latencyBound);
		return [
			scenario.name,
			String(imagesCount),
			String(badges),
			String(stats.requests),
			(stats.requests / imagesCount).toFixed(3),
			String(badges),
			String(stats.logins),
			String(stats.tooManyRequests),
			result.wall.toFixed(2),
			bound > 0 ? bound.toFixed(2) : '–',
			bound > 0 ? (result.wall / bound).toFixed(2) : '–',
			phases.fetch.toFixed(2),
			(phases.config + phases.write).toFixed(2),
			result.badgeMaker === undefined ? '–' : result.badgeMaker.toFixed(2),
			result.peakRssMb.toFixed(0),
			scenario.target,
		];
	} finally {
		await hub.close();
		await ghcr?.close();
		await rm(directory, {recursive: true, force: true});
	}
}

function printTable(table: string[][]): void {
	const widths = table[0]!.map((_, column) => Math.max(...table.map(row => row[column]!.length)));
	for (const [index, row] of table.entries()) {
		process.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}\n`);
		if (index === 0) {
			process.stdout.write(`${widths.map(width => '-'.repeat(width)).join('  ')}\n`);
		}
	}
}
