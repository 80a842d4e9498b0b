import {createSecretKey, randomBytes, randomUUID} from 'node:crypto';
import {createServer} from 'node:http';
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {SignJWT, compactVerify} from 'jose';
import {demoRepositories, indexDigestOf} from './fixtures.ts';
import type {FakeRepository, FakeTag} from './fixtures.ts';

export type Fault =
	| 'status-503'
	| 'status-500-html'
	| 'status-429'
	| 'reset-mid-body'
	| 'truncated-json'
	| 'malformed'
	| 'huge-body'
	/** Headers never come. */
	| 'hang'
	/** The real answer, its body sent one byte every `dripBodyMs`. */
	| {dripBodyMs: number}
	/** A 429 whose `Retry-After` is this text, verbatim: seconds, an HTTP date, or garbage. */
	| {retryAfter: string}
	/** A 429 whose `X-Retry-After` is this text, verbatim. */
	| {xRetryAfter: string}
	/** The real answer, saying the rate-limit budget is spent until `budgetResetsInSeconds` from now. */
	| {budgetResetsInSeconds: number}
	/**
	 * An error whose body quotes what the request carried (its Authorization header, else its body),
	 * as careless servers do: as sent, percent-encoded or base64-encoded.
	 */
	| {echo: {status: number; as: 'raw' | 'percent' | 'base64'}}
	| {redirect: string}
	| {status: number; body?: string; headers?: Record<string, string>};

export type FakeHubOptions = {
	/** Default: demoRepositories(). */
	repositories?: FakeRepository[];
	/** Default: [{username: 'demo', secret: 'dckr_pat_demo'}]. */
	users?: {username: string; secret: string}[];
	/**
	 * The `exp` claim, in seconds after issue; default 600, as Docker's current login route issues.
	 * Negative: a token already expired when it arrives; null: a token without `exp`.
	 */
	tokenLifetimeSeconds?: number | null;
	/** How long a token is accepted, whatever its `exp` says (a server whose clock differs); default: until `exp`, or forever. */
	tokenAcceptedSeconds?: number;
	/** Delay before each response is written. Default 0. */
	latencyMs?: number;
	rateLimit?: {limit: number; windowSeconds: number; advertise?: boolean; retryAfter?: 'seconds' | 'unix' | 'none'};
	/** POST /v2/auth/token answers 404; only /v2/users/login works. */
	legacyLoginOnly?: boolean;
	/** Default 10: anonymous requests for a later page answer 403, as Docker Hub has been seen to do. */
	anonymousPageLimit?: number;
	/** Tag pages link to the next on the legacy path with `page` alone (`/v2/repositories/ubuntu/tags/?page=2`), as Docker Hub has been seen to do. */
	legacyNextLinks?: boolean;
};

export type RecordedRequest = {
	method: string;
	/** Path and query, as received. */
	path: string;
	authorization: string | undefined;
	/** The status sent; 0 while (or if never) answered. */
	status: number;
};

type Matcher<R> = string | RegExp | ((r: R) => boolean);

export type FakeHub = {
	/** 'http://127.0.0.1:PORT' */
	url: string;
	/** Every request, login included, in arrival order. */
	requests: RecordedRequest[];
	/** A string matches a path prefix. */
	count(predicate?: Matcher<RecordedRequest>): number;
	/** Successful logins. */
	logins: number;
	/** Every token issued, in order. */
	issuedTokens: string[];
	/** 429s sent, whether from the rate limit or a fault. */
	tooManyRequests: number;
	inFlight: number;
	inFlightPeak: number;
	/**
	 * From now on, answer the next `times` (default Infinity) matching requests with `fault`.
	 * Faults come before authentication and rate limiting, so a faulted request uses no rate-limit budget;
	 * those that send the real answer (dripBodyMs, budgetResetsInSeconds) authenticate it as usual.
	 */
	fault(match: Matcher<{method: string; path: string}>, fault: Fault, times?: number): void;
	clearFaults(): void;
	/** Every token issued so far answers 401 from now on. */
	revokeTokens(): void;
	/** Sets a repository's (`namespace/name`) pull and star counts from the next request on, as they grow between builds. */
	setCounts(image: string, counts: {pulls?: number; stars?: number}): void;
	/**
	 * Pushes a tag (new, or replacing the one of that name) from the next request on; its
	 * `last_updated` is the push time, which Docker Hub also makes the repository's `last_updated`.
	 */
	push(image: string, tag: FakeTag): void;
	setLatency(ms: number): void;
	/** Clears requests, logins, tooManyRequests and inFlightPeak; the rate-limit window keeps its count. */
	resetCounters(): void;
	/** Resolves promptly, ending hung and kept-alive connections too. */
	close(): Promise<void>;
};

