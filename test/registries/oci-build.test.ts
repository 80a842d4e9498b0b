import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {fakeHubForTest, fakeOciForTest} from '../helpers/loopback.ts';
import {hangingTuning, runBuild, runCheck} from '../helpers/run-build.ts';
import {configProblems} from '../helpers/config-problems.ts';

const now = () => new Date('2026-11-30T00:00:00Z');
const ghcrToken = 'ghp_fakeGhcrSecret0123456789';

/** Every request to the fake, as `server path status`, for exact counts. */
function countsOf(registry: Awaited<ReturnType<typeof fakeOciForTest>>) {
	return {
		probe: registry.count('/v2/', 'registry') - registry.count('/v2/acme', 'registry'),
		tokens: registry.requests.filter(request => request.path.startsWith('/token')).length,
		tagPages: registry.count('/v2/acme/app/tags/list'),
		manifests: registry.count('/v2/acme/app/manifests/'),
		blobs: registry.count('/v2/acme/app/blobs/'),
		storage: registry.count('/blobs/', 'storage'),
	};
}

describe('a GHCR image through the real build', () => {
	it('draws version, size, platforms and updated from the tag list, the index, the platform manifests and the config blob, each asked for once', async () => {
		const hub = await fakeHubForTest();
		const ghcr = await fakeOciForTest();
		const run = await runBuild({
			hub,
			config: [
				'images:',
				'  - image: ghcr.io/acme/app',
				// A named tag first: the badges without one still read latest.
				'    badges: [{kind: updated, tag: 1.9.0}, version, size, {kind: size, arch: arm64}, {kind: size, arch: arm, variant: v7}, platforms, updated, {kind: size, tag: sha-3f2a9c1}, {kind: updated, tag: sha-3f2a9c1}]',
				'  - image: ghcr.io/acme/tool',
				'    badges: [version, size, platforms]',
			].join('\n'),
			env: {REGISTRY_URL_GHCR_IO: ghcr.url},
			options: {now},
		});
		expect(run.stderr).not.toMatch(/warning|error/);
		expect(run.code).toBe(0);
		const titles = await Promise.all(['version', 'size', 'size-arm64', 'size-arm-v7', 'platforms', 'updated', 'updated-1.9.0', 'size-sha-3f2a9c1', 'updated-sha-3f2a9c1'].map(async file => run.title(`ghcr.io/acme/app/${file}`)));
		expect(titles).toEqual([
			// 2.0.0-rc.1 is a pre-release and sha-3f2a9c1 no version: shields' rules pick 1.10.0.
			'version: v1.10.0',
			// amd64: three layers and the config, as a pull downloads them (the attestations are not a platform).
			'image size: 40.6 MiB',
			'image size: 37.2 MiB',
			'image size: 32.4 MiB',
			'platforms: amd64 | arm/v7 | arm64/v8',
			// latest has no created annotation: the amd64 config's `created`.
			'last updated: 2026-11-20',
			'last updated: 2026-10-01',
			'image size: 40.6 MiB',
			'last updated: 2026-11-20',
		]);
		expect(await Promise.all(['version', 'size', 'platforms'].map(async file => run.title(`ghcr.io/acme/tool/${file}`)))).toEqual([
			'version: v0.4.2',
			'image size: 5 MiB',
			'platforms: amd64',
		]);

		// One probe; per image one token and one tag page. acme/app: latest's index, its three platform
		// manifests (amd64 serves both size and date), 1.9.0's index and amd64 manifest, sha-3f2a9c1's
		// index (its amd64 manifest and config are latest's, already read), and two config blobs, each
		// redirected to storage. acme/tool: its one manifest and its config (for the platform).
		expect(countsOf(ghcr)).toEqual({probe: 1, tokens: 2, tagPages: 1, manifests: 7, blobs: 2, storage: 3});
		expect(ghcr.count('/v2/acme/tool/manifests/')).toBe(1);
		expect(ghcr.count('/v2/acme/tool/blobs/')).toBe(1);
		// No attestation manifest was read, and nothing twice.
		const paths = ghcr.requests.map(request => `${request.server} ${request.path.replace(/\?sig=.*/, '')}`);
		expect(new Set(paths).size).toBe(paths.length);
		// Docker Hub is not asked anything, not even a login: no image of the build is on it.
		expect(hub.requests).toEqual([]);
		expect(run.stdout).toContain(`Requests: ${ghcr.requests.length} `);
		expect(run.stderr).toContain(`100% 2/2 images, ${ghcr.requests.length} requests`);
		expect(run.stdout).toContain(`Requests by registry: Docker Hub 0, ghcr.io ${ghcr.requests.length}.`);

		const manifest = JSON.parse(await run.read('badges.json')) as {sources: unknown; images: Array<{image: string; description: string | null}>};
		expect(manifest.sources).toEqual({dockerhub: hub.url, registries: {'ghcr.io': ghcr.url}});
		// The card links to the image's own address (GHCR's package page), not to Docker Hub.
		expect(await run.read('index.html')).toContain('<a class="hub" href="https://ghcr.io/acme/app">ghcr.io</a>');
		expect(await run.read('index.json')).toContain('"hub":"https://ghcr.io/acme/app","hubName":"ghcr.io"');
		expect(manifest.images.map(image => [image.image, image.description])).toEqual([
			['ghcr.io/acme/app', 'Acme app 1.10.0'],
			['ghcr.io/acme/tool', null],
		]);
	});

	it('follows the tag list’s Link pages for the highest version', async () => {
		const hub = await fakeHubForTest();
		const ghcr = await fakeOciForTest({tagsPageSize: 2});
		const run = await runBuild({hub, config: 'images:\n  - image: ghcr.io/acme/app\n    badges: [version]\n', env: {REGISTRY_URL_GHCR_IO: ghcr.url}, options: {now}});
		expect(await run.title('ghcr.io/acme/app/version')).toBe('version: v1.10.0');
		// Five tags, two a page.
		expect(countsOf(ghcr)).toMatchObject({probe: 1, tokens: 1, tagPages: 3, manifests: 0});
	});

	it('says which tag or repository is not there', async () => {
		const hub = await fakeHubForTest();
		const ghcr = await fakeOciForTest();
		const run = await runBuild({
			hub,
			config: 'images:\n  - image: ghcr.io/acme/app\n    badges: [{kind: size, tag: "9.9"}, {kind: size, arch: s390x}]\n  - image: ghcr.io/acme/gone\n    badges: [version]\n',
			env: {REGISTRY_URL_GHCR_IO: ghcr.url},
			options: {now},
		});
		expect(run.code).toBe(1);
		expect(await run.title('ghcr.io/acme/app/size-9.9')).toBe('image size: tag not found');
		expect(await run.title('ghcr.io/acme/app/size-s390x')).toBe('image size: architecture not found');
		expect(await run.title('ghcr.io/acme/gone/version')).toBe('version: repo not found');
		// The advice names the registry's credentials, not Docker Hub's.
		expect(run.stdout).toContain('error ghcr.io/acme/gone version: repo not found (ghcr.io answered 404 (repository name not known to registry);');
		expect(run.stdout).toContain('check the image name; for a private repository set GHCR_TOKEN)');
		expect(run.stdout).not.toContain('DOCKERHUB');
		// A tag missing from the whole list is not asked for.
		expect(ghcr.count('/v2/acme/app/manifests/9.9')).toBe(0);
	});
});

