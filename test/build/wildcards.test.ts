import {afterEach, describe, expect, it} from 'vitest';
import {demoRepositories, generateRepositories} from '../fake-hub/fixtures.ts';
import {startFakeHub, type FakeHub} from '../fake-hub/server.ts';
import {configProblems} from '../helpers/config-problems.ts';
import {runBuild, runCheck} from '../helpers/run-build.ts';

const hubs: FakeHub[] = [];
afterEach(async () => {
	await Promise.all(hubs.splice(0).map(async hub => hub.close()));
});

async function fakeHub(): Promise<FakeHub> {
	const hub = await startFakeHub({repositories: [...demoRepositories(), ...generateRepositories({namespaces: 1, perNamespace: 150, tagsPerRepository: 1})]});
	hubs.push(hub);
	return hub;
}

async function imagesOf(run: {read(file: string): Promise<string>}): Promise<Array<{image: string; badges: Array<{file: string; message: string}>}>> {
	return JSON.parse(await run.read('badges.json')).images;
}

describe('namespace wildcards', () => {
	it('expand to every repository of the listing, all pages, in name order, less exclude, reusing the listing for their counts', async () => {
		const hub = await fakeHub();
		const run = await runBuild({hub, config: 'images:\n  - nginx\n  - image: ns000/*\n    badges: [pulls, stars]\n    exclude: [repo0001, repo0149]\n'});
		expect(run.code).toBe(0);
		const images = await imagesOf(run);
		expect(images).toHaveLength(1 + 148);
		expect(images.slice(0, 4).map(image => image.image)).toEqual(['library/nginx', 'ns000/repo0000', 'ns000/repo0002', 'ns000/repo0003']);
		expect(images.at(-1)!.image).toBe('ns000/repo0148');
		expect(images[1]!.badges.map(badge => badge.file)).toEqual(['pulls', 'stars']);
		// The two listing pages answer for all 148: no repository call, and no tag page for pulls and stars.
		expect(hub.count('/v2/namespaces/ns000/')).toBe(2);
		expect(hub.count(/\/v2\/namespaces\/ns000\/repositories\/repo/)).toBe(0);
	});

	it('include private repositories with a token, and not without', async () => {
		const hub = await fakeHub();
		const config = 'images:\n  - image: myorg/*\n    badges: [pulls]\n';
		const authenticated = await runBuild({hub, config});
		expect((await imagesOf(authenticated)).map(image => image.image)).toEqual(['myorg/app']);
		const anonymous = await runBuild({hub, config, credentials: null});
		expect(anonymous.code).toBe(0);
		expect(await imagesOf(anonymous)).toEqual([]);
	});

	it('leave an image listed on its own with its own badges', async () => {
		const hub = await fakeHub();
		const run = await runBuild({hub, config: 'images:\n  - image: ns000/repo0007\n    badges: [stars]\n  - image: ns000/*\n    badges: [pulls]\n'});
		const images = await imagesOf(run);
		expect(images).toHaveLength(150);
		expect(images.filter(image => image.image === 'ns000/repo0007')).toEqual([expect.objectContaining({badges: [expect.objectContaining({file: 'stars'})]})]);
	});

	it('keep the previous build’s images of a namespace whose listing fails, stale, with one warning', async () => {
		const hub = await fakeHub();
		const config = 'images:\n  - image: ns000/*\n    badges: [pulls]\n    exclude: [repo0000]\n';
		const first = await runBuild({hub, config});
		hub.fault(/^\/v2\/namespaces\/ns000\/repositories(\?|$)/, 'status-503');
		const second = await runBuild({hub, config, directory: first.root});
		expect(second.code).toBe(0);
		expect(second.stderr).toContain('warning: ns000/* not expanded (');
		expect(second.stderr).toContain('its 149 image(s) of the previous build are kept');
		const images = await imagesOf(second);
		expect(images.map(image => image.image)).toEqual((await imagesOf(first)).map(image => image.image));
	});

	it('say how many listed repositories were left out for names Docker Hub could not have given', async () => {
		const template = demoRepositories().find(repository => repository.name === 'app')!;
		const hostile = ['Evil Name', '../../etc', 'x\u001b[31m'].map(name => ({...template, namespace: 'ns000', name, is_private: false}));
		const hub = await startFakeHub({repositories: [...generateRepositories({namespaces: 1, perNamespace: 3, tagsPerRepository: 1}), ...hostile]});
		hubs.push(hub);
		const run = await runBuild({hub, config: 'images:\n  - image: ns000/*\n    badges: [pulls]\n'});
		expect(run.code).toBe(0);
		expect((await imagesOf(run)).map(image => image.image)).toEqual(['ns000/repo0000', 'ns000/repo0001', 'ns000/repo0002']);
		expect(run.stderr).toContain("warning: ns000/*: 3 listed repositories left out, their names not ones Docker Hub gives to ns000's repositories");
	});

	it('read at most 100 listing pages whatever count the listing claims, and say so', async () => {
		const hub = await fakeHub();
		const repository = {name: 'app', namespace: 'ns000', description: '', is_private: false, star_count: 1, pull_count: 2, last_updated: '2024-06-01T00:00:00Z'};
		const body = JSON.stringify({count: 2_000_000, next: null, previous: null, results: [repository]});
		hub.fault(/^\/v2\/namespaces\/ns000\/repositories(\?|$)/, {status: 200, headers: {'content-type': 'application/json'}, body});
		const run = await runBuild({hub, config: 'images:\n  - image: ns000/*\n    badges: [pulls]\n'});
		expect(run.code).toBe(0);
		expect(hub.count(/^\/v2\/namespaces\/ns000\/repositories(\?|$)/)).toBe(100);
		expect((await imagesOf(run)).map(image => image.image)).toEqual(['ns000/app']);
		expect(run.stderr).toContain('warning: ns000/*: the listing claims 2000000 repositories; only the first 10000 are read');
	});

	it('make the build fail (exit 1) when a listing fails and no previous build knew the namespace', async () => {
		const hub = await fakeHub();
		hub.fault(/^\/v2\/namespaces\/ns000\/repositories(\?|$)/, 'status-503');
		const run = await runBuild({hub, config: 'images:\n  - nginx\n  - image: ns000/*\n    badges: [pulls]\n'});
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(/^error: ns000\/\* not expanded \(.*\); no previous build lists its images$/m);
		expect((await imagesOf(run)).map(image => image.image)).toEqual(['library/nginx']);
	});

	it.each([
		['exclude on a single image', 'images:\n  - image: nginx\n    exclude: [x]\n', 'badges.yml:3:14: images[0].exclude: only a namespace wildcard (namespace/*) takes exclude'],
		['a wildcard that is not a namespace', 'images:\n  - image: Acme/*\n', 'badges.yml:2:12: images[0].image: "Acme/*" is not a namespace wildcard such as acme/*'],
		['a wildcard over two levels', 'images:\n  - a/b/*\n', 'badges.yml:2:5: images[0].image: "a/b/*" is not a namespace wildcard such as acme/*'],
		['an exclude that is not a repository name', 'images:\n  - image: acme/*\n    exclude: [ok, "Bad/x"]\n', 'badges.yml:3:19: images[0].exclude[1]: is not a repository name'],
		['the same wildcard twice', 'images:\n  - acme/*\n  - acme/*\n', 'badges.yml:3:5: acme/* is already listed as images[0]'],
	])('are validated with file:line:col: %s', (_name, text, expected) => {
		expect(configProblems(text)).toContain(expected);
	});

	it('are shown by check, offline, with their listing in the planned requests', async () => {
		const run = await runCheck('images:\n  - nginx\n  - image: acme/*\n    badges: [pulls, {kind: pulls, per: week}]\n    exclude: [old]\n');
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('acme/*: every repository its listing returns except old, each: badges/acme/<repo>/pulls.svg, badges/acme/<repo>/pulls-week.svg');
		expect(run.stdout).toContain('Planned requests: 3, plus one login with credentials, plus one listing page per further 100 repositories');
	});
});
