import {access, mkdir, mkdtemp, readFile, readdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startFakeHub, type FakeHub} from '../fake-hub/server.ts';
import {checkoutCopy, repositoryRoot, runCommand} from '../helpers/checkout.ts';
import {demoUser} from '../helpers/run-build.ts';

// One pack and one install for the file: together about 15 s from a warm npm cache.
let checkout: string;
let tarball: string;
let user: string;
let hub: FakeHub;

const devOnly = ['tsx', 'vitest', 'vite', 'playwright-core', 'typescript', '@sparticuz/chromium', '@types/node'];
const sampleConfig = await readFile(path.join(repositoryRoot, 'badges.yml'), 'utf8');

beforeAll(async () => {
	// A copy, so this file's pack and build never race another test's compile into .bundle/.
	checkout = await checkoutCopy({withNodeModules: true});
	const packed = await runCommand('npm', ['pack', '--silent', '--pack-destination', checkout], {cwd: checkout});
	expect(packed.code, packed.stderr).toBe(0);
	tarball = path.join(checkout, packed.stdout.trim().split('\n').at(-1)!);

	// Outside the copy: npm installs into the nearest folder above that has a package.json.
	user = await mkdtemp(path.join(tmpdir(), 'badges-user-'));
	await writeFile(path.join(user, 'badges.yml'), sampleConfig);
	const installed = await runCommand('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], {cwd: user});
	expect(installed.code, installed.stderr).toBe(0);
	hub = await startFakeHub({users: [demoUser]});
}, 180_000);

afterAll(async () => {
	await hub?.close();
	await Promise.all([checkout, user].filter(Boolean).map(async directory => rm(directory, {recursive: true, force: true})));
});

/** Every file under `directory`, with its bytes. */
async function tree(directory: string): Promise<Map<string, Buffer>> {
	const files = new Map<string, Buffer>();
	for (const entry of await readdir(directory, {recursive: true, withFileTypes: true})) {
		if (entry.isFile()) {
			const file = path.join(entry.parentPath, entry.name);
			files.set(path.relative(directory, file), await readFile(file));
		}
	}
	return files;
}

/** What a build prints, without the seconds it measured. */
const withoutTiming = (text: string) => text.replace(/\b\d+\.\d s\b/g, '… s');

describe('the npm package', () => {
	it('holds the compiled CLI and the page templates, nothing else', async () => {
		const {stdout} = await runCommand('tar', ['-tzf', tarball], {cwd: checkout});
		expect(stdout.trim().split('\n').sort()).toEqual([
			'package/.bundle/cli.js',
			'package/.eleventy.js',
			'package/README.md',
			'package/package.json',
			'package/site/assets/page.js',
			'package/site/assets/search.js',
			'package/site/assets/snippets.js',
			'package/site/assets/style.css',
			'package/site/index.njk',
		]);
	});

	it('installs without a single dev dependency', async () => {
		const missing = await Promise.all(devOnly.map(async name => access(path.join(user, 'node_modules', name)).then(() => name, () => undefined)));
		expect(missing.filter(Boolean)).toEqual([]);
		await access(path.join(user, 'node_modules', 'dockerhub-badges', '.bundle', 'cli.js'));
	});

	it('builds the same files, byte for byte, with the same output and exit code as npm run build', async () => {
		const env = {
			...process.env,
			DOCKERHUB_API_URL: hub.url,
			DOCKERHUB_USERNAME: demoUser.username,
			DOCKERHUB_TOKEN: demoUser.secret,
			BADGES_PREVIOUS: '',
			SOURCE_DATE_EPOCH: String(Math.floor(Date.now() / 1000)),
		};
		const packaged = await runCommand('npx', ['dockerhub-badges', 'build'], {cwd: user, env});
		const inRepository = await runCommand('npm', ['run', '--silent', 'build', '--', '--config', path.join(user, 'badges.yml'), '--out', path.join(checkout, 'repo-site')], {
			cwd: checkout,
			env,
		});
		expect(withoutTiming(packaged.stderr)).toBe(withoutTiming(inRepository.stderr));
		expect(packaged.code).toBe(0);
		expect(inRepository.code).toBe(0);
		expect(withoutTiming(packaged.stdout)).toBe(withoutTiming(inRepository.stdout));

		const mine = await tree(path.join(user, '_site'));
		const theirs = await tree(path.join(checkout, 'repo-site'));
		expect([...mine.keys()].sort().join('\n')).toBe([...theirs.keys()].sort().join('\n'));
		expect(mine.size).toBeGreaterThan(30);
		for (const [file, bytes] of mine) {
			expect(bytes.equals(theirs.get(file)!), file).toBe(true);
		}
	});

	it('checks, and lists its commands', async () => {
		const checked = await runCommand('npx', ['dockerhub-badges', 'check'], {cwd: user});
		expect(checked.code, checked.stderr).toBe(0);
		expect(checked.stdout).toContain('badges.yml is valid: 5 images');
		const help = await runCommand('npx', ['dockerhub-badges', '--help'], {cwd: user});
		expect(help.code).toBe(0);
		for (const command of ['build', 'check', 'init']) {
			expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
		}
	});

	it('starts a repository with init, then refuses to start it again', async () => {
		const fresh = path.join(checkout, 'fresh');
		await mkdir(fresh);
		const bin = path.join(user, 'node_modules', '.bin', 'dockerhub-badges');
		const started = await runCommand(bin, ['init', 'nginx', '--action', 'someone/dockerhub-badges@v1'], {cwd: fresh});
		expect(started.code, started.stderr).toBe(0);
		expect((await readdir(fresh, {recursive: true})).sort()).toEqual(['.github', '.github/workflows', '.github/workflows/badges.yml', 'badges.yml']);
		const again = await runCommand(bin, ['init', 'nginx', '--action', 'someone/dockerhub-badges@v1'], {cwd: fresh});
		expect(again.code).toBe(2);
		expect(again.stderr).toContain('Nothing was written.');
	});
});
