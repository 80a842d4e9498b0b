import {spawn} from 'node:child_process';
import {lstat, mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile} from 'node:fs/promises';
import {hostname} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {build} from '../../src/build/build.ts';
import {check} from '../../src/build/check.ts';
import {startFakeHub, type FakeHub} from '../fake-hub/server.ts';
import {Capture, demoUser, runBuild, temporaryDirectory} from '../helpers/run-build.ts';

const config = 'images:\n  - nginx\n  - grafana/grafana\n';

let hub: FakeHub;
afterEach(async () => hub?.close());

/** The real build into `out`, with the config written beside it. */
async function buildInto(out: string, root: string) {
	const configPath = path.join(root, 'badges.yml');
	await writeFile(configPath, config);
	const stdout = new Capture();
	const stderr = new Capture();
	const report = await build({
		config: configPath,
		out,
		env: {DOCKERHUB_API_URL: hub.url, DOCKERHUB_USERNAME: demoUser.username, DOCKERHUB_TOKEN: demoUser.secret},
		stdout,
		stderr,
		hubTuning: {retryBaseMs: 5},
	});
	return {code: report.exitCode, stdout: stdout.text, stderr: stderr.text};
}

/** Every path under `directory`, to prove nothing was added or removed. */
async function tree(directory: string): Promise<string[]> {
	return (await readdir(directory, {recursive: true})).sort();
}

/** The pid of a process that has just exited: as a killed build's pid is. */
async function deadPid(): Promise<number> {
	const child = spawn(process.execPath, ['-e', '']);
	await new Promise(resolve => child.once('exit', resolve));
	return child.pid!;
}

describe('the output directory is ours or untouched', () => {
	it('refuses a home directory that holds a badges.json next to other things, naming them, deleting nothing', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const root = await temporaryDirectory();
		const home = path.join(root, 'home');
		await mkdir(path.join(home, '.ssh'), {recursive: true});
		await writeFile(path.join(home, '.ssh', 'id_ed25519'), 'secret key\n');
		await writeFile(path.join(home, '.bashrc'), 'alias ll=ls\n');
		await writeFile(path.join(home, 'badges.json'), '{"generatedAt":"2024-01-01T00:00:00Z","images":[]}');
		await mkdir(path.join(home, 'badges'));
		const before = await tree(root);

		const run = await buildInto(home, root);
		expect(run.code).toBe(2);
		expect(run.stderr.trim().split('\n')).toEqual([
			`--out ${home} holds .bashrc, .ssh, badges, badges.json, so it is not a site this tool wrote (no .dockerhub-badges); refusing to replace it: choose a new or empty directory (a site from a version before the marker can be deleted: the build writes it again)`,
		]);
		expect(hub.count()).toBe(0);
		expect(await tree(root)).toEqual([...before, 'badges.yml'].sort());
		expect(await readFile(path.join(home, '.ssh', 'id_ed25519'), 'utf8')).toBe('secret key\n');
	});

	it('names a few entries, not a whole directory listing', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const root = await temporaryDirectory();
		const out = path.join(root, 'stuff');
		await mkdir(out);
		await Promise.all(Array.from({length: 12}, async (_, index) => writeFile(path.join(out, `file${String(index).padStart(2, '0')}`), '')));
		const run = await buildInto(out, root);
		expect(run.code).toBe(2);
		expect(run.stderr).toContain(`--out ${out} holds file00, file01, file02, file03, file04 and 7 more, so it is not a site`);
	});

	it('replaces a marked site, and nothing else that looks like one', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const first = await runBuild({hub, config});
		expect(first.code).toBe(0);
		expect(await readFile(path.join(first.out, '.dockerhub-badges'), 'utf8')).toContain('dockerhub-badges');
		const again = await runBuild({hub, config, directory: first.root});
		expect(again.code).toBe(0);

		// Without the marker, even the entries a build writes are no proof: nothing is replaced.
		await rm(path.join(first.out, '.dockerhub-badges'));
		const before = await readdir(first.out, {recursive: true});
		const refused = await runBuild({hub, config, directory: first.root});
		expect(refused.code).toBe(2);
		expect(refused.stderr).toContain('so it is not a site this tool wrote (no .dockerhub-badges)');
		expect(refused.stderr).toContain('a site from a version before the marker can be deleted');
		expect(await readdir(first.out, {recursive: true})).toEqual(before);
	});

	it('keeps the files of a directory that only looks like a site: badges.json, index.html, assets/ and badges/ of its own', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const root = await temporaryDirectory();
		const out = path.join(root, 'd');
		await mkdir(path.join(out, 'assets'), {recursive: true});
		await mkdir(path.join(out, 'badges', 'my'), {recursive: true});
		await writeFile(path.join(out, 'badges.json'), '{"x":1}');
		await writeFile(path.join(out, 'assets', 'plan.txt'), 'plan');
		await writeFile(path.join(out, 'badges', 'my', 'thesis.pdf'), 'pdf');
		await writeFile(path.join(out, 'index.html'), '<h1>mine</h1>');
		const run = await buildInto(out, root);
		expect(run.code).toBe(2);
		expect(run.stderr).toContain(`--out ${out} holds assets, badges, badges.json, index.html, so it is not a site this tool wrote`);
		expect(await readFile(path.join(out, 'assets', 'plan.txt'), 'utf8')).toBe('plan');
		expect(await readFile(path.join(out, 'badges', 'my', 'thesis.pdf'), 'utf8')).toBe('pdf');
		expect(await readFile(path.join(out, 'index.html'), 'utf8')).toBe('<h1>mine</h1>');
	});

	it('writes the new site behind a symlinked --out: the link stays a link', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const root = await temporaryDirectory();
		const real = path.join(root, 'www', 'badges');
		const link = path.join(root, '_site');
		await symlink(path.join('www', 'badges'), link);

		// First into a link to a directory that does not exist yet, then over the site it made.
		for (const round of [1, 2]) {
			const run = await buildInto(link, root);
			expect(run.code, `round ${round}: ${run.stderr}`).toBe(0);
			expect((await lstat(link)).isSymbolicLink()).toBe(true);
			expect(await readlink(link)).toBe(path.join('www', 'badges'));
			expect((await lstat(real)).isDirectory()).toBe(true);
			expect(await readdir(path.join(real, 'badges', 'grafana', 'grafana'))).toContain('pulls.svg');
		}
		expect((await readdir(root)).sort()).toEqual(['_site', 'badges.yml', 'www']);
		expect((await readdir(path.join(root, 'www'))).sort()).toEqual(['badges']);
	});

	it('refuses --out / as the directory holding the project', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const run = await buildInto('/', await temporaryDirectory());
		expect(run.code).toBe(2);
		expect(run.stderr).toBe(`--out / would replace ${process.cwd()}; choose a directory of its own, such as _site\n`);
	});

	// /proc is a mount point on every Linux: a rename cannot replace it, so the build would fail only at its end.
	it.runIf(process.platform === 'linux')('refuses a --out that is a mount point before fetching anything', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const run = await buildInto('/proc', await temporaryDirectory());
		expect(run.code).toBe(2);
		expect(run.stderr).toBe('--out /proc is a mount point, which cannot be replaced by a rename; point --out at a directory inside it\n');
		expect(hub.count()).toBe(0);
	});

	// /sys takes no new files, even from root: a parent the build cannot write to.
	it.runIf(process.platform === 'linux')('stops with exit 2 and one line when nothing can be written beside --out', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const run = await buildInto('/sys/badges-test', await temporaryDirectory());
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/^--out \/sys\/badges-test cannot be locked beside it \(E[A-Z]+\)\n$/);
		expect(hub.count()).toBe(0);
	});

	it('refuses a symlink that leads to the project itself', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const root = await temporaryDirectory();
		const link = path.join(root, 'out');
		await symlink(process.cwd(), link);
		const run = await buildInto(link, root);
		expect(run.code).toBe(2);
		expect(run.stderr).toContain(`would replace ${process.cwd()}`);
	});
});

