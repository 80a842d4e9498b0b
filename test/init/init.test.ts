import {lstat, mkdir, readFile, readdir, symlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {loadConfig} from '../../src/config/load.ts';
import {actionOfRepository, canonicalImages, init} from '../../src/init/init.ts';
import {Capture, temporaryDirectory} from '../helpers/run-build.ts';

const action = 'someone/dockerhub-badges@v1.2.3';

async function runInit(directory: string, images: string[], more: {force?: boolean; action?: string} = {}) {
	const stdout = new Capture();
	const stderr = new Capture();
	const code = await init({directory, images, force: more.force ?? false, action: more.action ?? action, stdout, stderr});
	return {code, stdout: stdout.text, stderr: stderr.text};
}

/** Every file under `directory`, with its text. */
async function tree(directory: string): Promise<Record<string, string>> {
	const files: Record<string, string> = {};
	for (const entry of await readdir(directory, {recursive: true, withFileTypes: true})) {
		if (entry.isFile()) {
			const file = path.join(entry.parentPath, entry.name);
			files[path.relative(directory, file)] = await readFile(file, 'utf8');
		}
	}
	return files;
}

describe('dockerhub-badges init', () => {
	it('starts an empty repository: a valid badges.yml with the images, a workflow using the action, the next steps', async () => {
		const directory = await temporaryDirectory();
		const run = await runInit(directory, ['nginx', 'docker.io/grafana/grafana']);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		expect(Object.keys(await tree(directory)).sort()).toEqual(['.github/workflows/badges.yml', 'badges.yml']);

		const config = await loadConfig(path.join(directory, 'badges.yml'));
		expect(config.images.map(image => `${image.namespace}/${image.repo}`)).toEqual(['library/nginx', 'grafana/grafana']);

		const workflow = parse(await readFile(path.join(directory, '.github/workflows/badges.yml'), 'utf8')) as {
			jobs: Record<string, {steps: {uses?: string; with?: Record<string, unknown>}[]}>;
		};
		const step = workflow.jobs.build!.steps.find(step => step.uses === action)!;
		expect(step.with).toEqual({
			'dockerhub-username': '${{ secrets.DOCKERHUB_USERNAME }}',
			'dockerhub-token': '${{ secrets.DOCKERHUB_TOKEN }}',
			'allow-errors': true,
		});
		expect(workflow.jobs.deploy!.steps.map(step => step.uses)).toContain('actions/deploy-pages@v4');
		expect(run.stdout).toContain('DOCKERHUB_USERNAME and DOCKERHUB_TOKEN');
		expect(run.stdout).toContain('Settings → Pages → Source: GitHub Actions');
	});

	it('hints in the workflow at the credentials of the other registries it lists, as the step env the action passes on', async () => {
		const directory = await temporaryDirectory();
		const run = await runInit(directory, ['nginx', 'ghcr.io/acme/app', 'quay.io/acme/tool', 'ghcr.io/acme/other', 'reg-x.example.com:5000/team/app']);
		expect(run.code).toBe(0);
		const text = await readFile(path.join(directory, '.github/workflows/badges.yml'), 'utf8');
		expect(text.match(/GHCR_TOKEN: /g)).toHaveLength(1);
		// Uncommented, the hint is the step's env, each secret under the variable the build reads.
		const uncommented = text.replaceAll(/^( {8})# (env:| {2}[A-Z])/gm, '$1$2');
		const step = (parse(uncommented) as {jobs: {build: {steps: {uses?: string; env?: Record<string, string>}[]}}}).jobs.build.steps.find(step => step.uses === action)!;
		expect(step.env).toEqual({
			GHCR_TOKEN: '${{ secrets.GHCR_TOKEN }}',
			QUAY_TOKEN: '${{ secrets.QUAY_TOKEN }}',
			REGISTRY_REG__X_EXAMPLE_COM_5000_USERNAME: '${{ secrets.REGISTRY_REG__X_EXAMPLE_COM_5000_USERNAME }}',
			REGISTRY_REG__X_EXAMPLE_COM_5000_PASSWORD: '${{ secrets.REGISTRY_REG__X_EXAMPLE_COM_5000_PASSWORD }}',
		});

		const hubOnly = await temporaryDirectory();
		await runInit(hubOnly, ['nginx']);
		expect(await readFile(path.join(hubOnly, '.github/workflows/badges.yml'), 'utf8')).not.toMatch(/env:|GHCR_TOKEN|QUAY_TOKEN|REGISTRY_/);
	});

	it('refuses to replace existing files, writing nothing, unless --force', async () => {
		const directory = await temporaryDirectory();
		await writeFile(path.join(directory, 'badges.yml'), 'images: [mine]\n');
		const refused = await runInit(directory, ['nginx']);
		expect(refused.code).toBe(2);
		expect(refused.stderr).toContain('badges.yml exists; pass --force to replace it');
		expect(refused.stderr).toContain('Nothing was written.');
		expect(await tree(directory)).toEqual({'badges.yml': 'images: [mine]\n'});

		const forced = await runInit(directory, ['nginx'], {force: true});
		expect(forced.code).toBe(0);
		expect((await tree(directory))['badges.yml']).toContain('  - nginx\n');
		expect(await runInit(directory, ['redis'])).toMatchObject({code: 2});
	});

	it('never writes through a symbolic link, even with --force', async () => {
		const directory = await temporaryDirectory();
		const elsewhere = await temporaryDirectory();
		await symlink(path.join(elsewhere, 'victim.yml'), path.join(directory, 'badges.yml'));
		const viaFile = await runInit(directory, ['nginx'], {force: true});
		expect(viaFile.code).toBe(2);
		expect(viaFile.stderr).toContain('badges.yml is a symbolic link');

		const other = await temporaryDirectory();
		await symlink(elsewhere, path.join(other, '.github'));
		const viaDirectory = await runInit(other, ['nginx'], {force: true});
		expect(viaDirectory.code).toBe(2);
		expect(viaDirectory.stderr).toContain('.github is a symbolic link');
		expect(await readdir(elsewhere)).toEqual([]);
		expect((await lstat(path.join(other, '.github'))).isSymbolicLink()).toBe(true);
		expect(await readdir(other)).toEqual(['.github']);
	});

	it('refuses what is not a file where a file goes', async () => {
		const directory = await temporaryDirectory();
		await mkdir(path.join(directory, 'badges.yml'));
		expect(await runInit(directory, ['nginx'], {force: true})).toMatchObject({code: 2, stderr: expect.stringContaining('badges.yml exists and is not a file') as string});
	});

	it.each([
		[[], 'name at least one image'],
		[['nginx:1.25'], 'has a tag'],
		[['acme/org/app'], 'is not a Docker Hub repository'],
		[['Nginx'], 'is not a valid Docker repository name'],
		[['nginx', 'library/nginx'], '"library/nginx" is listed twice'],
		[['foo\n  - evil'], 'is not a valid Docker repository name'],
	])('refuses images %j before writing', async (images, message) => {
		const directory = await temporaryDirectory();
		const run = await runInit(directory, images);
		expect(run.code).toBe(2);
		expect(run.stderr).toContain(message);
		expect(await readdir(directory)).toEqual([]);
	});

	it.each(['owner/repo', 'owner/repo@v1 # x', 'owner/repo@v1\n  evil: 1', '../repo@v1'])('refuses --action %j', async reference => {
		const directory = await temporaryDirectory();
		expect(await runInit(directory, ['nginx'], {action: reference})).toMatchObject({code: 2});
		expect(await readdir(directory)).toEqual([]);
	});

	it('lists images as badges.yml does', () => {
		expect(canonicalImages(['docker.io/library/nginx', 'index.docker.io/grafana/grafana', 'bitnami/redis'])).toEqual({names: ['nginx', 'grafana/grafana', 'bitnami/redis']});
	});

	it.each([
		['github:someone/dockerhub-badges', 'someone/dockerhub-badges@v1.0.0'],
		[{url: 'git+https://github.com/someone/dockerhub-badges.git'}, 'someone/dockerhub-badges@v1.0.0'],
		['git@github.com:some-one/badges.js.git', 'some-one/badges.js@v1.0.0'],
		['https://gitlab.com/someone/dockerhub-badges', undefined],
		['https://github.com.evil.example/someone/x', undefined],
		[undefined, undefined],
	])('uses the action of the repository %j', (repository, action) => {
		expect(actionOfRepository(repository, '1.0.0')).toBe(action);
	});
});
