import {execFile} from 'node:child_process';
import {mkdtemp, readFile, readdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {startFakeHub, type FakeHub} from '../fake-hub/server.ts';
import {checkoutCopy} from '../helpers/checkout.ts';
import {demoUser} from '../helpers/run-build.ts';

type Step = {id?: string; name?: string; if?: string; uses?: string; shell?: string; run?: string; env?: Record<string, string>; 'continue-on-error'?: boolean};
type Action = {
	inputs: Record<string, {default?: string}>;
	outputs: Record<string, {value: string}>;
	runs: {using: string; steps: Step[]};
};

// GitHub's own actions, which the runner would fetch and run; here they are skipped and leave no outputs.
const hostedActions = ['actions/setup-node@v4', 'actions/configure-pages@v5', 'actions/cache@v4'];

let actionPath: string;
let action: Action;
let hub: FakeHub;
const directories: string[] = [];

beforeAll(async () => {
	// What `uses: owner/repo@ref` checks out: the repository's files, no node_modules, no .bundle/.
	actionPath = await checkoutCopy();
	directories.push(actionPath);
	action = parse(await readFile(path.join(actionPath, 'action.yml'), 'utf8')) as Action;
	hub = await startFakeHub({users: [demoUser]});
});

afterAll(async () => {
	await hub?.close();
	await Promise.all(directories.map(async directory => rm(directory, {recursive: true, force: true})));
});

/** `name=value` lines and `name<<DELIMITER` blocks, as the runner reads $GITHUB_OUTPUT. */
function parseOutputFile(text: string): Record<string, string> {
	const outputs: Record<string, string> = {};
	const lines = text.split('\n');
	for (let index = 0; index < lines.length; index++) {
		const line = lines[index]!;
		const block = /^([^=<]+)<<(.+)$/.exec(line);
		if (block) {
			const end = lines.indexOf(block[2]!, index + 1);
			expect(end, `unterminated output ${block[1]}`).toBeGreaterThan(index);
			outputs[block[1]!] = lines.slice(index + 1, end).join('\n');
			index = end;
		} else if (line.includes('=')) {
			outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
		}
	}
	return outputs;
}

/** Runs the composite action's `run:` steps as a runner does: bash with its flags, one output file per step, expressions in `env` evaluated. */
async function runAction(workspace: string, inputs: Record<string, string>) {
	const values = {...Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, input.default ?? ''])), ...inputs};
	const stepOutputs: Record<string, Record<string, string>> = {};
	const evaluate = (text: string) =>
		text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
			const step = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
			const input = /^inputs\.([\w-]+)$/.exec(expression);
			if (step) {
				return stepOutputs[step[1]!]?.[step[2]!] ?? '';
			}
			if (input) {
				expect(Object.keys(values), 'an input action.yml declares').toContain(input[1]);
				return values[input[1]!]!;
			}
			const known: Record<string, string> = {'runner.os': 'Linux', 'runner.arch': 'X64', 'github.action_path': actionPath};
			expect(Object.keys(known), `an expression this test knows: ${expression}`).toContain(expression);
			return known[expression]!;
		});

	const runnerTemp = await mkdtemp(path.join(tmpdir(), 'badges-runner-'));
	directories.push(runnerTemp);
	const summaryFile = path.join(runnerTemp, 'step-summary.md');
	await writeFile(summaryFile, '');
	let log = '';
	let code = 0;
	for (const [index, step] of action.runs.steps.entries()) {
		if (step.uses) {
			expect(hostedActions).toContain(step.uses);
			continue;
		}
		expect(step.if, 'a run step runs always').toBeUndefined();
		expect(step.shell).toBe('bash');
		// Inputs reach scripts through env only: a `${{ }}` in a script is pasted in, a script injection.
		expect(step.run).not.toContain('${{');
		const script = path.join(runnerTemp, `step-${index}.sh`);
		const outputFile = path.join(runnerTemp, `output-${index}`);
		await writeFile(script, step.run!);
		await writeFile(outputFile, '');
		const env = {
			PATH: process.env.PATH,
			HOME: process.env.HOME,
			GITHUB_ACTION_PATH: actionPath,
			GITHUB_WORKSPACE: workspace,
			GITHUB_OUTPUT: outputFile,
			GITHUB_STEP_SUMMARY: summaryFile,
			RUNNER_TEMP: runnerTemp,
			RUNNER_OS: 'Linux',
			...Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, evaluate(value)])),
		};
		// `shell: bash` is `bash --noprofile --norc -eo pipefail {0}` on a runner.
		const result = await promisify(execFile)('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {cwd: workspace, env, maxBuffer: 64 * 1024 * 1024}).then(
			({stdout, stderr}) => ({code: 0, stdout, stderr}),
			(error: {code: number; stdout: string; stderr: string}) => error,
		);
		log += result.stdout + result.stderr;
		if (step.id) {
			stepOutputs[step.id] = parseOutputFile(await readFile(outputFile, 'utf8'));
		}
		if (result.code !== 0) {
			code = result.code;
			break;
		}
	}
	const outputs = Object.fromEntries(Object.entries(action.outputs).map(([name, output]) => [name, evaluate(output.value)]));
	return {code, outputs, log, summary: await readFile(summaryFile, 'utf8')};
}