type Headers = Record<string, string>;

/** What to answer: almost always a complete body; a few faults misbehave on purpose. */
type Reply =
	| {kind: 'body'; status: number; headers: Headers; body: string}
	| {kind: 'drip'; reply: {status: number; headers: Headers; body: string}; everyMs: number}
	| {kind: 'reset-mid-body'; body: string}
	| {kind: 'huge-body'; bytes: number}
	| {kind: 'hang'};

const TOKEN_ROUTE = '/v2/auth/token';
const LEGACY_LOGIN_ROUTE = '/v2/users/login';
const API_ROUTE = /^\/v2\/namespaces\/([^/]+)\/repositories(?:\/([^/]+)(\/tags(?:\/([^/]+))?)?)?\/?$/;
/** The legacy tags path, where official images may drop `library/`: /v2/repositories/ubuntu/tags/. */
const LEGACY_TAGS_ROUTE = /^\/v2\/repositories\/(?:([^/]+)\/)?([^/]+)\/tags\/?$/;
const MEDIA_TYPE = 'application/vnd.oci.image.index.v1+json';
const RATE_LIMITED = {detail: 'Rate limit exceeded', error: false};
const HUGE_BODY_BYTES = 6 * 1024 * 1024;

function json(status: number, value: unknown, headers: Headers = {}): Reply {
	return {kind: 'body', status, headers: {'content-type': 'application/json', ...headers}, body: JSON.stringify(value)};
}

const objectNotFound = () => json(404, {message: 'object not found', errinfo: {}});

function toMatcher<R extends {path: string}>(match: Matcher<R>): (r: R) => boolean {
	if (typeof match === 'string') return (r) => r.path.startsWith(match);
	if (match instanceof RegExp) return (r) => match.test(r.path);
	return match;
}

async function readBody(req: IncomingMessage): Promise<string> {
	req.setEncoding('utf8');
	let body = '';
	for await (const chunk of req) body += chunk;
	return body;
}

function parseObject(text: string): Record<string, unknown> {
	try {
		const value: unknown = JSON.parse(text);
		return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
	} catch {
		return {};
	}
}

/** A valid repositories page, for the faults that must break a body that would otherwise parse. */
const SAMPLE_BODY = JSON.stringify({
	count: 1,
	next: null,
	previous: null,
	results: [{name: 'nginx', namespace: 'library', description: 'Official build of Nginx.', is_private: false, star_count: 20_512, pull_count: 10_412_377_856}],
});

const HTML_500 = '<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n<center><h1>500 Internal Server Error</h1></center>\r\n</body>\r\n</html>\r\n';