describe('a build killed between the two renames of the swap', () => {
	it('leaves the old site beside the output; the next build puts it back before anything else', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const first = await runBuild({hub, config});
		const before = await tree(first.out);
		// What a kill -9 between the renames leaves: the old site moved aside, the new one complete beside it, no _site.
		await rename(first.out, path.join(first.root, '._site.retired-1-aaaa'));
		await mkdir(path.join(first.root, '._site.building-1-aaaa'));

		hub.fault(() => true, 'status-503');
		const next = await runBuild({hub, config, directory: first.root, options: {strict: true}});
		expect(next.code).toBe(1);
		expect(await tree(first.out)).toEqual(before);
		expect((await readdir(first.root)).sort()).toEqual(['_site', 'badges.yml']);
	});

	it('puts back only a site of its own: a leftover named like one that is a symlink is removed, not followed', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const root = await temporaryDirectory();
		const victim = path.join(root, 'victim');
		await mkdir(path.join(victim, 'sub'), {recursive: true});
		await writeFile(path.join(victim, 'top'), 'mine\n');
		await symlink(victim, path.join(root, '._site.retired-123-dead'));

		const run = await buildInto(path.join(root, '_site'), root);
		expect(run.code).toBe(0);
		expect((await lstat(path.join(root, '_site'))).isDirectory()).toBe(true);
		expect(await readdir(path.join(root, '_site'))).toContain('.dockerhub-badges');
		expect((await readdir(root)).sort()).toEqual(['_site', 'badges.yml', 'victim']);
		expect((await readdir(victim)).sort()).toEqual(['sub', 'top']);
	});
});

