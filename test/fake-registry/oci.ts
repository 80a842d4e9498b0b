import {createHash, randomBytes} from 'node:crypto';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';

/**
 * A loopback OCI Distribution registry (GHCR's behaviour): the token flow with its realm on
 * the registry's origin or on another one, tags/list paged by Link, image indexes with
 * buildx's attestation manifests, config blobs redirected to a storage origin, private
 * repositories, and 404s with the spec's error codes. Real HTTP on 127.0.0.1, for the real
 * build; every request is recorded with the origin it reached and what it carried.
 */

export type FakePlatform = {architecture: string; os: string; variant?: string; layers: number[]; created: string};
/** A multi-platform tag (an index, with one attestation per platform unless `attestations: false`), or one platform alone. */
export type FakeOciTag = {platforms: FakePlatform[]; created?: string; description?: string; attestations?: boolean} | {single: FakePlatform};
export type FakeOciRepository = {name: string; private?: boolean; tags: Record<string, FakeOciTag>};

export type FakeOciOptions = {
	repositories?: FakeOciRepository[];
	/** Where the token realm is: on the registry's origin (GHCR), on its own server, Basic credentials on every request instead (a plain registry with htpasswd), or no auth at all. */
	realm?: 'same-origin' | 'other-origin' | 'basic' | 'none';
	/** Credentials the realm accepts as Basic; they open private repositories. */
	users?: Array<{username: string; secret: string}>;
	/** The most tags one tags/list page holds, whatever `n` asks; default 1000. */
	tagsPageSize?: number;
	/** Config blobs answer 307 to a storage server on another origin, as GHCR's do; default true. */
	blobRedirect?: boolean;
	/** Delay before every answer of every server, for the benchmark. Default 0. */
	latencyMs?: number;
};

export type OciRequest = {server: 'registry' | 'realm' | 'storage'; method: string; path: string; authorization: string | undefined; status: number};

/** An answer with this status (and body, and headers), or none at all: the headers never come. */
type Fault = {status: number; body?: string; headers?: Record<string, string>} | 'hang';

export type FakeOciRegistry = {
	/** The registry's origin. */
	url: string;
	realmUrl: string | undefined;
	storageUrl: string;
	requests: OciRequest[];
	/** Requests whose path starts with `prefix` (every server's, unless `server` is given). */
	count(prefix?: string, server?: OciRequest['server']): number;
	/** The next `times` (default Infinity) requests to `server` whose path starts with `prefix` get `fault`. */
	fault(server: OciRequest['server'], prefix: string, fault: Fault, times?: number): void;
	clearFaults(): void;
	resetCounters(): void;
	/** Every token issued, to check no output holds one. */
	issuedTokens: string[];
	close(): Promise<void>;
};

const indexType = 'application/vnd.oci.image.index.v1+json';
const manifestType = 'application/vnd.oci.image.manifest.v1+json';
const configType = 'application/vnd.oci.image.config.v1+json';
const layerType = 'application/vnd.oci.image.layer.v1.tar+gzip';

type Blob = {mediaType: string; body: string};