describe('a registry that misbehaves', () => {
	it('gets one fresh token when it answers 401 to a token it issued', async () => {
		const hub = await fakeHubForTest();
		const ghcr = await fakeOciForTest();
		ghcr.fault('registry', '/v2/acme/app/tags/list', {status: 401, body: '{"errors":[{"code":"UNAUTHORIZED","message":"token expired"}]}'}, 1);
		const run = await runBuild({hub, config: 'images:\n  - image: ghcr.io/acme/app\n    badges: [version]\n', env: {REGISTRY_URL_GHCR_IO: ghcr.url}, options: {now}});
		expect(await run.title('ghcr.io/acme/app/version')).toBe('version: v1.10.0');
		expect(countsOf(ghcr)).toMatchObject({probe: 1, tokens: 2, tagPages: 2});
	});

	it('sends a Link that is not a URL: that image’s list is partial, the build goes on', async () => {
		const hub = await fakeHubForTest();
		const ghcr = await fakeOciForTest();
		ghcr.fault('registry', '/v2/acme/app/tags/list', {status: 200, body: '{"tags":["1.0.0"]}', headers: {link: '<http://[::1>; rel="next"'}});
		const run = await runBuild({hub, config: 'images:\n  - image: ghcr.io/acme/app\n    badges: [version]\n  - image: nginx\n    badges: [pulls]\n', env: {REGISTRY_URL_GHCR_IO: ghcr.url}, options: {now, allowErrors: true, hubTuning: hangingTuning}});
		expect(run.code).toBe(0);
		expect(await run.title('ghcr.io/acme/app/version')).toBe('version: inaccessible');
		expect(run.stdout).toContain('ghcr.io sent a link that is not a URL');
		expect(await run.title('library/nginx/pulls')).toMatch(/^docker pulls: /);
	});

	it('fails a tag whose manifest is unavailable for the badges that read it: they keep their last good values', async () => {
		const hub = await fakeHubForTest();
		const ghcr = await fakeOciForTest();
		const config = 'images:\n  - image: ghcr.io/acme/tool\n    badges: [size, updated]\n  - image: ghcr.io/acme/app\n    badges: [version, {kind: size, tag: 1.9.0}]\n';
		const env = {REGISTRY_URL_GHCR_IO: ghcr.url};
		const first = await runBuild({hub, config, env, options: {now}});
		expect(first.code).toBe(0);
		// acme/tool's only tag (no `latest`: the default is its highest version), and one named tag of acme/app.
		ghcr.fault('registry', '/v2/acme/tool/manifests/', {status: 503});
		ghcr.fault('registry', '/v2/acme/app/manifests/1.9.0', {status: 503});
		const second = await runBuild({hub, config, env, directory: first.root, options: {now}});
		expect(second.code).toBe(0);
		expect(await second.title('ghcr.io/acme/tool/size')).toBe('image size: 5 MiB');
		expect(await second.title('ghcr.io/acme/tool/updated')).toBe(await first.title('ghcr.io/acme/tool/updated'));
		expect(await second.title('ghcr.io/acme/app/size-1.9.0')).toBe(await first.title('ghcr.io/acme/app/size-1.9.0'));
		expect(second.stdout).toMatch(/stale ghcr\.io\/acme\/tool size: kept "5 MiB"/);
		expect(second.stdout).toMatch(/stale ghcr\.io\/acme\/tool updated: kept/);
		// Five tags, one of them unread: counted once.
		expect(second.stdout).toContain('only 4 of 5 tags could be read');
		expect(second.stdout).not.toMatch(/tag not found|no valid/);
	});

	it('says what a redirect did: one where none is followed, or a blob’s past the third', async () => {
		const hub = await fakeHubForTest();
		const ghcr = await fakeOciForTest();
		ghcr.fault('registry', '/v2/acme/app/manifests/latest', {status: 302, headers: {location: '/elsewhere'}});
		ghcr.fault('storage', '/blobs/', {status: 307, headers: {location: `${ghcr.storageUrl}/blobs/again`}});
		const run = await runBuild({hub, config: 'images:\n  - image: ghcr.io/acme/app\n    badges: [size]\n  - image: ghcr.io/acme/tool\n    badges: [updated]\n', env: {REGISTRY_URL_GHCR_IO: ghcr.url}, options: {now, allowErrors: true}});
		expect(run.stdout).toContain('ghcr.io answered 302, a redirect, where none is followed');
		expect(run.stdout).toContain('ghcr.io redirected a blob more than 3 times');
		expect(run.stdout).not.toContain('more than 3 redirects');
		expect(ghcr.count('/blobs/', 'storage')).toBe(3);
	});

	it('gives a token too short to be one: refused as invalid, never redacted from every message', async () => {
		const hub = await fakeHubForTest();
		const ghcr = await fakeOciForTest();
		ghcr.fault('registry', '/token', {status: 200, body: '{"token":"e"}'});
		const run = await runBuild({hub, config: 'images:\n  - image: ghcr.io/acme/app\n    badges: [version]\n', env: {REGISTRY_URL_GHCR_IO: ghcr.url}, options: {now, allowErrors: true}});
		expect(await run.title('ghcr.io/acme/app/version')).toBe('version: inaccessible');
		expect(run.stdout).toContain('the token realm of ghcr.io gave no usable token');
		// The short token never went to the registry.
		expect(ghcr.count('/v2/acme/')).toBe(0);
	});

	it('sends more tag names than asked for: 20,000 are read, and the note does not call the rest older', async () => {
		const hub = await fakeHubForTest();
		const ghcr = await fakeOciForTest();
		const tags = Array.from({length: 25_000}, (_, index) => `1.0.${index}`);
		ghcr.fault('registry', '/v2/acme/app/tags/list', {status: 200, body: JSON.stringify({tags}), headers: {link: '</v2/acme/app/tags/list?n=1000&last=more>; rel="next"'}});
		const run = await runBuild({hub, config: 'images:\n  - image: ghcr.io/acme/app\n    badges: [version]\n', env: {REGISTRY_URL_GHCR_IO: ghcr.url}, options: {now}});
		expect(run.code).toBe(0);
		expect(await run.title('ghcr.io/acme/app/version')).toBe('version: v1.0.19999');
		expect(await run.read('badges.json')).toContain('the highest version among the first 20000 tags the registry lists; the rest are not read');
		expect(countsOf(ghcr).tagPages).toBe(1);
	});

	it('sends a Link back to a page already read: the list ends there, whole', async () => {
		const hub = await fakeHubForTest();
		const ghcr = await fakeOciForTest();
		ghcr.fault('registry', '/v2/acme/app/tags/list', {status: 200, body: '{"tags":["1.0.0","latest"]}', headers: {link: `<${ghcr.url}/v2/acme/app/tags/list?n=1000>; rel="next"`}});
		const run = await runBuild({hub, config: 'images:\n  - image: ghcr.io/acme/app\n    badges: [version]\n', env: {REGISTRY_URL_GHCR_IO: ghcr.url}, options: {now}});
		expect(await run.title('ghcr.io/acme/app/version')).toBe('version: v1.0.0');
		expect(await run.read('badges.json')).not.toContain('not read');
		expect(countsOf(ghcr).tagPages).toBe(1);
	});

	it('that never answers is given up on within the request bounds; the build finishes and the badge is inaccessible', {timeout: 20_000}, async () => {
		const hub = await fakeHubForTest();
		const ghcr = await fakeOciForTest();
		ghcr.fault('registry', '/v2/acme/app/tags/list', 'hang');
		const run = await runBuild({hub, config: 'images:\n  - image: ghcr.io/acme/app\n    badges: [version]\n', env: {REGISTRY_URL_GHCR_IO: ghcr.url}, options: {now, allowErrors: true, hubTuning: hangingTuning}});
		expect(run.code).toBe(0);
		expect(await run.title('ghcr.io/acme/app/version')).toBe('version: inaccessible');
		// Three tries, each ended by the exchange bound, then no more.
		expect(countsOf(ghcr).tagPages).toBe(3);
		expect(run.stdout).toContain('ghcr.io did not answer');
	});
});

