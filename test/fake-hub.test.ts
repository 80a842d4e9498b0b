import {decodeJwt} from 'jose';
import {request} from 'undici';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {demoRepositories, generateRepositories} from './fake-hub/fixtures.ts';
import {startFakeHub} from './fake-hub/server.ts';
import type {FakeHub, FakeHubOptions} from './fake-hub/server.ts';

const CREDENTIALS = {identifier: 'demo', secret: 'dckr_pat_demo'};

async function call(hub: FakeHub, path: string, init: {token?: string; method?: 'GET' | 'POST'; body?: unknown} = {}) {
	const headers: Record<string, string> = {};
	if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
	if (init.body !== undefined) headers['content-type'] = 'application/json';
	const res = await request(hub.url + path, {
		method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
		headers,
		body: init.body === undefined ? undefined : JSON.stringify(init.body),
	});
	const text = await res.body.text();
	const isJson = String(res.headers['content-type']).startsWith('application/json');
	return {status: res.statusCode, headers: res.headers, text, body: isJson ? (JSON.parse(text) as Record<string, any>) : undefined};
}

async function login(hub: FakeHub): Promise<string> {
	const {body} = await call(hub, '/v2/auth/token', {body: CREDENTIALS});
	return body?.access_token as string;
}

/** A hub for the duration of one describe block. */
function useHub(options?: FakeHubOptions): () => FakeHub {
	let hub: FakeHub | undefined;
	beforeAll(async () => {
		hub = await startFakeHub(options);
	});
	afterAll(() => hub?.close());
	return () => hub!;
}

describe('login', () => {
	const hub = useHub({tokenLifetimeSeconds: 120});

	it('issues a JWT on the current route', async () => {
		const {status, body} = await call(hub(), '/v2/auth/token', {body: CREDENTIALS});
		expect(status).toBe(200);
		const claims = decodeJwt(body?.access_token);
		expect(claims.sub).toBe('demo');
		expect(claims.exp! - claims.iat!).toBe(120);
		expect(claims.jti).toBeTypeOf('string');
	});

	it('issues a JWT on the legacy route', async () => {
		const {status, body} = await call(hub(), '/v2/users/login', {body: {username: 'demo', password: 'dckr_pat_demo'}});
		expect(status).toBe(200);
		expect(decodeJwt(body?.token).sub).toBe('demo');
	});

	it('refuses bad credentials', async () => {
		const before = hub().logins;
		const {status, body} = await call(hub(), '/v2/auth/token', {body: {identifier: 'demo', secret: 'wrong'}});
		expect(status).toBe(401);
		expect(body).toEqual({detail: 'Incorrect authentication credentials'});
		expect(hub().logins).toBe(before);
	});

	it('refuses a revoked, forged or badly sent token', async () => {
		const token = await login(hub());
		expect((await call(hub(), '/v2/namespaces/library/repositories/nginx', {token})).status).toBe(200);
		const lowercase = await request(`${hub().url}/v2/namespaces/library/repositories/nginx`, {headers: {authorization: `bearer ${token}`}});
		await lowercase.body.dump();
		expect(lowercase.statusCode).toBe(401);
		expect((await call(hub(), '/v2/namespaces/library/repositories/nginx', {token: `${token}x`})).status).toBe(401);

		hub().revokeTokens();
		const revoked = await call(hub(), '/v2/namespaces/library/repositories/nginx', {token});
		expect(revoked.status).toBe(401);
		expect(revoked.body).toEqual({detail: 'Invalid authentication credentials'});
		expect((await call(hub(), '/v2/namespaces/library/repositories/nginx', {token: await login(hub())})).status).toBe(200);
	});
});

describe('legacy login only', () => {
	const hub = useHub({legacyLoginOnly: true});

	it('answers 404 on the current route and 200 on the legacy one', async () => {
		const current = await call(hub(), '/v2/auth/token', {body: CREDENTIALS});
		expect(current.status).toBe(404);
		expect(current.body).toEqual({message: 'object not found', errinfo: {}});
		expect((await call(hub(), '/v2/users/login', {body: {username: 'demo', password: 'dckr_pat_demo'}})).status).toBe(200);
		expect(hub().logins).toBe(1);
	});
});