function digestOf(body: string): string {
	return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

/** Content-addressed manifests and configs of a repository, and each tag's top manifest. */
function contentOf(repository: FakeOciRepository): {manifests: Map<string, Blob>; blobs: Map<string, Blob>; tags: Map<string, string>} {
	const manifests = new Map<string, Blob>();
	const blobs = new Map<string, Blob>();
	const tags = new Map<string, string>();
	const add = (store: Map<string, Blob>, mediaType: string, value: unknown) => {
		const body = JSON.stringify(value);
		const digest = digestOf(body);
		store.set(digest, {mediaType, body});
		return {mediaType, digest, size: Buffer.byteLength(body)};
	};
	const image = (platform: FakePlatform, annotations?: Record<string, string>) => {
		const config = add(blobs, configType, {architecture: platform.architecture, os: platform.os, ...(platform.variant ? {variant: platform.variant} : {}), created: platform.created, rootfs: {type: 'layers', diff_ids: []}});
		const layers = platform.layers.map((size, index) => ({mediaType: layerType, digest: digestOf(`${repository.name} ${platform.architecture} ${platform.variant ?? ''} layer ${index} ${size}`), size}));
		return add(manifests, manifestType, {schemaVersion: 2, mediaType: manifestType, config, layers, ...(annotations ? {annotations} : {})});
	};
	for (const [tag, content] of Object.entries(repository.tags)) {
		if ('single' in content) {
			tags.set(tag, image(content.single).digest);
			continue;
		}
		const descriptors: unknown[] = [];
		for (const platform of content.platforms) {
			const manifest = image(platform);
			descriptors.push({...manifest, platform: {architecture: platform.architecture, os: platform.os, ...(platform.variant ? {variant: platform.variant} : {})}});
			if (content.attestations !== false) {
				const attestation = add(manifests, manifestType, {schemaVersion: 2, mediaType: manifestType, config: {mediaType: configType, digest: digestOf('attestation'), size: 167}, layers: [{mediaType: 'application/vnd.in-toto+json', digest: digestOf(`sbom ${manifest.digest}`), size: 9_999_999}]});
				descriptors.push({...attestation, platform: {architecture: 'unknown', os: 'unknown'}, annotations: {'vnd.docker.reference.digest': manifest.digest, 'vnd.docker.reference.type': 'attestation-manifest'}});
			}
		}
		const annotations = {
			...(content.created ? {'org.opencontainers.image.created': content.created} : {}),
			...(content.description ? {'org.opencontainers.image.description': content.description} : {}),
		};
		tags.set(tag, add(manifests, indexType, {schemaVersion: 2, mediaType: indexType, manifests: descriptors, ...(Object.keys(annotations).length > 0 ? {annotations} : {})}).digest);
	}
	return {manifests, blobs, tags};
}

const route = /^\/v2\/(.+)\/(tags\/list|manifests\/([^/]+)|blobs\/([^/]+))$/;

async function listen(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<{server: Server; url: string}> {
	const server = createServer(handler);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`};
}

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
	response.writeHead(status, {'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers});
	response.end(body);
}

const errors = (code: string, message: string) => JSON.stringify({errors: [{code, message}]});

export async function startFakeOciRegistry(options: FakeOciOptions = {}): Promise<FakeOciRegistry> {
	const {realm = 'same-origin', users = [], tagsPageSize = 1000, blobRedirect = true, latencyMs = 0} = options;
	const repositories = new Map((options.repositories ?? demoOciRepositories()).map(repository => [repository.name, {...repository, content: contentOf(repository)}]));
	const requests: OciRequest[] = [];
	const faults: Array<{server: OciRequest['server']; prefix: string; fault: Fault; left: number}> = [];
	/** token → the private repositories it opens ('*' for every one: a user's). */
	const tokens = new Map<string, {user: boolean}>();
	const issuedTokens: string[] = [];

	const record = (server: OciRequest['server'], request: IncomingMessage): OciRequest => {
		const entry = {server, method: request.method ?? 'GET', path: request.url ?? '/', authorization: request.headers.authorization, status: 0};
		requests.push(entry);
		return entry;
	};
	const faultFor = (server: OciRequest['server'], path: string): Fault | undefined => {
		const found = faults.find(fault => fault.server === server && fault.left > 0 && path.startsWith(fault.prefix));
		if (found) found.left--;
		return found?.fault;
	};
	const answer = (entry: OciRequest, response: ServerResponse, status: number, body: string, headers?: Record<string, string>) => {
		entry.status = status;
		if (latencyMs > 0) {
			setTimeout(() => send(response, status, body, headers), latencyMs);
		} else {
			send(response, status, body, headers);
		}
	};

	const storage = await listen((request, response) => {
		const entry = record('storage', request);
		const fault = faultFor('storage', entry.path);
		if (fault === 'hang') return;
		if (fault) return answer(entry, response, fault.status, fault.body ?? '', fault.headers);
		const digest = /^\/blobs\/(sha256:[a-f0-9]{64})/.exec(entry.path)?.[1];
		const blob = digest && [...repositories.values()].map(repository => repository.content.blobs.get(digest)).find(Boolean);
		if (!blob) return answer(entry, response, 404, '<Error><Code>BlobNotFound</Code></Error>', {'content-type': 'application/xml'});
		answer(entry, response, 200, blob.body, {'content-type': 'application/octet-stream'});
	});

	let registryUrl = '';
	const tokenHandler = (server: 'registry' | 'realm') => (request: IncomingMessage, response: ServerResponse, entry: OciRequest) => {
		const url = new URL(entry.path, 'http://x');
		const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '')?.[1];
		let user = false;
		if (basic) {
			const [username, ...rest] = Buffer.from(basic, 'base64').toString().split(':');
			if (!users.some(known => known.username === username && known.secret === rest.join(':'))) {
				return answer(entry, response, 401, JSON.stringify({errors: [{code: 'UNAUTHORIZED', message: 'bad credentials'}]}));
			}
			user = true;
		}
		if (!/^repository:[a-z0-9._/-]+:pull$/.test(url.searchParams.get('scope') ?? '')) {
			return answer(entry, response, 400, errors('DENIED', 'scope required'));
		}
		const token = `${server}-token-${randomBytes(12).toString('hex')}`;
		tokens.set(token, {user});
		issuedTokens.push(token);
		answer(entry, response, 200, JSON.stringify({token, expires_in: 300}));
	};
	const realmServer = realm === 'other-origin' ? await listen((request, response) => tokenHandler('realm')(request, response, record('realm', request))) : undefined;

	const registry = await listen((request, response) => {
		const entry = record('registry', request);
		const fault = faultFor('registry', entry.path);
		if (fault === 'hang') return;
		if (fault) return answer(entry, response, fault.status, fault.body ?? '', fault.headers);
		const url = new URL(entry.path, 'http://x');
		if (url.pathname === '/token' && realm === 'same-origin') return tokenHandler('registry')(request, response, entry);

		const realmOrigin = realm === 'same-origin' ? registryUrl : realmServer?.url;
		const challenge = {'www-authenticate': realm === 'basic' ? 'Basic realm="fake-registry"' : `Bearer realm="${realmOrigin}/token",service="fake-registry"`};
		const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
		const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '')?.[1];
		const basicUser = basic === undefined ? undefined : Buffer.from(basic, 'base64').toString();
		const grant = realm === 'basic' ? (users.some(user => `${user.username}:${user.secret}` === basicUser) ? {user: true} : undefined) : bearer === undefined ? undefined : tokens.get(bearer);
		if (url.pathname === '/v2/' || url.pathname === '/v2') {
			return realm === 'none' || grant ? answer(entry, response, 200, '{}') : answer(entry, response, 401, errors('UNAUTHORIZED', 'authentication required'), challenge);
		}
		const match = route.exec(url.pathname);
		if (!match) return answer(entry, response, 404, errors('NOT_FOUND', 'no such route'));
		const [, name = '', what = '', reference, blobDigest] = match;
		if (realm !== 'none' && !grant) {
			return answer(entry, response, 401, errors('UNAUTHORIZED', 'authentication required'), realm === 'basic' ? challenge : {'www-authenticate': `${challenge['www-authenticate']},scope="repository:${name}:pull"`});
		}
		const repository = repositories.get(name);
		// GHCR answers a private repository to a stranger as if it were not there… with a 403 DENIED.
		if (repository?.private && !grant?.user && realm !== 'none') return answer(entry, response, 403, errors('DENIED', 'requested access to the resource is denied'));
		if (!repository) return answer(entry, response, 404, errors('NAME_UNKNOWN', 'repository name not known to registry'));
		const {content} = repository;

		if (what === 'tags/list') {
			const all = [...content.tags.keys()].sort();
			const n = Math.min(Number(url.searchParams.get('n') ?? tagsPageSize) || tagsPageSize, tagsPageSize);
			const last = url.searchParams.get('last');
			const from = last === null ? 0 : all.findIndex(tag => tag > last);
			const page = from < 0 ? [] : all.slice(from, from + n);
			const more = from >= 0 && from + n < all.length;
			const link = more ? {link: `</v2/${name}/tags/list?n=${n}&last=${encodeURIComponent(page.at(-1)!)}>; rel="next"`} : undefined;
			return answer(entry, response, 200, JSON.stringify({name, tags: page}), link);
		}
		if (reference !== undefined) {
			const ref = decodeURIComponent(reference);
			const digest = ref.startsWith('sha256:') ? ref : content.tags.get(ref);
			const manifest = digest === undefined ? undefined : content.manifests.get(digest);
			if (!manifest || !digest) return answer(entry, response, 404, errors('MANIFEST_UNKNOWN', 'manifest unknown'));
			return answer(entry, response, 200, manifest.body, {'content-type': manifest.mediaType, 'docker-content-digest': digest});
		}
		const digest = decodeURIComponent(blobDigest ?? '');
		const blob = content.blobs.get(digest);
		if (!blob) return answer(entry, response, 404, errors('BLOB_UNKNOWN', 'blob unknown to registry'));
		if (blobRedirect) return answer(entry, response, 307, '', {location: `${storage.url}/blobs/${digest}?sig=${randomBytes(6).toString('hex')}`});
		answer(entry, response, 200, blob.body, {'content-type': 'application/octet-stream'});
	});
	registryUrl = registry.url;

	const servers = [registry.server, storage.server, ...(realmServer ? [realmServer.server] : [])];
	return {
		url: registry.url,
		realmUrl: realmServer?.url,
		storageUrl: storage.url,
		requests,
		issuedTokens,
		count: (prefix = '', server) => requests.filter(request => request.path.startsWith(prefix) && (server === undefined || request.server === server)).length,
		fault(server, prefix, fault, times = Number.POSITIVE_INFINITY) {
			faults.push({server, prefix, fault, left: times});
		},
		clearFaults() {
			faults.length = 0;
		},
		resetCounters() {
			requests.length = 0;
		},
		async close() {
			await Promise.all(
				servers.map(
					async server =>
						new Promise<void>(resolve => {
							server.closeAllConnections();
							server.close(() => resolve());
						}),
				),
			);
		},
	};
}

/** `count` repositories `bench/app0000`…, each with ten version tags and `latest`, on two platforms: the benchmark's. */
export function generateOciRepositories(count: number): FakeOciRepository[] {
	return Array.from({length: count}, (_, index) => {
		const platforms = (created: string): FakeOciTag => ({
			platforms: [
				{architecture: 'amd64', os: 'linux', layers: [20_000_000 + index, 5_000_000], created},
				{architecture: 'arm64', os: 'linux', variant: 'v8', layers: [19_000_000 + index, 5_000_000], created},
			],
		});
		const tags: Record<string, FakeOciTag> = {};
		for (let minor = 0; minor < 10; minor++) {
			tags[`1.${minor}.0`] = platforms(`2026-${String(minor + 1).padStart(2, '0')}-01T00:00:00Z`);
		}
		tags.latest = tags['1.9.0']!;
		return {name: `bench/app${String(index).padStart(4, '0')}`, tags};
	});
}

/** The demo's GHCR repositories: a multi-platform app with version tags and `sha-…` tags, and a private one. */
export function demoOciRepositories(): FakeOciRepository[] {
	const app = (version: string, created: string): FakeOciTag => ({
		platforms: [
			{architecture: 'amd64', os: 'linux', layers: [29_000_000, 12_500_000, 1_048_576], created},
			{architecture: 'arm64', os: 'linux', variant: 'v8', layers: [27_000_000, 11_000_000, 1_048_576], created},
			{architecture: 'arm', os: 'linux', variant: 'v7', layers: [24_000_000, 10_000_000], created},
		],
		description: `Acme app ${version}`,
	});
	return [
		{
			name: 'acme/app',
			tags: {
				'1.9.0': app('1.9.0', '2026-10-01T08:00:00Z'),
				'1.10.0': app('1.10.0', '2026-11-20T08:00:00Z'),
				'2.0.0-rc.1': app('2.0.0-rc.1', '2026-11-25T08:00:00Z'),
				latest: app('1.10.0', '2026-11-20T08:00:00Z'),
				'sha-3f2a9c1': app('1.10.0', '2026-11-20T08:00:00Z'),
			},
		},
		{name: 'acme/tool', tags: {'0.4.2': {single: {architecture: 'amd64', os: 'linux', layers: [5_242_880], created: '2026-06-01T12:00:00Z'}}}},
		{name: 'acme/secret', private: true, tags: {latest: app('3.1.0', '2026-11-28T08:00:00Z')}},
	];
}