describe('credentials for another registry', () => {
	it('go to the registry’s own token realm, and open a private repository', async () => {
		const hub = await fakeHubForTest();
		const ghcr = await fakeOciForTest({users: [{username: 'dockerhub-badges', secret: ghcrToken}]});
		const run = await runBuild({hub, config: 'images:\n  - image: ghcr.io/acme/secret\n    badges: [version]\n', env: {REGISTRY_URL_GHCR_IO: ghcr.url, GHCR_TOKEN: ghcrToken}, options: {now}});
		expect(await run.title('ghcr.io/acme/secret/version')).toBe('version: latest');
		const basic = `Basic ${Buffer.from(`dockerhub-badges:${ghcrToken}`).toString('base64')}`;
		expect(ghcr.requests.filter(request => request.authorization === basic).map(request => request.path.split('?')[0])).toEqual(['/token']);
	});

	it('never go to a realm or a blob store on another origin, nor to Docker Hub; no secret or token lands in the output', async () => {
		const hub = await fakeHubForTest();
		const ghcr = await fakeOciForTest({realm: 'other-origin', users: [{username: 'dockerhub-badges', secret: ghcrToken}]});
		const run = await runBuild({
			hub,
			config: 'images:\n  - nginx\n  - image: ghcr.io/acme/app\n    badges: [updated]\n  - image: ghcr.io/acme/secret\n    badges: [version]\n',
			env: {REGISTRY_URL_GHCR_IO: ghcr.url, GHCR_TOKEN: ghcrToken},
			options: {now, allowErrors: true},
		});
		expect(await run.title('ghcr.io/acme/app/updated')).toBe('last updated: 2026-11-20');
		// Without the credentials the realm's token does not open it: it is not the registry's origin.
		expect(await run.title('ghcr.io/acme/secret/version')).toBe('version: inaccessible');
		const realm = ghcr.requests.filter(request => request.server === 'realm');
		expect(realm.length).toBe(2);
		expect(realm.every(request => request.authorization === undefined)).toBe(true);
		expect(ghcr.requests.filter(request => request.server === 'storage').every(request => request.authorization === undefined)).toBe(true);
		expect(ghcr.requests.filter(request => request.server === 'registry').every(request => request.authorization === undefined || request.authorization.startsWith('Bearer realm-token-'))).toBe(true);
		expect(hub.requests.every(request => !request.authorization?.includes('realm-token') && !request.authorization?.startsWith('Basic'))).toBe(true);

		const written = [run.stdout, run.stderr, await run.read('badges.json'), await run.read('index.html')].join('\n');
		for (const secret of [ghcrToken, ...ghcr.issuedTokens]) {
			expect(written).not.toContain(secret);
		}
	});

	it('of a registry that asks for Basic go with every request to it, and only to it', async () => {
		const hub = await fakeHubForTest();
		const registry = await fakeOciForTest({realm: 'basic', users: [{username: 'robot', secret: 'pw-0123456789'}]});
		const run = await runBuild({
			hub,
			config: 'images:\n  - image: registry.example.com:5000/acme/app\n    badges: [version, updated]\n',
			env: {REGISTRY_URL_REGISTRY_EXAMPLE_COM_5000: registry.url, REGISTRY_REGISTRY_EXAMPLE_COM_5000_USERNAME: 'robot', REGISTRY_REGISTRY_EXAMPLE_COM_5000_PASSWORD: 'pw-0123456789'},
			options: {now},
		});
		expect(await run.title('registry.example.com:5000/acme/app/version')).toBe('version: v1.10.0');
		expect(await run.title('registry.example.com:5000/acme/app/updated')).toBe('last updated: 2026-11-20');
		const basic = `Basic ${Buffer.from('robot:pw-0123456789').toString('base64')}`;
		// The probe learns it asks for Basic; then every request to the registry carries it, none to its storage.
		expect(registry.requests.map(request => [request.server, request.authorization === basic])).toEqual([
			['registry', false],
			['registry', true],
			['registry', true],
			['registry', true],
			['registry', true],
			['storage', false],
		]);
		expect(run.stdout).not.toContain('pw-0123456789');
	});

	it('that the registry refuses stop the build with exit 2 before anything is written', async () => {
		const hub = await fakeHubForTest();
		const ghcr = await fakeOciForTest({users: [{username: 'dockerhub-badges', secret: 'the-right-one'}]});
		const run = await runBuild({hub, config: 'images:\n  - image: ghcr.io/acme/app\n    badges: [version]\n', env: {REGISTRY_URL_GHCR_IO: ghcr.url, GHCR_TOKEN: ghcrToken}, options: {now}});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('ghcr.io refused the credentials for acme/app (401); check GHCR_TOKEN');
		expect(run.stderr).not.toContain(ghcrToken);
		await expect(readFile(path.join(run.out, 'badges.json'))).rejects.toThrow();
	});

	it('that the realm took once, refused for one repository, fail that image alone, naming the host’s variables', async () => {
		const hub = await fakeHubForTest();
		const registry = await fakeOciForTest({users: [{username: 'robot', secret: 'pw-0123456789'}]});
		registry.fault('registry', '/token?service=fake-registry&scope=repository%3Aacme%2Ftool%3A', {status: 403, body: '{"errors":[{"code":"DENIED","message":"denied"}]}'});
		const config = 'images:\n  - image: reg.example.com/acme/app\n    badges: [version]\n  - image: reg.example.com/acme/tool\n    badges: [version]\n  - image: nginx\n    badges: [pulls]\n';
		const env = {REGISTRY_URL_REG_EXAMPLE_COM: registry.url, REGISTRY_REG_EXAMPLE_COM_USERNAME: 'robot', REGISTRY_REG_EXAMPLE_COM_PASSWORD: 'pw-0123456789'};
		const run = await runBuild({hub, config, env, options: {now}});
		expect(run.code).toBe(1);
		expect(await run.title('reg.example.com/acme/app/version')).toBe('version: v1.10.0');
		expect(await run.title('reg.example.com/acme/tool/version')).toBe('version: inaccessible');
		expect(await run.title('library/nginx/pulls')).toMatch(/^docker pulls: /);
		expect(run.stdout).toContain('reg.example.com refused a token for acme/tool (403): check that REGISTRY_REG_EXAMPLE_COM_USERNAME and REGISTRY_REG_EXAMPLE_COM_PASSWORD can read it');

		// Refused at their first use, the credentials themselves stop the build, named as they are set.
		const refused = await runBuild({hub, config, env: {...env, REGISTRY_REG_EXAMPLE_COM_PASSWORD: 'wrong-0123456789'}, options: {now}});
		expect(refused.code).toBe(2);
		expect(refused.stderr).toContain('reg.example.com refused the credentials for acme/');
		expect(refused.stderr).toContain('check REGISTRY_REG_EXAMPLE_COM_USERNAME and REGISTRY_REG_EXAMPLE_COM_PASSWORD');
		expect(refused.stderr).not.toContain('<HOST>');
	});

	it('refuses an origin override that is not https off this machine with exit 2, asking nothing', async () => {
		const hub = await fakeHubForTest();
		const run = await runBuild({hub, config: 'images:\n  - nginx\n  - ghcr.io/acme/app\n', env: {REGISTRY_URL_GHCR_IO: 'http://ghcr.example'}, options: {now}});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('REGISTRY_URL_GHCR_IO must use https (plain http only for this machine): http://ghcr.example');
		expect(hub.requests).toEqual([]);
	});
});

