import {spawn} from 'node:child_process';
import {readdir, writeFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {startFakeHub, type FakeHub} from '../fake-hub/server.ts';
import {demoUser, temporaryDirectory} from '../helpers/run-build.ts';

const cli = path.resolve('src/cli.ts');
// An absolute loader, so the CLI can run from any working directory.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

let hub: FakeHub | undefined;
afterEach(async () => hub?.close());

async function runCli(args: string[], cwd: string, env: Record<string, string> = {}) {
	const child = spawn(process.execPath, ['--import', tsx, cli, ...args], {cwd, env: {...process.env, ...env}});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', chunk => (stdout += chunk));
	child.stderr.on('data', chunk => (stderr += chunk));
	const code = await new Promise<number | null>(resolve => child.on('exit', resolve));
	return {code, stdout, stderr};
}

describe('the command line', () => {
	it('prints no YAML warning of its own: a tag the YAML library does not know cannot put a file line at the start of a log line', async () => {
		const directory = await temporaryDirectory();
		await writeFile(path.join(directory, 'badges.yml'), '::error file=x,line=1::PWNED: !!foo x\nimages: [nginx]\n');
		const run = await runCli(['check'], directory);
		expect(run.code).toBe(2);
		expect(`${run.stdout}\n${run.stderr}`.split('\n').filter(line => /^\s*::/.test(line))).toEqual([]);
	});

	it('builds from any working directory, assets included', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const directory = await temporaryDirectory();
		await writeFile(path.join(directory, 'other.yml'), 'images: [nginx]\n');
		const run = await runCli(['build', '--config', 'other.yml', '--out', 'dist'], directory, {
			DOCKERHUB_API_URL: hub.url,
			DOCKERHUB_USERNAME: demoUser.username,
			DOCKERHUB_TOKEN: demoUser.secret,
		});
		expect(run.stderr).not.toContain('failed');
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('Built 1 images, 6 badges');
		expect((await readdir(path.join(directory, 'dist'))).sort()).toEqual(['.dockerhub-badges', '_headers', 'assets', 'badges', 'badges.json', 'history.json.gz', 'index.html', 'index.json']);
		expect((await readdir(path.join(directory, 'dist', 'assets'))).sort()).toEqual(['page.js', 'search.js', 'snippets.js', 'style.css']);
	});

	it('runs as npm run build does: from the esbuild bundle', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const compile = spawn('npm', ['run', 'compile', '--silent'], {stdio: 'ignore'});
		expect(await new Promise(resolve => compile.on('exit', resolve))).toBe(0);
		const directory = await temporaryDirectory();
		await writeFile(path.join(directory, 'badges.yml'), 'images: [nginx]\n');
		const child = spawn(process.execPath, [path.resolve('.bundle/cli.js'), 'build'], {
			cwd: directory,
			env: {...process.env, DOCKERHUB_API_URL: hub.url, DOCKERHUB_USERNAME: demoUser.username, DOCKERHUB_TOKEN: demoUser.secret},
			stdio: 'ignore',
		});
		expect(await new Promise(resolve => child.on('exit', resolve))).toBe(0);
		expect((await readdir(path.join(directory, '_site', 'assets'))).sort()).toEqual(['page.js', 'search.js', 'snippets.js', 'style.css']);
	});

	it('refuses a SOURCE_DATE_EPOCH that is not whole seconds, before reading anything', async () => {
		const run = await runCli(['build'], await temporaryDirectory(), {SOURCE_DATE_EPOCH: 'yesterday'});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('SOURCE_DATE_EPOCH must be whole seconds');
	});

	it.each([
		[['frobnicate'], 2, 'Unknown command: frobnicate'],
		[['init'], 2, 'name at least one image'],
		[['build', '--colour'], 2, "Unknown option '--colour'"],
		[['--help'], 0, 'Usage:'],
	])('%j exits %i', async (args, code, text) => {
		const run = await runCli(args, await temporaryDirectory());
		expect(run.code).toBe(code);
		expect(run.stdout + run.stderr).toContain(text);
	});
});
