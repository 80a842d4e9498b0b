import {afterEach, describe, expect, it} from 'vitest';
import {parseConfig} from '../../src/config/load.ts';
import {demoRepositories, generateRepositories} from '../fake-hub/fixtures.ts';
import {startFakeHub, type FakeHub} from '../fake-hub/server.ts';
import {configProblems} from '../helpers/config-problems.ts';
import {runBuild, runCheck} from '../helpers/run-build.ts';

const config = `images:
  - nginx
  - grafana/grafana
  - bitnami/redis
  - image: ns000/*
    badges: [pulls]
groups:
  - name: acme
    images: [nginx, grafana/grafana, bitnami/redis]
    badges: [pulls, stars, {kind: pulls, per: week}, {kind: pulls, per: day}]
  - name: generated
    images: [ns000/*]
`;
const day = 86_400_000;
const start = Date.UTC(2026, 10, 2);

const hubs: FakeHub[] = [];
afterEach(async () => {
	await Promise.all(hubs.splice(0).map(async hub => hub.close()));
});

async function fakeHub(): Promise<FakeHub> {
	const hub = await startFakeHub({repositories: [...demoRepositories(), ...generateRepositories({namespaces: 1, perNamespace: 3, tagsPerRepository: 1})]});
	hubs.push(hub);
	hub.setCounts('library/nginx', {pulls: 1_000_000, stars: 10});
	hub.setCounts('grafana/grafana', {pulls: 2_000_000, stars: 20});
	hub.setCounts('bitnami/redis', {pulls: 500_000, stars: 5});
	hub.setCounts('ns000/repo0000', {pulls: 1});
	hub.setCounts('ns000/repo0001', {pulls: 10});
	hub.setCounts('ns000/repo0002', {pulls: 100});
	return hub;
}

type Badge = {file: string; message: string; isError: boolean; stale?: boolean; path: string};
async function groupsOf(run: {read(file: string): Promise<string>}): Promise<Array<{name: string; images: string[]; badges: Badge[]}>> {
	return JSON.parse(await run.read('badges.json')).groups;
}