describe('Docker Hub and GHCR in one build', () => {
	it('keeps each registry’s last good values when it fails, and only from the same origin', async () => {
		const hub = await fakeHubForTest();
		const ghcr = await fakeOciForTest();
		const config = 'images:\n  - image: nginx\n    badges: [pulls]\n  - image: ghcr.io/acme/app\n    badges: [version, size]\n';
		const env = {REGISTRY_URL_GHCR_IO: ghcr.url};
		const first = await runBuild({hub, config, env, options: {now}});
		expect(first.code).toBe(0);
		const directory = first.root;
		expect(first.stdout).toContain(`Requests by registry: Docker Hub ${hub.requests.length}, ghcr.io ${ghcr.requests.length}.`);
		// Docker Hub: the login and nginx's repository; ghcr.io: probe, token, tag page, index, amd64 manifest.
		expect([hub.requests.length, ghcr.requests.length]).toEqual([2, 5]);

		ghcr.fault('registry', '/v2/acme/app/tags/list', {status: 503});
		const ghcrDown = await runBuild({hub, config, env, directory, options: {now}});
		expect(ghcrDown.code).toBe(0);
		expect(await ghcrDown.title('ghcr.io/acme/app/version')).toBe('version: v1.10.0');
		expect(await ghcrDown.title('library/nginx/pulls')).toBe(await first.title('library/nginx/pulls'));
		expect(ghcrDown.stdout).toMatch(/stale ghcr\.io\/acme\/app version: kept "v1\.10\.0"/);
		ghcr.clearFaults();

		hub.fault('/v2/namespaces/library/repositories/nginx', 'status-503');
		const hubDown = await runBuild({hub, config, env, directory, options: {now}});
		expect(hubDown.code).toBe(0);
		expect(hubDown.stdout).toMatch(/stale library\/nginx pulls/);
		expect(hubDown.stdout).not.toMatch(/stale ghcr/);
		hub.clearFaults();

		// The same host, another origin: its previous values are not this origin's to stand behind.
		const mirror = await fakeOciForTest();
		mirror.fault('registry', '/v2/acme/app/tags/list', {status: 503});
		const moved = await runBuild({hub, config, env: {REGISTRY_URL_GHCR_IO: mirror.url}, directory, options: {now, allowErrors: true}});
		expect(moved.stderr).toContain('of ghcr.io were fetched from another origin than this build\'s; not used for those images');
		expect(await moved.title('ghcr.io/acme/app/version')).toBe('version: inaccessible');
		expect(moved.stdout).not.toMatch(/stale library\/nginx/);

		// Without the GHCR image, its previous badges are simply not used: nothing to warn about.
		const dockerHubOnly = await runBuild({hub, config: 'images:\n  - image: nginx\n    badges: [pulls]\n', directory, options: {now}});
		expect(dockerHubOnly.stderr).not.toContain('another origin');
	});
});