async function workspaceWith(config: string): Promise<string> {
	const workspace = await mkdtemp(path.join(tmpdir(), 'badges-workspace-'));
	directories.push(workspace);
	await writeFile(path.join(workspace, 'badges.yml'), config);
	return workspace;
}

const config = 'images:\n  - nginx\n  - grafana/grafana\n  - nobody/nothing\n';
const credentials = {'dockerhub-username': demoUser.username, 'dockerhub-token': demoUser.secret};

describe('the action, run as a runner runs it', () => {
	it('installs, builds the site, sets every output and writes the job summary', async () => {
		const workspace = await workspaceWith(config);
		const before = hub.count();
		const run = await runAction(workspace, {...credentials, 'api-url': hub.url, 'allow-errors': 'true'});
		expect(run.code, run.log).toBe(0);
		expect(run.outputs).toEqual({
			'site-dir': path.join(workspace, '_site'),
			images: '3',
			badges: '18',
			errors: '6',
			stale: '0',
			requests: String(hub.count() - before),
		});
		expect((await readdir(path.join(workspace, '_site'))).sort()).toEqual(['.dockerhub-badges', '_headers', 'assets', 'badges', 'badges.json', 'history.json.gz', 'index.html', 'index.json']);
		expect(run.summary).toContain('| 3 | 18 | 6 | 0 |');
		expect(run.summary).toMatch(/^\| error \| nobody\/nothing \| pulls \| repo not found \| [^|\n]*check the image name[^|\n]* \|$/m);
		expect(run.log).not.toContain(demoUser.secret);
		// Only runtime dependencies were installed in the action's directory.
		await expect(readdir(path.join(actionPath, 'node_modules', 'vitest'))).rejects.toThrow('ENOENT');
	}, 120_000);

	it('fails the step when some badges are errors, outputs and summary still set, unless allow-errors', async () => {
		const workspace = await workspaceWith(config);
		const run = await runAction(workspace, {...credentials, 'api-url': hub.url, out: 'public'});
		expect(run.code).toBe(1);
		expect(run.outputs).toMatchObject({'site-dir': path.join(workspace, 'public'), errors: '6'});
		expect(run.summary).toContain('repo not found');
	}, 120_000);

	it('rebuilds reading only the tags of repositories pushed since, and every tag with full', async () => {
		const workspace = await workspaceWith(config);
		const inputs = {...credentials, 'api-url': hub.url, 'allow-errors': 'true', previous: path.join(workspace, '_site', 'badges.json')};
		expect((await runAction(workspace, inputs)).code).toBe(0);
		// A login and 3 repository calls; of the tags, only nobody/nothing's again, which were never read.
		expect((await runAction(workspace, inputs)).outputs.requests).toBe('5');
		expect((await runAction(workspace, {...inputs, full: 'true'})).outputs.requests).toBe('7');
	}, 180_000);

	it('stops with exit 2 on an input that is neither true nor false, and on a config error, saying so in the summary', async () => {
		const workspace = await workspaceWith('images: [Nginx]\n');
		const badFlag = await runAction(workspace, {'api-url': hub.url, strict: 'yes'});
		expect(badFlag.code).toBe(2);
		expect(badFlag.log).toContain('::error::The input strict must be true or false.');
		const badConfig = await runAction(workspace, {'api-url': hub.url});
		expect(badConfig.code).toBe(2);
		expect(badConfig.log).toContain('badges.yml:1:');
		expect(badConfig.outputs.errors).toBe('');
		expect(badConfig.summary).toContain('The build stopped before making badges (exit 2)');
	}, 120_000);
});