describe('repositories and tags', () => {
	const hub = useHub();

	it('hides a private repository from anonymous requests', async () => {
		const anonymous = await call(hub(), '/v2/namespaces/myorg/repositories/app');
		expect(anonymous.status).toBe(404);
		expect(anonymous.body).toEqual({message: 'object not found', errinfo: {}});
		expect((await call(hub(), '/v2/namespaces/myorg/repositories')).body?.count).toBe(0);
		expect((await call(hub(), '/v2/namespaces/myorg/repositories/app/tags')).status).toBe(404);

		const token = await login(hub());
		const authenticated = await call(hub(), '/v2/namespaces/myorg/repositories/app', {token});
		expect(authenticated.status).toBe(200);
		expect(authenticated.body).toMatchObject({namespace: 'myorg', name: 'app', is_private: true, status: 1, status_description: 'active'});
		expect((await call(hub(), '/v2/namespaces/myorg/repositories', {token})).body?.count).toBe(1);
	});

	it('lists tags newest first, latest sharing digests with its version', async () => {
		const {status, body} = await call(hub(), '/v2/namespaces/library/repositories/nginx/tags?page_size=100&ordering=last_updated');
		expect(status).toBe(200);
		const tags = body?.results as {name: string; digest: string; full_size: number; images: {architecture: string; os: string; variant: string | null}[]}[];
		expect(tags.map((t) => t.name).slice(0, 3)).toEqual(['latest', 'mainline', '1.27.3']);
		expect(tags[0]?.digest).toBe(tags[2]?.digest);
		expect(tags[0]?.full_size).toBe(70_045_000);
		expect(tags[0]?.images).toContainEqual(expect.objectContaining({architecture: 'arm', variant: 'v7'}));
		expect(tags[0]?.images).toContainEqual(expect.objectContaining({architecture: 'unknown', os: 'unknown'}));
	});

	it('answers like Docker Hub: an index digest no image has, sometimes none, full_size 0 on old multi-arch tags, 0 to 9 fractional digits', async () => {
		const nginx = await call(hub(), '/v2/namespaces/library/repositories/nginx/tags?page_size=100');
		const tags = nginx.body?.results as {name: string; digest?: string; full_size: number; last_updated: string; images: {digest: string}[]}[];
		const latest = tags.find((t) => t.name === 'latest')!;
		expect(latest.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
		expect(latest.images.map((image) => image.digest)).not.toContain(latest.digest);
		expect(tags.find((t) => t.name === '1.25.5')?.full_size).toBe(0);
		const digits = new Set(tags.map((t) => /(?:\.(\d+))?Z$/.exec(t.last_updated)?.[1]?.length ?? 0));
		expect([...digits].sort()).toEqual([0, 1, 3, 6, 9]);

		const helloWorld = await call(hub(), '/v2/namespaces/library/repositories/hello-world/tags/nanoserver');
		expect(helloWorld.body).not.toHaveProperty('digest');
		expect(helloWorld.body?.images).toHaveLength(1);
	});

	it('has a multi-arch push under way: the newest tags lack amd64, older ones have it', async () => {
		const {body} = await call(hub(), '/v2/namespaces/acme/repositories/edge/tags?page_size=100');
		const platformsOf = (name: string) =>
			(body?.results as {name: string; images: {architecture: string}[]}[]).find((t) => t.name === name)?.images.map((image) => image.architecture);
		expect(platformsOf('latest')).toEqual(['arm64', 'unknown']);
		expect(platformsOf('2.0.0')).toEqual(['amd64', 'arm64', 'unknown', 'unknown']);
	});

	it('answers one tag, or a 404 naming it', async () => {
		const found = await call(hub(), '/v2/namespaces/library/repositories/hello-world/tags/latest');
		expect(found.body?.images).toContainEqual(expect.objectContaining({os: 'windows', os_version: '10.0.20348.2849'}));
		const missing = await call(hub(), '/v2/namespaces/library/repositories/nginx/tags/nope');
		expect(missing.status).toBe(404);
		expect(missing.body).toEqual({message: "tag 'nope' not found", errinfo: {namespace: 'library', repository: 'nginx', tag: 'nope'}});
	});

	it('answers 404 and 405 outside the API', async () => {
		expect((await call(hub(), '/v2/whatever')).body).toEqual({message: 'page not found'});
		expect((await call(hub(), '/v2/namespaces/library/repositories/nginx', {method: 'POST'})).status).toBe(405);
	});
});

describe('pushes', () => {
	const hub = useHub({repositories: generateRepositories({namespaces: 1, perNamespace: 3})});

	it('move the repository’s last_updated, in the listing and its own call, and put the tag first', async () => {
		const at = '2030-01-02T03:04:05.123456Z';
		hub().push('ns000/repo0001', {name: '9.9.9', last_updated: at, images: [{architecture: 'amd64', os: 'linux', digest: 'sha256:0', size: 1}]});
		const listing = await call(hub(), '/v2/namespaces/ns000/repositories?page_size=100');
		expect(listing.body?.results.map((repository: {last_updated: string}) => repository.last_updated === at)).toEqual([false, true, false]);
		expect((await call(hub(), '/v2/namespaces/ns000/repositories/repo0001')).body?.last_updated).toBe(at);
		const tags = await call(hub(), '/v2/namespaces/ns000/repositories/repo0001/tags?page_size=100');
		expect(tags.body?.results[0]).toMatchObject({name: '9.9.9', last_updated: at});
		expect(tags.body?.count).toBe(4);
	});
});

describe('paging', () => {
	const hub = useHub({repositories: generateRepositories({namespaces: 1, perNamespace: 25, tagsPerRepository: 11})});

	it('follows absolute next links to the last page', async () => {
		const first = await call(hub(), '/v2/namespaces/ns000/repositories?page_size=10');
		expect(first.body).toMatchObject({count: 25, previous: null, next: `${hub().url}/v2/namespaces/ns000/repositories?page=2&page_size=10`});
		const names: string[] = [];
		let next: string | null = `${hub().url}/v2/namespaces/ns000/repositories?page_size=10`;
		while (next) {
			const page = await call(hub(), next.slice(hub().url.length));
			names.push(...(page.body?.results as {name: string}[]).map((r) => r.name));
			next = page.body?.next as string | null;
		}
		expect(names).toHaveLength(25);
		expect(names[24]).toBe('repo0024');
	});

	it('answers 404 past the end and 400 for a bad page_size', async () => {
		expect((await call(hub(), '/v2/namespaces/ns000/repositories?page=4&page_size=10')).status).toBe(404);
		expect((await call(hub(), '/v2/namespaces/ns000/repositories?page_size=101')).body).toEqual({message: 'invalid page_size', errinfo: {}});
		expect((await call(hub(), '/v2/namespaces/nobody/repositories')).body).toEqual({count: 0, next: null, previous: null, results: []});
	});

	it('serves tags on the legacy path too', async () => {
		const legacy = await call(hub(), '/v2/repositories/ns000/repo0000/tags/?page_size=100');
		const current = await call(hub(), '/v2/namespaces/ns000/repositories/repo0000/tags?page_size=100');
		expect(legacy.status).toBe(200);
		expect(legacy.body).toEqual(current.body);
	});

	it('forbids anonymous paging past page 10', async () => {
		const path = '/v2/namespaces/ns000/repositories/repo0000/tags?page=11&page_size=1';
		const anonymous = await call(hub(), path);
		expect(anonymous.status).toBe(403);
		expect(anonymous.body).toEqual({message: 'forbidden', errinfo: {}});
		const authenticated = await call(hub(), path, {token: await login(hub())});
		expect(authenticated.status).toBe(200);
		expect(authenticated.body?.results[0].name).toBe('1.0.0');
	});
});

describe('legacy next links', () => {
	const hub = useHub({legacyNextLinks: true});

	it('links the next tag page on the legacy path, with page alone, as Docker Hub has been seen to', async () => {
		const first = await call(hub(), '/v2/namespaces/library/repositories/nginx/tags?page_size=10&ordering=last_updated');
		expect(first.body?.next).toBe(`${hub().url}/v2/repositories/nginx/tags/?page=2`);
		// Followed as it is, the link gets Docker Hub's default page of 10.
		const second = await call(hub(), (first.body?.next as string).slice(hub().url.length));
		expect(second.body?.results).toHaveLength(10);
		expect(second.body?.previous).toBe(`${hub().url}/v2/repositories/nginx/tags/?page=1`);
		expect((await call(hub(), '/v2/namespaces/grafana/repositories/grafana/tags?page_size=2')).body?.next).toBe(`${hub().url}/v2/repositories/grafana/grafana/tags/?page=2`);
	});
});

describe('rate limit', () => {
	// A window of an hour, so the test practically never straddles a window boundary.
	const seconds = useHub({rateLimit: {limit: 3, windowSeconds: 3600}});
	const unix = useHub({rateLimit: {limit: 1, windowSeconds: 3600, retryAfter: 'unix'}});

	it('advertises the budget and answers 429 with Retry-After once spent', async () => {
		const remaining: unknown[] = [];
		for (let i = 0; i < 3; i++) remaining.push((await call(seconds(), '/v2/namespaces/library/repositories/nginx')).headers['x-ratelimit-remaining']);
		expect(remaining).toEqual(['2', '1', '0']);

		const limited = await call(seconds(), '/v2/namespaces/library/repositories/nginx');
		expect(limited.status).toBe(429);
		expect(limited.body).toEqual({detail: 'Rate limit exceeded', error: false});
		const reset = Number(limited.headers['x-ratelimit-reset']);
		expect(reset % 3600).toBe(0);
		expect(limited.headers['x-ratelimit-remaining']).toBe('0');
		const retryAfter = Number(limited.headers['retry-after']);
		expect(retryAfter).toBeGreaterThanOrEqual(1);
		expect(retryAfter).toBeLessThanOrEqual(3600);
		expect(seconds().tooManyRequests).toBe(1);
	});

	it('can give the reset time as X-Retry-After instead', async () => {
		await call(unix(), '/v2/auth/token', {body: CREDENTIALS});
		const limited = await call(unix(), '/v2/namespaces/library/repositories/nginx');
		expect(limited.status).toBe(429);
		expect(limited.headers['x-retry-after']).toBe(limited.headers['x-ratelimit-reset']);
		expect(limited.headers['retry-after']).toBeUndefined();
	});
});

describe('faults and load', () => {
	const hub = useHub({repositories: demoRepositories()});
	const nginx = '/v2/namespaces/library/repositories/nginx';

	it('answers a fault the given number of times, then normally', async () => {
		hub().fault(nginx, 'status-503', 1);
		expect((await call(hub(), nginx)).status).toBe(503);
		expect((await call(hub(), nginx)).status).toBe(200);
		expect(hub().count(nginx)).toBe(2);
		expect(hub().requests.slice(-2).map((r) => r.status)).toEqual([503, 200]);
	});

	it('breaks the body in the ways a real network does', async () => {
		hub().fault(nginx, 'reset-mid-body', 1);
		await expect(request(hub().url + nginx).then((res) => res.body.text())).rejects.toThrow();

		hub().fault(nginx, 'truncated-json', 1);
		const truncated = await call(hub(), nginx, {}).catch((error: unknown) => error);
		expect(truncated).toBeInstanceOf(SyntaxError);

		hub().fault(/tags/, 'status-500-html', 1);
		const html = await call(hub(), `${nginx}/tags`);
		expect(html.status).toBe(500);
		expect(html.text).toMatch(/^<html>/);
	});

	it('streams a huge body', async () => {
		hub().fault(nginx, 'huge-body', 1);
		const {status, text} = await call(hub(), nginx);
		expect(status).toBe(200);
		expect(text.length).toBe(6 * 1024 * 1024);
		expect(JSON.parse(text)).toMatchObject({name: 'huge'});
	});

	it('counts requests in flight under latency', async () => {
		hub().resetCounters();
		// Long enough that all five are in before the first is answered, even on a loaded machine.
		hub().setLatency(1500);
		await Promise.all(Array.from({length: 5}, () => call(hub(), nginx)));
		hub().setLatency(0);
		expect(hub().inFlightPeak).toBe(5);
		expect(hub().inFlight).toBe(0);
	});

	// A close that waited for the hung request would never end: the test's timeout is the bound.
	it('closes with a hung request, without waiting for it', {timeout: 10_000}, async () => {
		const hung = await startFakeHub();
		hung.fault('/', 'hang');
		const pending = request(`${hung.url}${nginx}`).catch((error: unknown) => error);
		while (hung.inFlight === 0) await new Promise((resolve) => setTimeout(resolve, 5));
		await hung.close();
		expect(await pending).toBeInstanceOf(Error);
	});
});
