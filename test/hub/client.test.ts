import {createServer, type IncomingHttpHeaders} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {repositorySchema} from '../../src/fetchers/schemas.ts';
import {HubClient, type HubClientOptions} from '../../src/hub/client.ts';
import {HubError} from '../../src/hub/errors.ts';
import {generateRepositories} from '../fake-hub/fixtures.ts';
import {startFakeHub, type FakeHub, type FakeHubOptions} from '../fake-hub/server.ts';
import {demoUser} from '../helpers/run-build.ts';

const repositories = generateRepositories({namespaces: 1, perNamespace: 40});
const paths = repositories.map(repository => `/v2/namespaces/${repository.namespace}/repositories/${repository.name}`);

let hub: FakeHub;
let client: HubClient;
afterEach(async () => {
	await client?.close();
	await hub?.close();
});

async function setUp(hubOptions: FakeHubOptions, clientOptions: Partial<HubClientOptions> = {}) {
	hub = await startFakeHub({repositories, users: [demoUser], ...hubOptions});
	client = new HubClient({baseUrl: hub.url, concurrency: 4, retryBaseMs: 5, ...clientOptions});
}

async function failureOf(promise: Promise<unknown>): Promise<HubError> {
	const error = await promise.then(
		() => undefined,
		(error_: unknown) => error_,
	);
	expect(error).toBeInstanceOf(HubError);
	return error as HubError;
}

