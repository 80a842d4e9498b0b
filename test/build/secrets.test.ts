import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {startFakeHub, type FakeHub} from '../fake-hub/server.ts';
import {runBuild, type BuildRun} from '../helpers/run-build.ts';

// A secret with characters that change under every encoding a server might echo it in.
const user = {username: 'demo', secret: 'dckr_pat_s3cr3t/+"ü x'};
const config = 'images:\n  - nginx\n  - grafana/grafana\n  - bitnami/redis\n  - myorg/app\n';

let hub: FakeHub;
afterEach(async () => hub?.close());

/** Pieces of each secret, as sent and as a server may echo it, that must appear nowhere. */
function probes(): string[] {
	const json = JSON.stringify(user.secret).slice(1, -1);
	const loginBody = JSON.stringify({identifier: user.username, secret: user.secret});
	const fromSecret = [user.secret, json, encodeURIComponent(user.secret), encodeURIComponent(json), 's3cr3t', Buffer.from(loginBody).toString('base64').slice(16, 48)];
	const fromTokens = hub.issuedTokens.flatMap(jwt => [jwt.slice(0, 60), jwt.slice(-40), Buffer.from(`Bearer ${jwt}`).toString('base64').slice(12, 60)]);
	return [...fromSecret, ...fromTokens];
}

/** What the build printed, and every file it wrote. */
async function everythingWritten(run: BuildRun): Promise<Map<string, string>> {
	const texts = new Map([
		['stdout', run.stdout],
		['stderr', run.stderr],
	]);
	for (const entry of await readdir(run.out, {recursive: true, withFileTypes: true}).catch(() => [])) {
		if (entry.isFile()) {
			const file = path.join(entry.parentPath, entry.name);
			texts.set(path.relative(run.out, file), await readFile(file, 'utf8'));
		}
	}
	return texts;
}

function expectNoSecret(texts: Map<string, string>): void {
	const leaks = [...texts].flatMap(([where, text]) => probes().filter(probe => text.includes(probe)).map(probe => `${where}: ${probe}`));
	expect(leaks).toEqual([]);
}

describe('secrets in what Docker Hub writes back', () => {
	it.each(['raw', 'percent', 'base64'] as const)('a login 401 quoting the request body (%s) prints no secret', async as => {
		hub = await startFakeHub({users: [user]});
		hub.fault('/v2/auth/token', {echo: {status: 401, as}});
		const run = await runBuild({hub, config, credentials: user});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('refused: ');
		expect(run.stderr).toContain('[redacted]');
		expectNoSecret(await everythingWritten(run));
	});

	it('403s echoing the Authorization header, and a 400 quoting the token, leave it nowhere in the site or the log', async () => {
		hub = await startFakeHub({users: [user]});
		hub.fault('/v2/namespaces/library/repositories/nginx/tags', {echo: {status: 403, as: 'raw'}});
		hub.fault('/v2/namespaces/grafana/repositories/grafana/tags', {echo: {status: 403, as: 'percent'}});
		hub.fault('/v2/namespaces/bitnami/repositories/redis/tags', {echo: {status: 403, as: 'base64'}});
		hub.fault('/v2/namespaces/myorg/repositories/app/tags', {status: 400, body: JSON.stringify({message: `bad secret ${encodeURIComponent(user.secret)}`})});
		const run = await runBuild({hub, config, credentials: user});
		expect(run.code).toBe(1);
		expect(hub.issuedTokens.length).toBeGreaterThanOrEqual(1);

		const texts = await everythingWritten(run);
		expect(texts.get('badges.json')).toContain('refused: Bearer [redacted]');
		expect(texts.get('index.html')).toContain('[redacted]');
		expect([...texts.keys()].filter(file => file.endsWith('.svg'))).toHaveLength(24);
		expectNoSecret(texts);
	});
});

describe('a login answer whose token is no usable header value', () => {
	it.each([
		['a line break', 'abc\n'],
		['a NUL', 'a\u0000b'],
		['a character outside ASCII', 'ab\u4e2d'],
		['32 KiB of it', 'A'.repeat(32 * 1024)],
	])('with %s is refused at login: the build ends at once, with no request sent with it and no secret printed', async (_name, token) => {
		hub = await startFakeHub({users: [user]});
		hub.fault('/v2/auth/token', {status: 200, body: JSON.stringify({access_token: token}), headers: {'content-type': 'application/json'}});
		const run = await runBuild({hub, config, credentials: user});

		expect(run.stderr).toContain('could not log in to Docker Hub (the answer to /v2/auth/token has no usable token)');
		expect(run.code).toBe(1);
		expect(run.stdout).toContain('24 errors, 0 stale');
		expect(hub.count()).toBe(1);
		expectNoSecret(await everythingWritten(run));
		expect(run.stderr.length + run.stdout.length).toBeLessThan(20_000);
	}, 20_000);
});
