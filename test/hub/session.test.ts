import {setTimeout as sleep} from 'node:timers/promises';
import {afterEach, describe, expect, it} from 'vitest';
import {repositorySchema} from '../../src/fetchers/schemas.ts';
import {HubClient} from '../../src/hub/client.ts';
import {Session} from '../../src/hub/session.ts';
import {generateRepositories} from '../fake-hub/fixtures.ts';
import {startFakeHub, type FakeHub, type FakeHubOptions} from '../fake-hub/server.ts';
import {demoUser} from '../helpers/run-build.ts';

/** An unsigned JWT: the session reads `exp`, it never verifies. */
function jwt(claims: {exp?: number; jti: number}): string {
	const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
	return `${part({alg: 'HS256', typ: 'JWT'})}.${part(claims)}.signature`;
}

describe('Session: one login per token life', () => {
	const start = 1_700_000_000_000;
	// Calls for a token at these seconds after the first.
	const askedAt = [0, 1, 5, 9, 11, 30, 100, 545, 560, 700];

	it.each([
		{what: 'a 10-minute token', lifetime: 600, loginsAt: [0, 545]},
		{what: 'a token already expired at issue', lifetime: -60, loginsAt: [0]},
		{what: 'a token with 30 s left at issue', lifetime: 30, loginsAt: [0]},
		{what: 'a token with exactly the refresh margin left', lifetime: 60, loginsAt: [0]},
		{what: 'a token without exp', lifetime: undefined, loginsAt: [0]},
		// Due for renewal after 5 s, but never more than one login per 10 s.
		{what: 'a 65-second token', lifetime: 65, loginsAt: [0, 11, 30, 100, 545, 560, 700]},
	])('$what: logins at $loginsAt s', async ({lifetime, loginsAt}) => {
		let clock = start;
		const logins: number[] = [];
		const session = new Session(
			async () => {
				logins.push((clock - start) / 1000);
				return jwt({jti: logins.length, ...(lifetime === undefined ? {} : {exp: Math.floor(clock / 1000) + lifetime})});
			},
			() => clock,
		);
		for (const second of askedAt) {
			clock = start + second * 1000;
			await session.token();
		}
		expect(logins).toEqual(loginsAt);
	});

	it('logs in again at once after a 401, and only once for the token it was asked for', async () => {
		let clock = start;
		let issued = 0;
		const session = new Session(async () => jwt({jti: ++issued, exp: Math.floor(clock / 1000) + 30}), () => clock);
		const first = await session.token();
		clock += 1000;
		session.invalidate(first);
		const second = await session.token();
		session.invalidate(first);
		expect(await session.token()).toBe(second);
		expect(issued).toBe(2);
	});
});

const repositories = generateRepositories({namespaces: 1, perNamespace: 40});
const paths = repositories.map(repository => `/v2/namespaces/${repository.namespace}/repositories/${repository.name}`);

describe('HubClient logins against tokens without a usable exp', () => {
	let hub: FakeHub;
	let client: HubClient;
	afterEach(async () => {
		await client?.close();
		await hub?.close();
	});

	it.each<{what: string; tokens: FakeHubOptions}>([
		// A Docker Hub whose clock runs behind ours: the token still works for an hour.
		{what: 'expired at issue', tokens: {tokenLifetimeSeconds: -60, tokenAcceptedSeconds: 3600}},
		{what: 'with 30 s left', tokens: {tokenLifetimeSeconds: 30}},
		{what: 'without exp', tokens: {tokenLifetimeSeconds: null}},
	])('one login for 40 requests with a token $what', async ({tokens}) => {
		hub = await startFakeHub({repositories, users: [demoUser], latencyMs: 5, ...tokens});
		client = new HubClient({baseUrl: hub.url, concurrency: 4, retryBaseMs: 5, credentials: demoUser});
		for (const batch of [paths.slice(0, 20), paths.slice(20)]) {
			await Promise.all(batch.map(async path => client.getJson(path, repositorySchema)));
		}
		expect(hub.logins).toBe(1);
		expect(client.stats).toMatchObject({logins: 1, requests: 41});
	});

	it('uses such a token until Docker Hub answers 401, then logs in once more', async () => {
		hub = await startFakeHub({repositories, users: [demoUser], tokenLifetimeSeconds: 30, tokenAcceptedSeconds: 0.5});
		client = new HubClient({baseUrl: hub.url, concurrency: 1, retryBaseMs: 5, credentials: demoUser});
		for (const path of paths.slice(0, 5)) {
			await client.getJson(path, repositorySchema);
		}
		await sleep(600);
		for (const path of paths.slice(5, 10)) {
			await client.getJson(path, repositorySchema);
		}
		expect(hub.count(request => request.status === 401)).toBe(1);
		expect(hub.logins).toBe(2);
	});
});
