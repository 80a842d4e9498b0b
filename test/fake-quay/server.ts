import {createServer} from 'node:http';
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import type {FakeOciRepository} from '../fake-registry/oci.ts';

/**
 * The loopback Quay API for tests and `npm run demo`: the two endpoints the build reads,
 * answered as quay's own code answers them (endpoints/api/repository.py, endpoints/api/tag.py).
 */

export type FakeQuayTag = {
	name: string;
	/** Seconds since the epoch, as quay's `start_ts`. */
	start_ts: number;
	/** Set on tags that were moved or deleted: quay lists them unless `onlyActiveTags=true`. */
	end_ts?: number;
	manifest_digest: string;
	is_manifest_list: boolean;
	/** The manifest's compressed layers; quay sends null for a manifest list, which has none. */
	size: number | null;
};

export type FakeQuayRepository = {
	namespace: string;
	name: string;
	description: string | null;
	is_public: boolean;
	tags: FakeQuayTag[];
	/** Pulls counted per UTC day (`2024-06-01`); quay keeps the last three months. */
	dailyPulls: Record<string, number>;
};

export type FakeQuayFault =
	| 'status-503'
	| 'malformed'
	| 'truncated-json'
	/** Headers never come. */
	| 'hang'
	| {status: number; body?: string};

export type FakeQuayRequest = {method: string; path: string; authorization: string | undefined; status: number};

export type FakeQuay = {
	/** 'http://127.0.0.1:PORT' */
	url: string;
	requests: FakeQuayRequest[];
	/** Requests whose path starts with the prefix (all without one). */
	count(prefix?: string): number;
	/** The next `times` (default Infinity) requests whose path starts with `prefix` get `fault`. */
	fault(prefix: string, fault: FakeQuayFault, times?: number): void;
	clearFaults(): void;
	/** Adds pulls to a day's count from the next request on. */
	pull(image: string, day: string, count: number): void;
	resetCounters(): void;
	close(): Promise<void>;
};

export type FakeQuayOptions = {
	repositories?: FakeQuayRepository[];
	/** quay fills in zero counts for the 91 days before its own today; default: the real clock. */
	now?: () => Date;
	/** A bearer token that may read private repositories. */
	token?: string;
};

// quay's MAX_DAYS_IN_3_MONTHS: days 1 to 91 before today are reported.
const reportedDays = 92;
const repositoryRoute = /^\/api\/v1\/repository\/([^/]+)\/([^/]+)(\/tag\/)?$/;

/** quay's error body (endpoints/api/__init__.py, `error_view`). */
function errorBody(status: number, type: string, detail: string): string {
	return JSON.stringify({detail, error_message: detail, error_type: type, title: type, type: `https://quay.io/api/v1/error/${type}`, status});
}

type Reply = {status: number; body: string} | 'hang';