describe('one build at a time per output directory', () => {
	it('refuses the second of two concurrent builds into one --out with exit 2; the first writes the whole site', async () => {
		hub = await startFakeHub({users: [demoUser], latencyMs: 50});
		const root = await temporaryDirectory();
		const out = path.join(root, '_site');
		const runs = await Promise.all([buildInto(out, root), buildInto(out, root)]);

		expect(runs.map(run => run.code).sort()).toEqual([0, 2]);
		const refused = runs.find(run => run.code === 2)!;
		expect(refused.stderr.trim().split('\n')).toHaveLength(1);
		expect(refused.stderr).toMatch(
			new RegExp(`another build \\(pid ${process.pid}, since \\S+\\) is writing --out ${out}; wait for it to finish, or delete ${path.join(root, '._site.lock')} if no build is running`),
		);
		// The refused build asked Docker Hub nothing: one login, one listing... for one build only.
		expect(hub.logins).toBe(1);
		const manifest = JSON.parse(await readFile(path.join(out, 'badges.json'), 'utf8'));
		expect(manifest.images.flatMap((image: {badges: unknown[]}) => image.badges)).toHaveLength(12);
		for (const kind of ['pulls', 'stars', 'version', 'size', 'updated', 'platforms']) {
			expect((await readdir(path.join(out, 'badges', 'library', 'nginx'))).filter(file => file.startsWith(`${kind}.`))).toHaveLength(2);
		}
		// The lock is gone once the build is done.
		expect((await readdir(root)).sort()).toEqual(['_site', 'badges.yml']);
	});

	it('takes over a stale lock left by a killed build (its pid is gone), with one warning line', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const root = await temporaryDirectory();
		const pid = await deadPid();
		const lock = path.join(root, '._site.lock');
		await writeFile(lock, JSON.stringify({pid, host: hostname(), processStart: Date.now() - 60_000, since: '2024-05-01T00:00:00.000Z', token: 'dead'}));

		const run = await buildInto(path.join(root, '_site'), root);
		expect(run.code).toBe(0);
		expect(run.stderr).toContain(`warning: took over ${lock} from build pid ${pid} (since 2024-05-01T00:00:00.000Z), which is no longer running`);
		expect((await readdir(root)).sort()).toEqual(['_site', 'badges.yml']);
	});

	it('takes over a lock left by an earlier process that had this very pid (a container restarted)', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const root = await temporaryDirectory();
		await writeFile(
			path.join(root, '._site.lock'),
			JSON.stringify({pid: process.pid, host: hostname(), processStart: performance.timeOrigin - 3_600_000, since: '2024-05-01T00:00:00.000Z', token: 'old'}),
		);
		const run = await buildInto(path.join(root, '_site'), root);
		expect(run.code).toBe(0);
		expect(run.stderr).toContain('which is no longer running');
	});

	it('waits for nobody and deletes nothing when a live process holds the lock: exit 2, the lock left in place', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const root = await temporaryDirectory();
		const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
		try {
			const lock = path.join(root, '._site.lock');
			const content = JSON.stringify({pid: sleeper.pid, host: hostname(), processStart: Date.now(), since: '2024-05-01T00:00:00.000Z', token: 'live'});
			await writeFile(lock, content);
			const run = await buildInto(path.join(root, '_site'), root);
			expect(run.code).toBe(2);
			expect(run.stderr).toContain(`another build (pid ${sleeper.pid}, since 2024-05-01T00:00:00.000Z) is writing --out`);
			expect(await readFile(lock, 'utf8')).toBe(content);
			expect(hub.count()).toBe(0);
		} finally {
			sleeper.kill();
		}
	});

	it.runIf(process.platform === 'linux')('takes over a lock whose pid now belongs to a process started after the owner (a reboot, a new container)', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const root = await temporaryDirectory();
		const later = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
		try {
			const lock = path.join(root, '._site.lock');
			await writeFile(lock, JSON.stringify({pid: later.pid, host: hostname(), processStart: Date.now() - 3_600_000, since: '2024-05-01T00:00:00.000Z', token: 'reused'}));
			const run = await buildInto(path.join(root, '_site'), root);
			expect(run.code).toBe(0);
			expect(run.stderr).toContain(`warning: took over ${lock} from build pid ${later.pid} (since 2024-05-01T00:00:00.000Z), which is no longer running`);
		} finally {
			later.kill();
		}
	});

	it('does not take a lock file it cannot read as its own for a stale one', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const root = await temporaryDirectory();
		await writeFile(path.join(root, '._site.lock'), 'not ours\n');
		const run = await buildInto(path.join(root, '_site'), root);
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('is not a lock this tool wrote; delete it if no build is running');
	});
});

describe('npm run check and the output directory', () => {
	it('reports a --out that is not a site with exit 2 and one line, like the build', async () => {
		const root = await temporaryDirectory();
		const configPath = path.join(root, 'badges.yml');
		await writeFile(configPath, config);
		await mkdir(path.join(root, 'home', '.ssh'), {recursive: true});
		await writeFile(path.join(root, 'home', 'badges.json'), '{}');
		const stdout = new Capture();
		const stderr = new Capture();
		const code = await check({config: configPath, out: path.join(root, 'home'), env: {}, stdout, stderr});
		expect(code).toBe(2);
		expect(stderr.text).toBe(`--out ${path.join(root, 'home')} holds .ssh, badges.json, so it is not a site this tool wrote (no .dockerhub-badges); refusing to replace it: choose a new or empty directory (a site from a version before the marker can be deleted: the build writes it again)\n`);
		expect(stdout.text).toBe('');
		expect((await readdir(root)).sort()).toEqual(['badges.yml', 'home']);
	});
});