describe('badges a registry cannot show', () => {
	it.each([
		['pulls', 'images:\n  - image: ghcr.io/acme/app\n    badges:\n      - version\n      - pulls\n', 'badges.yml:5:9: images[0].badges[1]: pulls badge: ghcr.io has no pull or star counts'],
		['stars', 'images:\n  - image: ghcr.io/acme/app\n    badges: [{kind: stars}]\n', 'badges.yml:3:14: images[0].badges[0]: stars badge: ghcr.io has no pull or star counts'],
		['a chart', 'images:\n  - image: ghcr.io/acme/app\n    badges: [version, chart]\n', 'badges.yml:3:23: images[0].badges[1]: chart badge: ghcr.io has no pull or star counts'],
		['a version by date', 'images:\n  - image: registry.example.com:5000/team/app\n    badges:\n      - kind: version\n        sort: date\n', 'badges.yml:4:9: images[0].badges[0]: version badge: sort: date is not offered on registry.example.com:5000: tag lists carry no push dates'],
		['a version of a tag', 'images:\n  - image: ghcr.io/acme/app\n    badges:\n      - {kind: version, tag: latest}\n', 'badges.yml:4:9: images[0].badges[0]: version badge: tag on a version badge is not offered on ghcr.io'],
		['a wildcard', 'images:\n  - ghcr.io/acme/*\n', 'badges.yml:2:5: images[0].image: "ghcr.io/acme/*": namespace wildcards list a Docker Hub namespace'],
		['a group member', 'images:\n  - nginx\n  - ghcr.io/acme/app\ngroups:\n  - name: all\n    images: [nginx, ghcr.io/acme/app]\n', 'badges.yml:6:21: ghcr.io/acme/app: a group adds up pulls and stars, and ghcr.io counts neither'],
		['only pulls and stars by default', 'defaults:\n  badges: [pulls, stars]\nimages:\n  - ghcr.io/acme/app\n', 'badges.yml:4:5: ghcr.io/acme/app: ghcr.io can show none of defaults.badges'],
	])('refuses %s at file:line:col, saying why', (_name, text, expected) => {
		expect(configProblems(text)).toContain(expected);
	});

	it('gives an image the default badges its registry can show, its version sorted by semver in the usual file', async () => {
		const check = await runCheck('images:\n  - nginx\n  - ghcr.io/acme/app\n');
		expect(check.code).toBe(0);
		expect(check.stdout).toContain('ghcr.io/acme/app: badges/ghcr.io/acme/app/version.svg, badges/ghcr.io/acme/app/size.svg, badges/ghcr.io/acme/app/updated.svg, badges/ghcr.io/acme/app/platforms.svg');
		expect(check.stdout).toContain('Planned requests to Docker Hub: 2, plus one login with credentials.');
		expect(check.stdout).toContain('ghcr.io: 4 more requests at least, and 1 of its images more');
		expect(check.stdout).toContain('ghcr.io speaks the OCI Distribution API: it shows version (the highest by semver), size, updated and platforms; not pulls or stars');
	});

	it('plans no Docker Hub login for a build of other registries alone', async () => {
		const check = await runCheck('images:\n  - image: ghcr.io/acme/app\n    badges: [version]\n');
		expect(check.stdout).toContain('Planned requests to Docker Hub: 0.');
		// The probe, the token and the tag page.
		expect(check.stdout).toContain('ghcr.io: 3 more requests at least.');
	});
});