describe('HubClient against the fake hub', () => {
	it('meets no 429 at all when the hub advertises its limit', async () => {
		await setUp({rateLimit: {limit: 12, windowSeconds: 1}});
		await Promise.all(paths.map(async path => client.getJson(path, repositorySchema)));
		expect(hub.tooManyRequests).toBe(0);
		expect(client.stats.tooManyRequests).toBe(0);
		expect(hub.count()).toBe(40);
		expect(client.stats.rateLimitWaitMs).toBeGreaterThan(0);
	});

	it('waits for Retry-After (seconds) after a 429, then succeeds', async () => {
		await setUp({});
		hub.fault(paths[0]!, 'status-429', 1);
		const startedAt = Date.now();
		const repository = await client.getJson(paths[0]!, repositorySchema);
		expect(repository.name).toBe('repo0000');
		expect(Date.now() - startedAt).toBeGreaterThanOrEqual(950);
		expect(client.stats).toMatchObject({tooManyRequests: 1, retries: 0, requests: 2});
	});

	it('waits for X-Retry-After (a unix time) when the hub sends that form', async () => {
		await setUp({rateLimit: {limit: 2, windowSeconds: 1, advertise: false, retryAfter: 'unix'}});
		await Promise.all(paths.slice(0, 6).map(async path => client.getJson(path, repositorySchema)));
		expect(hub.tooManyRequests).toBeGreaterThan(0);
		expect(client.stats.tooManyRequests).toBe(hub.tooManyRequests);
		expect(hub.count(request => request.status === 200)).toBe(6);
	});

	it('gives up as rate-limited after its budget of 429 waits', async () => {
		await setUp({}, {maxRateLimitRetries: 1});
		hub.fault(paths[0]!, {status: 429, headers: {'retry-after': '0'}, body: '{"detail":"Rate limit exceeded","error":false}'});
		const error = await failureOf(client.getJson(paths[0]!, repositorySchema));
		expect(error.failure).toBe('rate-limited');
		expect(error.transient).toBe(true);
		expect(hub.count()).toBe(2);
	});

	it('gives up at once, as rate-limited, when a 429 asks for a longer wait than a build should take', async () => {
		await setUp({});
		hub.fault(paths[0]!, {status: 429, headers: {'retry-after': '3600'}, body: '{"detail":"Rate limit exceeded","error":false}'});
		const error = await failureOf(client.getJson(paths[0]!, repositorySchema));
		expect(error).toMatchObject({failure: 'rate-limited', transient: true});
		expect(error.message).toContain('rate limited for 3600 s');
		expect(hub.count()).toBe(1);
	});

	it('retries a 503 twice, then takes the 200', async () => {
		await setUp({});
		hub.fault(paths[0]!, 'status-503', 2);
		await expect(client.getJson(paths[0]!, repositorySchema)).resolves.toMatchObject({name: 'repo0000'});
		expect(client.stats).toMatchObject({requests: 3, retries: 2});
	});

	it('stops after three tries of 5xx (HTML bodies included) as unavailable', async () => {
		await setUp({});
		hub.fault(paths[0]!, 'status-500-html');
		const error = await failureOf(client.getJson(paths[0]!, repositorySchema));
		expect(error).toMatchObject({failure: 'unavailable', status: 500});
		expect(hub.count()).toBe(3);
	});

	it('retries a connection reset in the middle of the body', async () => {
		await setUp({});
		hub.fault(paths[0]!, 'reset-mid-body', 1);
		await expect(client.getJson(paths[0]!, repositorySchema)).resolves.toMatchObject({name: 'repo0000'});
		expect(client.stats.retries).toBe(1);
	});

	it('times out a hung answer, retries, and reports unavailable', async () => {
		await setUp({}, {headersTimeoutMs: 100});
		hub.fault(paths[0]!, 'hang');
		const error = await failureOf(client.getJson(paths[0]!, repositorySchema));
		expect(error.failure).toBe('unavailable');
		expect(error.message).toMatch(/timeout/i);
		expect(hub.count()).toBe(3);
	});

	it.each([
		{fault: 'truncated-json' as const, message: /invalid or truncated JSON/},
		{fault: 'malformed' as const, message: /unexpected response from Docker Hub/},
		{fault: 'huge-body' as const, message: /over the 5242880-byte limit/},
	])('refuses a $fault body without retrying', async ({fault, message}) => {
		await setUp({});
		hub.fault(paths[0]!, fault);
		const error = await failureOf(client.getJson(paths[0]!, repositorySchema));
		expect(error.failure).toBe('invalid-response');
		expect(error.message).toMatch(message);
		expect(hub.count()).toBe(1);
	});

	it('does not retry a 4xx other than 401 and 429', async () => {
		await setUp({});
		hub.fault(paths[0]!, {status: 400, body: '{"message":"bad request","errinfo":{}}'});
		const error = await failureOf(client.getJson(paths[0]!, repositorySchema));
		expect(error).toMatchObject({failure: 'rejected', status: 400});
		expect(hub.count()).toBe(1);
	});

	it('follows a redirect on its own origin', async () => {
		await setUp({});
		hub.fault(`${paths[0]!}/`, {redirect: paths[1]!}, 1);
		await expect(client.getJson(`${paths[0]!}/`, repositorySchema)).resolves.toMatchObject({name: 'repo0001'});
	});

	it('never follows a redirect to another host, so the token never reaches it', async () => {
		const seen: IncomingHttpHeaders[] = [];
		const other = createServer((request, response) => {
			seen.push(request.headers);
			response.end('{}');
		});
		await new Promise<void>(resolve => other.listen(0, '127.0.0.1', resolve));
		try {
			await setUp({}, {credentials: demoUser});
			const elsewhere = `http://127.0.0.1:${(other.address() as AddressInfo).port}/steal`;
			hub.fault(paths[0]!, {redirect: elsewhere});
			const error = await failureOf(client.getJson(paths[0]!, repositorySchema));
			expect(error.failure).toBe('invalid-response');
			expect(error.message).toContain('not followed');
			expect(seen).toEqual([]);
		} finally {
			other.close();
		}
	});

	it('fails the request, not the build, on a redirect to an address that is not a URL', async () => {
		await setUp({});
		hub.fault(paths[0]!, {redirect: 'http://[::1'});
		const error = await failureOf(client.getJson(paths[0]!, repositorySchema));
		expect(error).toMatchObject({failure: 'invalid-response', message: 'Docker Hub sent a redirect that is not a URL'});
		await expect(client.getJson(paths[1]!, repositorySchema)).resolves.toMatchObject({name: 'repo0001'});
	});

	it('fails a link that is not a URL as invalid-response, sending nothing', async () => {
		await setUp({});
		const error = await failureOf(client.exchange('http://[::1/v2/', {}));
		expect(error).toMatchObject({failure: 'invalid-response', message: 'Docker Hub sent a link that is not a URL'});
		expect(hub.count()).toBe(0);
	});

	it('counts redirects: four are too many, one read where none is followed is just that', async () => {
		await setUp({});
		hub.fault(paths[0]!, {redirect: paths[0]!});
		expect((await failureOf(client.getJson(paths[0]!, repositorySchema))).message).toBe('more than 3 redirects');
		expect(hub.count()).toBe(4);
		hub.clearFaults();
		hub.fault(paths[1]!, {redirect: paths[2]!}, 1);
		const error = await failureOf(client.exchange(paths[1]!, {}).then(answer => client.parse(answer, repositorySchema)));
		expect(error.message).toBe('Docker Hub answered 302, a redirect, where none is followed');
	});

	it('shares one login between concurrent requests', async () => {
		await setUp({}, {credentials: demoUser});
		await Promise.all(paths.map(async path => client.getJson(path, repositorySchema)));
		expect(hub.logins).toBe(1);
		expect(client.stats.logins).toBe(1);
	});

	it(
		'logs in again before the token expires in a long build, never by meeting a 401, at most once per 10 s',
		async () => {
			// Tokens live 65 s: due for renewal after 5 s, but never more than one login per 10 s.
			// 30 requests × 500 ms one at a time take 15 s.
			await setUp({tokenLifetimeSeconds: 65, latencyMs: 500}, {credentials: demoUser, concurrency: 1});
			const startedAt = Date.now();
			for (const path of paths.slice(0, 30)) {
				await client.getJson(path, repositorySchema);
			}
			expect(hub.count(request => request.status === 401)).toBe(0);
			expect(hub.logins).toBeGreaterThanOrEqual(2);
			expect(hub.logins).toBeLessThanOrEqual(1 + Math.floor((Date.now() - startedAt) / 10_000));
			expect(client.stats.logins).toBe(hub.logins);
		},
		40_000,
	);
});
