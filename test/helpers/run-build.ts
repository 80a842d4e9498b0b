import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Writable} from 'node:stream';
import {afterEach} from 'vitest';
import {build, type BuildOptions} from '../../src/build/build.ts';
import {check} from '../../src/build/check.ts';
import type {FakeHub} from '../fake-hub/server.ts';

export const demoUser = {username: 'demo', secret: 'dckr_pat_demo'};

/** Collects what the build prints, as a terminal would show it. */
export class Capture extends Writable {
	text = '';
	override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
		this.text += chunk.toString();
		done();
	}
}

const directories: string[] = [];
afterEach(async () => {
	await Promise.all(directories.splice(0).map(async directory => rm(directory, {recursive: true, force: true})));
});

/** A temporary folder removed after the test. */
export async function temporaryDirectory(): Promise<string> {
	const directory = await mkdtemp(path.join(tmpdir(), 'badges-test-'));
	directories.push(directory);
	return directory;
}

/**
 * Short retries, and timeouts a loaded machine (CI's two cores running Chromium beside the
 * builds) never reaches for a fake hub that answers: a timeout there would be a retry the
 * request counts do not expect.
 */
const testTuning = {retryBaseMs: 5, headersTimeoutMs: 5000, bodyTimeoutMs: 5000, exchangeTimeoutMs: 10_000};

/** For a test whose server hangs on purpose: each try given up within 2 s. */
export const hangingTuning = {retryBaseMs: 5, headersTimeoutMs: 1000, bodyTimeoutMs: 1000, exchangeTimeoutMs: 2000};

type RunOptions = {
	hub: FakeHub;
	config: string;
	/** null for an anonymous build. */
	credentials?: {username: string; secret: string} | null;
	/** Reuse an output folder, as a scheduled build does. */
	directory?: string;
	options?: Partial<Pick<BuildOptions, 'strict' | 'allowErrors' | 'previous' | 'now' | 'hubTuning' | 'summaryJson' | 'full'>>;
	/** More environment: other registries' origins and credentials. */
	env?: Record<string, string>;
};

export type BuildRun = Awaited<ReturnType<typeof runBuild>>;

/** Runs the real build in-process against the fake hub, with fast retries. */
export async function runBuild({hub, config, credentials = demoUser, directory, options, env}: RunOptions) {
	const root = directory ?? (await temporaryDirectory());
	const configPath = path.join(root, 'badges.yml');
	await writeFile(configPath, config);
	const out = path.join(root, '_site');
	const stdout = new Capture();
	const stderr = new Capture();
	const report = await build({
		config: configPath,
		out,
		env: {
			DOCKERHUB_API_URL: hub.url,
			...(credentials ? {DOCKERHUB_USERNAME: credentials.username, DOCKERHUB_TOKEN: credentials.secret} : {}),
			...env,
		},
		stdout,
		stderr,
		hubTuning: testTuning,
		...options,
	});
	return {
		code: report.exitCode,
		report,
		stdout: stdout.text,
		stderr: stderr.text,
		root,
		out,
		/** The `<title>` badge-maker writes: "label: message". */
		async title(file: string): Promise<string> {
			const svg = await readFile(path.join(out, 'badges', `${file}.svg`), 'utf8');
			return /<title>([^<]*)<\/title>/.exec(svg)![1]!;
		},
		async read(file: string): Promise<string> {
			return readFile(path.join(out, file), 'utf8');
		},
	};
}

/** Runs `npm run check` in-process on a badges.yml with this text, in a folder of its own. */
export async function runCheck(yaml: string) {
	const directory = await temporaryDirectory();
	const config = path.join(directory, 'badges.yml');
	await writeFile(config, yaml);
	const stdout = new Capture();
	const stderr = new Capture();
	const code = await check({config, out: path.join(directory, '_site'), env: {}, stdout, stderr});
	return {code, stdout: stdout.text, stderr: stderr.text};
}
