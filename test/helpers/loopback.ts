import {createServer, type RequestListener, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterEach} from 'vitest';
import {startFakeHub, type FakeHub, type FakeHubOptions} from '../fake-hub/server.ts';
import {startFakeOciRegistry, type FakeOciOptions, type FakeOciRegistry} from '../fake-registry/oci.ts';

const hubs: Array<FakeHub | FakeOciRegistry> = [];
const servers: Server[] = [];
afterEach(async () => {
	await Promise.all(hubs.splice(0).map(async hub => hub.close()));
	for (const server of servers.splice(0)) {
		server.closeAllConnections();
		server.close();
	}
});

/** A fake Docker Hub on 127.0.0.1, closed after the test. */
export async function fakeHubForTest(options?: FakeHubOptions): Promise<FakeHub> {
	const hub = await startFakeHub(options);
	hubs.push(hub);
	return hub;
}

/** A fake OCI registry (and its realm and storage servers) on 127.0.0.1, closed after the test. */
export async function fakeOciForTest(options?: FakeOciOptions): Promise<FakeOciRegistry> {
	const registry = await startFakeOciRegistry(options);
	hubs.push(registry);
	return registry;
}

/** An HTTP server on 127.0.0.1 and a random port, closed with its connections after the test; returns its origin. */
export async function serveForTest(listener: RequestListener): Promise<string> {
	const server = createServer(listener);
	servers.push(server);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