export async function startFakeQuay(options: FakeQuayOptions = {}): Promise<FakeQuay> {
	const now = options.now ?? (() => new Date());
	const repositories = new Map((options.repositories ?? demoQuayRepositories(now())).map(repository => [`${repository.namespace}/${repository.name}`, structuredClone(repository)]));
	const faults: Array<{prefix: string; fault: FakeQuayFault; remaining: number}> = [];
	const requests: FakeQuayRequest[] = [];

	function stats(repository: FakeQuayRepository): Array<{date: string; count: number}> {
		// As quay does: the days that have a count first, then zeros for the other days, not in date order.
		const today = now();
		const days = Array.from({length: reportedDays - 1}, (_, index) => new Date(today.getTime() - (index + 1) * 86_400_000).toISOString().slice(0, 10));
		const counted = days.filter(day => repository.dailyPulls[day] !== undefined);
		return [...counted.map(day => ({date: day, count: repository.dailyPulls[day]!})), ...days.filter(day => !counted.includes(day)).map(day => ({date: day, count: 0}))];
	}

	function route(req: IncomingMessage, url: URL): Reply {
		const match = repositoryRoute.exec(url.pathname);
		if (!match) return {status: 404, body: errorBody(404, 'not_found', 'Not Found')};
		const repository = repositories.get(`${decodeURIComponent(match[1]!)}/${decodeURIComponent(match[2]!)}`);
		const authorized = options.token !== undefined && req.headers.authorization === `Bearer ${options.token}`;
		if (!repository) return {status: 404, body: errorBody(404, 'not_found', 'Not Found')};
		// endpoints/exception.py `Unauthorized`: 401 to an anonymous caller, 403 to a user without access.
		if (!repository.is_public && !authorized) {
			return req.headers.authorization === undefined ? {status: 401, body: errorBody(401, 'invalid_token', 'Requires authentication')} : {status: 403, body: errorBody(403, 'insufficient_scope', 'Unauthorized')};
		}
		if (match[3] === undefined) {
			const live = repository.tags.filter(tag => tag.end_ts === undefined);
			return {
				status: 200,
				body: JSON.stringify({
					namespace: repository.namespace,
					name: repository.name,
					kind: 'image',
					description: repository.description,
					is_public: repository.is_public,
					is_organization: true,
					is_starred: false,
					status_token: '',
					trust_enabled: false,
					tag_expiration_s: 1_209_600,
					is_free_account: true,
					state: 'NORMAL',
					can_write: false,
					can_admin: false,
					...(url.searchParams.get('includeTags') === 'false'
						? {}
						: {tags: Object.fromEntries(live.slice(0, 500).map(tag => [tag.name, {name: tag.name, size: tag.size, last_modified: new Date(tag.start_ts * 1000).toUTCString(), manifest_digest: tag.manifest_digest}]))}),
					...(url.searchParams.get('includeStats') === 'true' ? {stats: stats(repository)} : {}),
				}),
			};
		}
		const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 50) || 50));
		const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
		const tags = repository.tags
			.filter(tag => url.searchParams.get('onlyActiveTags') !== 'true' || tag.end_ts === undefined)
			.filter(tag => !url.searchParams.get('specificTag') || tag.name === url.searchParams.get('specificTag'))
			.toSorted((a, b) => b.start_ts - a.start_ts || (a.name < b.name ? -1 : 1));
		const slice = tags.slice((page - 1) * limit, page * limit);
		return {
			status: 200,
			body: JSON.stringify({
				tags: slice.map(tag => ({
					name: tag.name,
					reversion: false,
					start_ts: tag.start_ts,
					...(tag.end_ts === undefined ? {} : {end_ts: tag.end_ts}),
					manifest_digest: tag.manifest_digest,
					is_manifest_list: tag.is_manifest_list,
					size: tag.size,
					last_modified: new Date(tag.start_ts * 1000).toUTCString().replace('GMT', '-0000'),
					...(tag.end_ts === undefined ? {} : {expiration: new Date(tag.end_ts * 1000).toUTCString().replace('GMT', '-0000')}),
				})),
				page,
				has_additional: tags.length > page * limit,
			}),
		};
	}

	function reply(req: IncomingMessage): Reply {
		const path = req.url ?? '/';
		const fault = faults.find(candidate => candidate.remaining > 0 && path.startsWith(candidate.prefix));
		if (!fault) return route(req, new URL(path, 'http://fake'));
		fault.remaining--;
		const chosen = fault.fault;
		if (chosen === 'hang') return 'hang';
		if (chosen === 'status-503') return {status: 503, body: '<html><body>503 Service Unavailable</body></html>'};
		if (chosen === 'malformed') return {status: 200, body: JSON.stringify({tags: 'not a list', page: 'x'})};
		if (chosen === 'truncated-json') return {status: 200, body: '{"namespace": "ns", "na'};
		return {status: chosen.status, body: chosen.body ?? errorBody(chosen.status, 'fault', 'fault')};
	}

	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const recorded: FakeQuayRequest = {method: req.method ?? 'GET', path: req.url ?? '/', authorization: req.headers.authorization, status: 0};
		requests.push(recorded);
		const answer = reply(req);
		if (answer === 'hang') return;
		recorded.status = answer.status;
		res.writeHead(answer.status, {'content-type': 'application/json'});
		res.end(answer.body);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	let closing: Promise<void> | undefined;
	return {
		url,
		requests,
		count: prefix => (prefix === undefined ? requests.length : requests.filter(request => request.path.startsWith(prefix)).length),
		fault(prefix, fault, times = Infinity) {
			faults.push({prefix, fault, remaining: times});
		},
		clearFaults() {
			faults.length = 0;
		},
		pull(image, day, count) {
			const repository = repositories.get(image);
			if (!repository) throw new Error(`the fake quay has no repository ${image}`);
			repository.dailyPulls[day] = (repository.dailyPulls[day] ?? 0) + count;
		},
		resetCounters() {
			requests.length = 0;
		},
		close() {
			closing ??= new Promise<void>((resolve, reject) => {
				server.close(error => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			});
			return closing;
		},
	};
}