/** What a fault answers; `real` is the answer the request would have had. */
async function faultReply(fault: Fault, req: IncomingMessage, real: () => Promise<Reply>): Promise<Reply> {
	if (typeof fault === 'object') {
		if ('redirect' in fault) return {kind: 'body', status: 302, headers: {location: fault.redirect}, body: ''};
		if ('status' in fault) return {kind: 'body', status: fault.status, headers: fault.headers ?? {}, body: fault.body ?? ''};
		if ('retryAfter' in fault) return json(429, RATE_LIMITED, {'Retry-After': fault.retryAfter});
		if ('xRetryAfter' in fault) return json(429, RATE_LIMITED, {'X-Retry-After': fault.xRetryAfter});
		if ('echo' in fault) return echoReply(fault.echo.status, fault.echo.as, req.headers.authorization ?? (await readBody(req)));
		const reply = await real();
		if (reply.kind !== 'body') return reply;
		if ('dripBodyMs' in fault) return {kind: 'drip', reply, everyMs: fault.dripBodyMs};
		const reset = Math.ceil(Date.now() / 1000) + fault.budgetResetsInSeconds;
		return {...reply, headers: {...reply.headers, 'X-RateLimit-Limit': '600', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(reset)}};
	}
	switch (fault) {
		case 'status-503':
			return json(503, {message: 'service unavailable', errinfo: {}});
		case 'status-500-html':
			return {kind: 'body', status: 500, headers: {'content-type': 'text/html'}, body: HTML_500};
		case 'status-429':
			return json(429, RATE_LIMITED, {'Retry-After': '1'});
		case 'truncated-json':
			return {kind: 'body', status: 200, headers: {'content-type': 'application/json'}, body: SAMPLE_BODY.slice(0, SAMPLE_BODY.length >> 1)};
		case 'malformed':
			// Breaks every schema at once: page, repository, tag and login answers.
			return json(200, {count: 'many', results: {}, pull_count: 'lots'});
		case 'reset-mid-body':
			return {kind: 'reset-mid-body', body: SAMPLE_BODY};
		case 'huge-body':
			return {kind: 'huge-body', bytes: HUGE_BODY_BYTES};
		case 'hang':
			return {kind: 'hang'};
	}
}

function echoReply(status: number, as: 'raw' | 'percent' | 'base64', received: string): Reply {
	const quoted = as === 'raw' ? received : as === 'percent' ? encodeURIComponent(received) : Buffer.from(received).toString('base64');
	return json(status, {detail: `refused: ${quoted}`, message: `refused: ${quoted}`});
}

/** Fixed windows aligned to multiples of windowSeconds since the epoch, shared by every client. */
function rateLimiter({limit, windowSeconds, advertise = true, retryAfter = 'seconds'}: NonNullable<FakeHubOptions['rateLimit']>) {
	let windowEnd = 0;
	let used = 0;
	return (): {headers: Headers; exceeded: boolean} => {
		const now = Date.now() / 1000;
		const end = (Math.floor(now / windowSeconds) + 1) * windowSeconds;
		if (end !== windowEnd) {
			windowEnd = end;
			used = 0;
		}
		used++;
		const reset = Math.ceil(end);
		const headers: Headers = advertise
			? {'X-RateLimit-Limit': String(limit), 'X-RateLimit-Remaining': String(Math.max(0, limit - used)), 'X-RateLimit-Reset': String(reset)}
			: {};
		const exceeded = used > limit;
		if (exceeded && retryAfter === 'seconds') headers['Retry-After'] = String(Math.max(1, Math.ceil(end - now)));
		if (exceeded && retryAfter === 'unix') headers['X-Retry-After'] = String(reset);
		return {headers, exceeded};
	};
}

type IndexedRepository = {
	repository: FakeRepository;
	/** Newest first, as Docker Hub lists them with ordering=last_updated. */
	tags: FakeTag[];
	byName: Map<string, FakeTag>;
	dateRegistered: string;
	storageSize: number;
};

/** Docker Hub's times carry up to 9 fractional digits; a Date keeps 3. */
function pushOrder(a: FakeTag, b: FakeTag): number {
	const fraction = (tag: FakeTag) => (/\.(\d+)/.exec(tag.last_updated)?.[1] ?? '').padEnd(9, '0');
	return Date.parse(b.last_updated) - Date.parse(a.last_updated) || fraction(b).localeCompare(fraction(a));
}

