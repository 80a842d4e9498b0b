import {afterEach, describe, expect, it} from 'vitest';
import {repositorySchema} from '../../src/fetchers/schemas.ts';
import {HubClient} from '../../src/hub/client.ts';
import {CredentialsError, HubError} from '../../src/hub/errors.ts';
import {startFakeHub, type FakeHub} from '../fake-hub/server.ts';

// A secret with characters that change under every encoding.
const user = {username: 'demo', secret: 'dckr_pat_s3cr3t/+"ü x'};
const path = '/v2/namespaces/library/repositories/nginx';

let hub: FakeHub;
let client: HubClient;
afterEach(async () => {
	await client?.close();
	await hub?.close();
});

async function setUp() {
	hub = await startFakeHub({users: [user]});
	client = new HubClient({baseUrl: hub.url, concurrency: 2, retryBaseMs: 5, credentials: user});
}

async function errorOf(promise: Promise<unknown>): Promise<Error> {
	return promise.then(
		() => {
			throw new Error('expected a failure');
		},
		(error: unknown) => error as Error,
	);
}

describe('HubClient quotes no secret from what Docker Hub writes', () => {
	it.each(['raw', 'percent', 'base64'] as const)('a login 401 that quotes the request body (%s)', async as => {
		await setUp();
		hub.fault('/v2/auth/token', {echo: {status: 401, as}});
		const error = await errorOf(client.login());
		expect(error).toBeInstanceOf(CredentialsError);
		expect(error.message).toContain('refused: ');
		expect(error.message).toContain('[redacted]');
		const json = JSON.stringify(user.secret).slice(1, -1);
		for (const form of [user.secret, encodeURIComponent(user.secret), json, encodeURIComponent(json), 's3cr3t']) {
			expect(error.message).not.toContain(form);
		}
		// The whole echoed body in base64 would carry the secret; only its redacted remains may be there.
		const body = JSON.stringify({identifier: user.username, secret: user.secret});
		expect(error.message).not.toContain(Buffer.from(body).toString('base64').slice(16, 48));
	});

	it('a 403 that quotes a JWT from earlier in the build, not the one in use', async () => {
		await setUp();
		await client.getJson(path, repositorySchema);
		hub.revokeTokens();
		await client.getJson(path, repositorySchema);
		expect(hub.issuedTokens).toHaveLength(2);
		const [older, current] = hub.issuedTokens as [string, string];
		hub.fault(path, {status: 403, body: JSON.stringify({detail: `token ${older} was revoked; use ${current}`})});
		const error = await errorOf(client.getJson(path, repositorySchema));
		expect(error).toMatchObject({failure: 'forbidden'});
		expect(error.message).toBe('Docker Hub refused access (403 token [redacted] was revoked; use [redacted])');
	});

	it.each(['raw', 'percent', 'base64'] as const)('a 403 that echoes the Authorization header (%s)', async as => {
		await setUp();
		hub.fault(path, {echo: {status: 403, as}});
		const error = await errorOf(client.getJson(path, repositorySchema));
		expect(error).toBeInstanceOf(HubError);
		const [jwt] = hub.issuedTokens as [string];
		expect(error.message).not.toContain(jwt.slice(0, 60));
		expect(error.message).not.toContain(jwt.slice(-40));
		expect(error.message).not.toContain(Buffer.from(`Bearer ${jwt}`).toString('base64').slice(12, 60));
	});

	it('quotes at most 200 characters of what Docker Hub wrote', async () => {
		await setUp();
		hub.fault(path, {status: 404, body: JSON.stringify({message: `${'ü'.repeat(150)}${'x'.repeat(100_000)}`})});
		const error = await errorOf(client.getJson(path, repositorySchema));
		expect(error.message).toBe(`Docker Hub answered 404 (${'ü'.repeat(150)}${'x'.repeat(50)}…)`);
	});

	it('redacts other text on request: the secret and every JWT issued', async () => {
		await setUp();
		await client.login();
		const text = `${user.secret} ${encodeURIComponent(user.secret)} ${hub.issuedTokens[0]!}`;
		expect(client.redact(text)).toBe('[redacted] [redacted] [redacted]');
	});
});