/** `quay.io/demo/tool`: releases behind a multi-arch `latest`, CI tags, a deleted tag, and 90 days of pulls. */
export function demoQuayRepositories(now: Date): FakeQuayRepository[] {
	const at = (daysAgo: number) => Math.floor(now.getTime() / 1000) - daysAgo * 86_400;
	const digest = (label: string) => `sha256:${Buffer.from(label).toString('hex').padEnd(64, '0').slice(0, 64)}`;
	const dailyPulls: Record<string, number> = {};
	for (let day = 1; day <= 91; day++) {
		dailyPulls[new Date(now.getTime() - day * 86_400_000).toISOString().slice(0, 10)] = 1_000 + ((day * 37) % 400);
	}
	return [
		{
			namespace: 'demo',
			name: 'tool',
			description: 'A demo image on quay.io',
			is_public: true,
			dailyPulls,
			tags: [
				{name: 'sha-4f2a9c1', start_ts: at(1), manifest_digest: digest('ci-1'), is_manifest_list: false, size: 31_457_280},
				{name: 'latest', start_ts: at(2), manifest_digest: digest('index-2.4.1'), is_manifest_list: true, size: null},
				{name: '2.4.1', start_ts: at(2), manifest_digest: digest('index-2.4.1'), is_manifest_list: true, size: null},
				{name: '2.4', start_ts: at(2), manifest_digest: digest('index-2.4.1'), is_manifest_list: true, size: null},
				{name: '2.4.0', start_ts: at(20), manifest_digest: digest('index-2.4.0'), is_manifest_list: true, size: null},
				{name: 'latest', start_ts: at(20), end_ts: at(2), manifest_digest: digest('index-2.4.0'), is_manifest_list: true, size: null},
				{name: '2.5.0-beta', start_ts: at(10), end_ts: at(5), manifest_digest: digest('index-2.5.0-beta'), is_manifest_list: true, size: null},
				{name: '2.3.9', start_ts: at(60), manifest_digest: digest('single-2.3.9'), is_manifest_list: false, size: 29_360_128},
			],
		},
	];
}

/** What quay.io's registry API serves for the demo's `demo/tool`: the multi-platform push of latest, 2.4 and 2.4.1. */
export function demoQuayRegistryRepositories(): FakeOciRepository[] {
	const push = {
		platforms: [
			{architecture: 'amd64', os: 'linux', layers: [10_000_000, 5_000_000], created: '2026-11-28T00:00:00Z'},
			{architecture: 'arm64', os: 'linux', layers: [9_000_000, 5_000_000], created: '2026-11-28T00:00:00Z'},
		],
	};
	return [{name: 'demo/tool', tags: {latest: push, '2.4': push, '2.4.1': push}}];
}