function indexRepository(repository: FakeRepository): IndexedRepository {
	const tags = [...repository.tags].sort(pushOrder);
	const sizes = new Map<string, number>();
	for (const tag of tags) for (const image of tag.images) sizes.set(image.digest, image.size);
	let storageSize = 0;
	for (const size of sizes.values()) storageSize += size;
	return {
		repository,
		tags,
		byName: new Map(tags.map((tag) => [tag.name, tag])),
		// The first push registered the repository.
		dateRegistered: tags.at(-1)?.last_updated ?? repository.last_updated,
		storageSize,
	};
}

function listedRepositoryJson({repository: r, dateRegistered, storageSize}: IndexedRepository) {
	return {
		name: r.name,
		namespace: r.namespace,
		repository_type: 'image',
		status: 1,
		description: r.description,
		is_private: r.is_private,
		star_count: r.star_count,
		pull_count: r.pull_count,
		last_updated: r.last_updated,
		date_registered: dateRegistered,
		storage_size: storageSize,
	};
}

function repositoryJson(indexed: IndexedRepository) {
	const r = indexed.repository;
	return {
		...listedRepositoryJson(indexed),
		status_description: 'active',
		last_modified: r.last_updated,
		full_description: `# ${r.namespace}/${r.name}\n\n${r.description}\n`,
		permissions: {read: true, write: false, admin: false},
		media_types: [MEDIA_TYPE],
		content_types: ['image'],
		categories: [],
	};
}

function tagJson(tag: FakeTag, repository: FakeRepository) {
	const main = tag.images.find((image) => image.architecture === 'amd64') ?? tag.images[0];
	// Nothing tracks pulls; the repository's last push stands in for a recent pull.
	const lastPulled = repository.last_updated;
	// A multi-arch tag's digest is its index's, which none of its images has.
	const digest = tag.digest === undefined ? (tag.images.length === 1 ? tag.images[0]?.digest : indexDigestOf(tag.images)) : tag.digest;
	return {
		name: tag.name,
		last_updated: tag.last_updated,
		...(digest ? {digest} : {}),
		full_size: tag.full_size ?? main?.size ?? 0,
		tag_status: 'active',
		tag_last_pulled: lastPulled,
		tag_last_pushed: tag.last_updated,
		media_type: MEDIA_TYPE,
		content_type: 'image',
		images: tag.images.map((image) => ({
			architecture: image.architecture,
			features: '',
			variant: image.variant ?? null,
			digest: image.digest,
			os: image.os,
			os_features: '',
			os_version: image.os_version ?? null,
			size: image.size,
			status: 'active',
			last_pulled: lastPulled,
			last_pushed: tag.last_updated,
		})),
	};
}

function pageSettings(url: URL): {page: number; size: number} | Reply {
	const page = Number(url.searchParams.get('page') ?? 1);
	const size = Number(url.searchParams.get('page_size') ?? 10);
	if (!Number.isInteger(page) || page < 1) return json(400, {message: 'invalid page', errinfo: {}});
	if (!Number.isInteger(size) || size < 1 || size > 100) return json(400, {message: 'invalid page_size', errinfo: {}});
	return {page, size};
}

