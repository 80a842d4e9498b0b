import {afterEach, describe, expect, it} from 'vitest';
import {repositorySchema} from '../../src/fetchers/schemas.ts';
import {HubClient, type HubClientOptions} from '../../src/hub/client.ts';
import {HubError} from '../../src/hub/errors.ts';
import {generateRepositories} from '../fake-hub/fixtures.ts';
import {startFakeHub, type Fault, type FakeHub} from '../fake-hub/server.ts';
import {demoUser} from '../helpers/run-build.ts';

// A hostile or broken Docker Hub decides how long each exchange and each wait lasts;
// these tests check that the client's own limits end every one of them.

const repositories = generateRepositories({namespaces: 1, perNamespace: 8});
const paths = repositories.map(repository => `/v2/namespaces/${repository.namespace}/repositories/${repository.name}`);

let hub: FakeHub;
let client: HubClient;
afterEach(async () => {
	await client?.abort();
	await hub?.close();
});

async function setUp(clientOptions: Partial<HubClientOptions> = {}) {
	hub = await startFakeHub({repositories, users: [demoUser]});
	client = new HubClient({baseUrl: hub.url, concurrency: 2, retryBaseMs: 5, ...clientOptions});
}

/** Every request's outcome: the repository's name, or the failure and its message. */
async function fetchAll(targets: string[]) {
	return Promise.all(
		targets.map(async path =>
			client.getJson(path, repositorySchema).then(
				repository => repository.name,
				(error: unknown) => {
					expect(error).toBeInstanceOf(HubError);
					return {failure: (error as HubError).failure, message: (error as HubError).message};
				},
			),
		),
	);
}

describe('every exchange ends', () => {
	it('gives up on a body dripped one byte at a time, though every byte comes within the idle timeout', async () => {
		// A repository body is ~300 bytes: 10 s at 30 ms a byte, were it read to the end.
		await setUp({exchangeTimeoutMs: 400, bodyTimeoutMs: 30_000});
		hub.fault(paths[0]!, {dripBodyMs: 30});
		const [outcome] = await fetchAll([paths[0]!]);
		expect(outcome).toMatchObject({failure: 'unavailable', message: expect.stringMatching(/no complete answer within 0\.4 s.*after 3 tries/)});
		expect(hub.count(paths[0]!)).toBe(3);
	}, 8000);

	it('gives up on headers that never come within the exchange deadline, whatever the idle timeouts say', async () => {
		await setUp({exchangeTimeoutMs: 200, headersTimeoutMs: 60_000});
		hub.fault(paths[0]!, 'hang');
		const [outcome] = await fetchAll([paths[0]!]);
		expect(outcome).toMatchObject({failure: 'unavailable'});
		expect(hub.count(paths[0]!)).toBe(3);
	}, 8000);

	it('bounds one request, tries and waits included', async () => {
		await setUp({callTimeoutMs: 500, exchangeTimeoutMs: 60_000, headersTimeoutMs: 60_000});
		hub.fault(paths[0]!, 'hang');
		// 100 s is under the cap on server-asked waits, but over what one request may take.
		hub.fault(paths[1]!, {retryAfter: '100'});
		const outcomes = await fetchAll(paths.slice(0, 2));
		for (const outcome of outcomes) {
			expect(outcome).toMatchObject({failure: 'unavailable', message: expect.stringMatching(/no complete answer within 0\.5 s/)});
		}
		expect(hub.count(paths[0]!)).toBe(1);
		expect(hub.count(paths[1]!)).toBe(1);
	}, 8000);

	it('counts that bound from when the request is first sent, not while it waits its turn', async () => {
		await setUp({concurrency: 1, callTimeoutMs: 400});
		hub.setLatency(150);
		// The last waits ~750 ms for its turn, each exchange takes ~150 ms.
		expect(await fetchAll(paths.slice(0, 6))).toEqual(repositories.slice(0, 6).map(repository => repository.name));
	}, 8000);
});

describe('waits the server asks for are capped', () => {
	const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
	it.each<{what: string; fault: () => Fault}>([
		{what: 'Retry-After in seconds', fault: () => ({retryAfter: '3600'})},
		{what: 'Retry-After as an HTTP date', fault: () => ({retryAfter: new Date(inAnHour() * 1000).toUTCString()})},
		{what: 'X-Retry-After as a unix time', fault: () => ({xRetryAfter: String(inAnHour())})},
		{what: 'a Retry-After too large for a timer', fault: () => ({retryAfter: '9999999999'})},
	])('$what an hour or more away: this request and every one waiting give up at once', async ({fault}) => {
		await setUp({concurrency: 1});
		hub.fault(paths[0]!, fault(), 1);
		const outcomes = await fetchAll(paths);
		// Only the first is sent; the rest would walk into the same 429.
		expect(hub.count()).toBe(1);
		for (const outcome of outcomes) {
			expect(outcome).toMatchObject({failure: 'rate-limited'});
		}
	}, 8000);

	it('gives up at once, without sending, when the budget is spent until a reset an hour away', async () => {
		await setUp({concurrency: 1});
		hub.fault(paths[0]!, {budgetResetsInSeconds: 3600}, 1);
		const outcomes = await fetchAll(paths);
		expect(outcomes[0]).toBe('repo0000');
		for (const outcome of outcomes.slice(1)) {
			expect(outcome).toMatchObject({failure: 'rate-limited', message: expect.stringMatching(/longer than a build waits/)});
		}
		expect(hub.count()).toBe(1);
	}, 8000);

	// The other garbage values are in the retryAfterMs table (pacer.test.ts).
	it.each(['99999999999999999999'])(
		'treats an overflowing Retry-After: %s as absent: a short backoff, then the answer',
		async retryAfter => {
			const warnings: Error[] = [];
			const onWarning = (warning: Error) => warnings.push(warning);
			process.on('warning', onWarning);
			try {
				await setUp({concurrency: 1});
				hub.fault(paths[0]!, {retryAfter}, 1);
				expect(await fetchAll(paths.slice(0, 3))).toEqual(['repo0000', 'repo0001', 'repo0002']);
				expect(client.stats.tooManyRequests).toBe(1);
				expect(hub.count()).toBe(4);
				expect(warnings.map(warning => warning.name)).not.toContain('TimeoutOverflowWarning');
			} finally {
				process.off('warning', onWarning);
			}
		},
		8000,
	);
});