describe('groups', () => {
	it('add up their images’ counts, a stale member with its last value, into badges/groups/<name>/, badges.json and the page', async () => {
		const hub = await fakeHub();
		const first = await runBuild({hub, config, options: {now: () => new Date(start)}});
		expect(first.code).toBe(0);
		expect(await first.title('groups/acme/pulls')).toBe('docker pulls: 3.5M');
		expect(await first.title('groups/acme/stars')).toBe('docker stars: 35');
		expect(await first.title('groups/acme/pulls-week')).toBe('docker pulls: collecting data');
		// A wildcard member stands for every image of its namespace in the build.
		expect(await first.title('groups/generated/pulls')).toBe('docker pulls: 111');
		expect(JSON.parse(await first.read('badges/groups/acme/pulls.json'))).toMatchObject({schemaVersion: 1, label: 'docker pulls', message: '3.5M'});
		const groups = await groupsOf(first);
		expect(groups.map(group => [group.name, group.images])).toEqual([
			['acme', ['library/nginx', 'grafana/grafana', 'bitnami/redis']],
			['generated', ['ns000/repo0000', 'ns000/repo0001', 'ns000/repo0002']],
		]);
		expect(groups[0]!.badges.map(badge => badge.path)).toEqual(['badges/groups/acme/pulls.svg', 'badges/groups/acme/stars.svg', 'badges/groups/acme/pulls-week.svg', 'badges/groups/acme/pulls-day.svg']);
		const page = await first.read('index.html');
		expect(page).toContain('id="groups/acme"');
		expect(page).toContain('src="badges/groups/acme/pulls.svg"');

		// A day later Docker Hub fails for redis: it counts with its last value, and the group's badges are stale.
		hub.setCounts('library/nginx', {pulls: 1_070_000});
		hub.setCounts('grafana/grafana', {pulls: 2_140_000});
		hub.fault('/v2/namespaces/bitnami/repositories/redis', 'status-503');
		const second = await runBuild({hub, config, directory: first.root, options: {now: () => new Date(start + day)}});
		expect(second.code).toBe(0);
		expect(await second.title('groups/acme/pulls')).toBe('docker pulls: 3.7M');
		expect(await second.title('groups/acme/pulls-week')).toBe('docker pulls: 1.5M/week');
		expect(await second.title('groups/acme/pulls-day')).toBe('docker pulls: 210k/day');
		const acme = (await groupsOf(second))[0]!.badges[0]!;
		expect(acme).toMatchObject({isError: false, stale: true, fetchedAt: new Date(start).toISOString()});
		expect(second.stdout).toContain('stale groups/acme pulls: kept "3.7M"');

		// Back: the group's series carries redis's last value over its gap, so the week does not jump.
		hub.clearFaults();
		hub.setCounts('library/nginx', {pulls: 1_140_000});
		hub.setCounts('grafana/grafana', {pulls: 2_280_000});
		hub.setCounts('bitnami/redis', {pulls: 520_000});
		const third = await runBuild({hub, config, directory: first.root, options: {now: () => new Date(start + 2 * day)}});
		expect(await third.title('groups/acme/pulls')).toBe('docker pulls: 3.9M');
		expect(await third.title('groups/acme/pulls-week')).toBe('docker pulls: 1.5M/week');
		// The day before, at the last build: 1.07M + 2.14M + redis's 0.5M carried over.
		expect(await third.title('groups/acme/pulls-day')).toBe('docker pulls: 230k/day');
		expect((await groupsOf(third))[0]!.badges[0]!.stale).toBeUndefined();
	});

	it('are an error when a member has no value at all (its first fetch failed), and the build exits 1', async () => {
		const hub = await fakeHub();
		hub.fault('/v2/namespaces/bitnami/repositories/redis', 'status-503');
		const run = await runBuild({hub, config, options: {now: () => new Date(start)}});
		expect(run.code).toBe(1);
		expect(await run.title('groups/acme/pulls')).toBe('docker pulls: inaccessible');
		expect(run.stdout).toContain("error groups/acme pulls: inaccessible (no value yet for bitnami/redis; the group's total would be wrong without it)");
		// The other group is untouched.
		expect(await run.title('groups/generated/pulls')).toBe('docker pulls: 111');
	});

	it('leave out, with an error line, a group whose folder is an image’s (the image groups/<name>)', async () => {
		const [generated] = generateRepositories({namespaces: 1, perNamespace: 1, tagsPerRepository: 0});
		const hub = await startFakeHub({repositories: [{...generated!, namespace: 'groups', name: 'acme'}]});
		hubs.push(hub);
		const run = await runBuild({hub, config: 'images:\n  - image: groups/*\n    badges: [stars]\ngroups:\n  - name: acme\n    images: [groups/*]\n'});
		expect(run.code).toBe(1);
		expect(run.stderr).toContain('error: group acme not written: the image groups/acme has the folder badges/groups/acme/; rename the group');
		expect(JSON.parse(await run.read('badges.json')).groups).toBeUndefined();
		expect(await run.title('groups/acme/stars')).toMatch(/^docker stars: /);
	});

	it.each([
		['a member not in images', 'images: [nginx]\ngroups:\n  - name: g\n    images: [nginx, redis]\n', 'badges.yml:4:21: library/redis is not in images:'],
		['a namespace member with no image of it', 'images: [nginx]\ngroups:\n  - name: g\n    images: [acme/*]\n', 'badges.yml:4:14: acme/* is not in images:'],
		['a badge that does not add up', 'images: [nginx]\ngroups:\n  - name: g\n    images: [nginx]\n    badges: [version]\n', 'badges.yml:5:14: groups[0].badges[0].kind: unknown badge kind "version"; use one of pulls, stars'],
		['a name that is not a folder', 'images: [nginx]\ngroups:\n  - name: ../x\n    images: [nginx]\n', 'badges.yml:3:11: groups[0].name: must be a group name'],
		['a name whose folder an image has', 'images: [groups/g]\ngroups:\n  - name: g\n    images: [groups/g]\n', 'badges.yml:3:11: the image groups/g writes badges/groups/g/ too; rename the group'],
		['two groups of one name', 'images: [nginx]\ngroups:\n  - name: g\n    images: [nginx]\n  - name: g\n    images: [nginx]\n', 'badges.yml:5:11: a group named g is already groups[0]'],
	])('are validated with file:line:col: %s', (_name, text, expected) => {
		expect(configProblems(text)).toContain(expected);
	});

	it('are shown by check, offline', async () => {
		const run = await runCheck(config);
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('group acme (library/nginx, grafana/grafana, bitnami/redis): badges/groups/acme/pulls.svg, badges/groups/acme/stars.svg, badges/groups/acme/pulls-week.svg, badges/groups/acme/pulls-day.svg');
		expect(run.stdout).toContain('group generated (ns000/*): badges/groups/generated/pulls.svg');
	});

	it('takes pulls by default and names trend files like an image’s', () => {
		const parsed = parseConfig('images: [nginx, library/redis]\ngroups:\n  - name: g\n    images: [library/*]\n  - name: h\n    images: [nginx]\n    badges: [{kind: stars, per: month}]\n');
		expect(parsed.groups.map(group => [group.members, group.badges.map(badge => badge.file)])).toEqual([
			[['library/*'], ['pulls']],
			[['library/nginx'], ['stars-month']],
		]);
	});
});