export async function startFakeHub(options: FakeHubOptions = {}): Promise<FakeHub> {
	const users = options.users ?? [{username: 'demo', secret: 'dckr_pat_demo'}];
	const tokenLifetimeSeconds = options.tokenLifetimeSeconds === undefined ? 600 : options.tokenLifetimeSeconds;
	const anonymousPageLimit = options.anonymousPageLimit ?? 10;
	const takeRateLimit = options.rateLimit ? rateLimiter(options.rateLimit) : undefined;
	let latencyMs = options.latencyMs ?? 0;

	const repositories = new Map<string, IndexedRepository>();
	const namespaces = new Map<string, IndexedRepository[]>();
	for (const repository of options.repositories ?? demoRepositories()) {
		const indexed = indexRepository(repository);
		repositories.set(`${repository.namespace}/${repository.name}`, indexed);
		namespaces.set(repository.namespace, [...(namespaces.get(repository.namespace) ?? []), indexed]);
	}
	for (const list of namespaces.values()) list.sort((a, b) => (a.repository.name < b.repository.name ? -1 : 1));

	// A KeyObject, not raw bytes: jose would import raw bytes into a key on every
	// verification, which made the fake, not the build, the bottleneck of the benchmark.
	const secret = createSecretKey(randomBytes(32));
	/** Live tokens by jti: until when each is accepted, in ms. */
	const liveTokens = new Map<string, number>();
	const issuedTokens: string[] = [];
	const faults: {matches: (r: {method: string; path: string}) => boolean; fault: Fault; remaining: number}[] = [];
	const timers = new Set<NodeJS.Timeout>();
	const requests: RecordedRequest[] = [];
	let logins = 0;
	let tooManyRequests = 0;
	let inFlight = 0;
	let inFlightPeak = 0;
	let origin = '';

	async function issueToken(username: string): Promise<string> {
		const jti = randomUUID();
		const issuedAt = Math.floor(Date.now() / 1000);
		const exp = tokenLifetimeSeconds === null ? undefined : issuedAt + tokenLifetimeSeconds;
		liveTokens.set(jti, options.tokenAcceptedSeconds === undefined ? (exp ?? Infinity) * 1000 : Date.now() + options.tokenAcceptedSeconds * 1000);
		const jwt = new SignJWT().setProtectedHeader({alg: 'HS256', typ: 'JWT'}).setSubject(username).setIssuedAt(issuedAt).setJti(jti);
		const token = await (exp === undefined ? jwt : jwt.setExpirationTime(exp)).sign(secret);
		issuedTokens.push(token);
		return token;
	}

	/** true: a valid token; false: anonymous; undefined: a token that must be refused. */
	async function authenticate(header: string | undefined): Promise<boolean | undefined> {
		if (header === undefined) return false;
		const token = /^Bearer (\S+)$/.exec(header)?.[1];
		if (token === undefined) return undefined;
		try {
			// The signature only: `exp` is judged by tokenAcceptedSeconds, which may differ from it.
			const {payload} = await compactVerify(token, secret, {algorithms: ['HS256']});
			const {jti} = JSON.parse(Buffer.from(payload).toString('utf8')) as {jti?: unknown};
			const acceptedUntil = typeof jti === 'string' ? liveTokens.get(jti) : undefined;
			return acceptedUntil !== undefined && Date.now() < acceptedUntil ? true : undefined;
		} catch {
			return undefined;
		}
	}

	async function login(route: string, req: IncomingMessage): Promise<Reply> {
		if (route === TOKEN_ROUTE && options.legacyLoginOnly) return objectNotFound();
		const body = parseObject(await readBody(req));
		const [username, password] = route === TOKEN_ROUTE ? [body.identifier, body.secret] : [body.username, body.password];
		const user = users.find((u) => u.username === username && u.secret === password);
		if (!user) return json(401, {detail: 'Incorrect authentication credentials'});
		logins++;
		const token = await issueToken(user.username);
		return json(200, route === TOKEN_ROUTE ? {access_token: token} : {token});
	}

	/** `legacyTags`: the `/v2/repositories/…/tags/` path the legacy `next` links point at. */
	function paged<T>(url: URL, items: T[], authenticated: boolean, render: (item: T) => unknown, legacyTags?: string): Reply {
		const settings = pageSettings(url);
		if ('kind' in settings) return settings;
		const {page, size} = settings;
		if (!authenticated && page > anonymousPageLimit) return json(403, {message: 'forbidden', errinfo: {}});
		const start = (page - 1) * size;
		if (page > 1 && start >= items.length) return objectNotFound();
		const link = (target: number) => {
			if (legacyTags !== undefined) return `${origin}${legacyTags}?page=${target}`;
			const query = new URLSearchParams({page: String(target), page_size: String(size)});
			for (const [key, value] of url.searchParams) if (key !== 'page' && key !== 'page_size') query.append(key, value);
			return `${origin}${url.pathname}?${query}`;
		};
		return json(200, {
			count: items.length,
			next: start + size < items.length ? link(page + 1) : null,
			previous: page > 1 ? link(page - 1) : null,
			results: items.slice(start, start + size).map(render),
		});
	}

	async function route(req: IncomingMessage, url: URL): Promise<Reply> {
		const path = url.pathname;
		if (path === TOKEN_ROUTE || path === LEGACY_LOGIN_ROUTE) {
			if (req.method !== 'POST') return json(405, {detail: `Method "${req.method}" not allowed.`}, {allow: 'POST'});
			return login(path, req);
		}
		const legacy = LEGACY_TAGS_ROUTE.exec(path);
		const match = legacy ? [path, legacy[1] ?? 'library', legacy[2], '/tags', undefined] : API_ROUTE.exec(path);
		if (!match) return json(404, {message: 'page not found'});
		if (req.method !== 'GET') return json(405, {detail: `Method "${req.method}" not allowed.`}, {allow: 'GET'});

		const authenticated = await authenticate(req.headers.authorization);
		if (authenticated === undefined) return json(401, {detail: 'Invalid authentication credentials'});
		const [, namespace = '', name, tagsPart, tagName] = [...match].map((part) => (part === undefined ? undefined : decodeURIComponent(part)));
		const visible = (indexed: IndexedRepository | undefined) => (indexed && (authenticated || !indexed.repository.is_private) ? indexed : undefined);

		if (name === undefined) {
			const listed = (namespaces.get(namespace) ?? []).filter((indexed) => visible(indexed));
			return paged(url, listed, authenticated, listedRepositoryJson);
		}
		const indexed = visible(repositories.get(`${namespace}/${name}`));
		if (!indexed) return objectNotFound();
		if (tagsPart === undefined) return json(200, repositoryJson(indexed));
		if (tagName === undefined) {
			const legacyTags = options.legacyNextLinks ? `/v2/repositories/${namespace === 'library' ? '' : `${encodeURIComponent(namespace)}/`}${encodeURIComponent(name)}/tags/` : undefined;
			return paged(url, indexed.tags, authenticated, (tag) => tagJson(tag, indexed.repository), legacyTags);
		}
		const tag = indexed.byName.get(tagName);
		if (!tag) return json(404, {message: `tag '${tagName}' not found`, errinfo: {namespace, repository: name, tag: tagName}});
		return json(200, tagJson(tag, indexed.repository));
	}

	async function handle(req: IncomingMessage, path: string): Promise<Reply> {
		const method = req.method ?? 'GET';
		const active = faults.find((f) => f.remaining > 0 && f.matches({method, path}));
		if (active) {
			active.remaining--;
			return faultReply(active.fault, req, async () => route(req, new URL(path, origin)));
		}
		const limit = takeRateLimit?.();
		if (limit?.exceeded) return json(429, RATE_LIMITED, limit.headers);
		const reply = await route(req, new URL(path, origin));
		if (limit && reply.kind === 'body') reply.headers = {...reply.headers, ...limit.headers};
		return reply;
	}

	function delay(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				timers.delete(timer);
				resolve();
			}, ms);
			timers.add(timer);
		});
	}

	/** Resolves when the response can take more data, or is gone. */
	function drained(res: ServerResponse): Promise<void> {
		return new Promise((resolve) => {
			const done = () => {
				res.off('drain', done);
				res.off('close', done);
				resolve();
			};
			res.on('drain', done);
			res.on('close', done);
		});
	}

	async function send(res: ServerResponse, reply: Reply, record: RecordedRequest): Promise<void> {
		switch (reply.kind) {
			case 'hang':
				return;
			case 'body':
				record.status = reply.status;
				if (reply.status === 429) tooManyRequests++;
				res.writeHead(reply.status, {'content-length': String(Buffer.byteLength(reply.body)), ...reply.headers});
				res.end(reply.body);
				return;
			case 'drip': {
				const {status, headers, body} = reply.reply;
				record.status = status;
				res.writeHead(status, {'content-length': String(Buffer.byteLength(body)), ...headers});
				let closed = false;
				res.once('close', () => (closed = true));
				for (const byte of Buffer.from(body)) {
					await delay(reply.everyMs);
					if (closed) return;
					res.write(Buffer.of(byte));
				}
				res.end();
				return;
			}
			case 'reset-mid-body':
				record.status = 200;
				res.writeHead(200, {'content-type': 'application/json', 'content-length': String(Buffer.byteLength(reply.body))});
				// Destroy only once the half is on the wire, so the client sees a body cut short rather than no answer.
				res.write(reply.body.slice(0, reply.body.length >> 1), () => res.socket?.destroy());
				return;
			case 'huge-body': {
				record.status = 200;
				// No content-length: the client has to notice the size while reading.
				res.writeHead(200, {'content-type': 'application/json'});
				let closed = false;
				res.once('close', () => (closed = true));
				const head = '{"name":"huge","namespace":"huge","is_private":false,"pull_count":1,"star_count":1,"description":"';
				const tail = '"}';
				const chunk = 'x'.repeat(64 * 1024);
				res.write(head);
				for (let left = reply.bytes - head.length - tail.length; left > 0 && !closed; left -= chunk.length) {
					if (!res.write(left >= chunk.length ? chunk : chunk.slice(0, left))) await drained(res);
				}
				if (!closed) res.end(tail);
				return;
			}
		}
	}

	const server = createServer((req, res) => {
		const path = req.url ?? '/';
		const record: RecordedRequest = {method: req.method ?? 'GET', path, authorization: req.headers.authorization, status: 0};
		requests.push(record);
		inFlight++;
		inFlightPeak = Math.max(inFlightPeak, inFlight);
		let answered = false;
		const answer = () => {
			if (answered) return;
			answered = true;
			inFlight--;
		};
		// 'finish' comes before the client can read the answer and send its next request; 'close' covers aborted ones.
		res.once('finish', answer);
		res.once('close', answer);

		(async () => {
			const reply = await handle(req, path);
			if (latencyMs > 0) await delay(latencyMs);
			await send(res, reply, record);
		})().catch((error: unknown) => {
			// A bug in the fake must show up in the test, not crash the process.
			record.status = 500;
			if (res.headersSent) res.destroy();
			else res.writeHead(500, {'content-type': 'application/json'}).end(JSON.stringify({message: String(error)}));
		});
	});

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	let closing: Promise<void> | undefined;
	return {
		url: origin,
		requests,
		count(predicate) {
			return predicate === undefined ? requests.length : requests.filter(toMatcher(predicate)).length;
		},
		get logins() {
			return logins;
		},
		issuedTokens,
		get tooManyRequests() {
			return tooManyRequests;
		},
		get inFlight() {
			return inFlight;
		},
		get inFlightPeak() {
			return inFlightPeak;
		},
		fault(match, fault, times = Infinity) {
			faults.push({matches: toMatcher(match), fault, remaining: times});
		},
		clearFaults() {
			faults.length = 0;
		},
		revokeTokens() {
			liveTokens.clear();
		},
		setCounts(image, {pulls, stars}) {
			const indexed = repositories.get(image);
			if (!indexed) throw new Error(`the fake hub has no repository ${image}`);
			if (pulls !== undefined) indexed.repository.pull_count = pulls;
			if (stars !== undefined) indexed.repository.star_count = stars;
		},
		push(image, tag) {
			const indexed = repositories.get(image);
			if (!indexed) throw new Error(`the fake hub has no repository ${image}`);
			const repository = indexed.repository;
			repository.tags = [...repository.tags.filter((other) => other.name !== tag.name), tag];
			repository.last_updated = tag.last_updated;
			const pushed = indexRepository(repository);
			Object.assign(indexed, pushed);
		},
		setLatency(ms) {
			latencyMs = ms;
		},
		resetCounters() {
			requests.length = 0;
			logins = 0;
			tooManyRequests = 0;
			inFlightPeak = inFlight;
		},
		close() {
			closing ??= new Promise<void>((resolve, reject) => {
				for (const timer of timers) clearTimeout(timer);
				timers.clear();
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			});
			return closing;
		},
	};
}
