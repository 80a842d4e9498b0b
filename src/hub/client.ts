import {setMaxListeners} from 'node:events';
import {Pool} from 'undici';
import type {z} from 'zod';
import {formatDuration} from '../duration.ts';
import {backoffDelay, retryAfterMs} from './backoff.ts';
import {Deadline, maxTimerMs, unlessAborted, wait} from './deadline.ts';
import {CredentialsError, HubError} from './errors.ts';
import {Pacer} from './pacer.ts';
import {Scheduler} from './scheduler.ts';
import {BodyTooLargeError, readBody} from './read-body.ts';
import {Redactor} from './redactor.ts';
import {Session} from './session.ts';

export type Credentials = {username: string; secret: string};

export type HubClientOptions = {
	baseUrl: string;
	/** How messages name the server: Docker Hub unless told (`ghcr.io`, `registry.example.com`). */
	name?: string;
	/** Shared by every client of a build, so that each one's messages are scrubbed of every secret the build holds. */
	redactor?: Redactor;
	credentials?: Credentials | undefined;
	concurrency: number;
	/** Idle limits: the wait for the headers, and between two chunks of the body. */
	headersTimeoutMs?: number;
	bodyTimeoutMs?: number;
	/** One exchange, from sending to the body's last byte; one that takes longer is tried again, as a dropped connection is. */
	exchangeTimeoutMs?: number;
	/**
	 * One request from when it first leaves the queue: every try and every wait between tries.
	 * (Its place in the queue depends on the whole build's pace; the fetch deadline bounds that.)
	 */
	callTimeoutMs?: number;
	/**
	 * The build's fetch deadline, counted from the client's creation: past it nothing more is
	 * sent, and every request not yet answered fails as unavailable. None when undefined.
	 */
	fetchDeadlineMs?: number | undefined;
	/** First backoff step; retries wait up to base × 2^n, jittered. */
	retryBaseMs?: number;
	/** Tries for 5xx, timeouts and connection errors, the first one included. */
	maxTries?: number;
	/** 429s one request may meet before it gives up. */
	maxRateLimitRetries?: number;
	/**
	 * A wait Docker Hub asks for (a 429's Retry-After or X-Retry-After, or a spent budget's
	 * reset) longer than this gives up at once: the badges keep their last values.
	 */
	maxRateLimitWaitMs?: number;
	maxBodyBytes?: number;
};

export type HubStats = {
	requests: number;
	logins: number;
	tooManyRequests: number;
	retries: number;
	rateLimitWaitMs: number;
};

/** A server's answer, read within the body limit. */
export type Answer = {status: number; headers: Record<string, string | string[] | undefined>; text: string};

/** How one request presents itself: what it accepts, and the credentials for this client's origin. */
export type Presentation = {accept?: string; authorization?: string | undefined};

const redirects = new Set([301, 302, 303, 307, 308]);
const maxRedirects = 3;
// Enough of a server's message to say what went wrong; the rest could be anything.
const maxQuotedLength = 200;
// Longer than any form of a secret, so a secret that starts within the quoted part is whole
// in what is redacted; and the redaction of a huge message stays cheap.
const maxRedactedLength = 64 * 1024;

// What can stand in an Authorization header: visible ASCII. Docker Hub's JWTs are a few
// hundred bytes; 8 KiB bounds what a broken or hostile login answer costs every request.
const usableToken = /^[\x21-\x7e]{1,8192}$/;

/** Unanswered exchanges in a row that stop the build asking: two for each connection, and never fewer than 6. */
function silentLimit(concurrency: number): number {
	return Math.max(6, 2 * concurrency);
}

/** An exchange that outlived exchangeTimeoutMs: retried, like a dropped connection. */
class ExchangeTimeout extends Error {
	override readonly name = 'ExchangeTimeout';
}

/**
 * The only code that speaks HTTP to a server: one per origin (Docker Hub, a registry, its
 * token realm), each with one keep-alive pool, pacing from the rate-limit headers, retries,
 * body limits, and the rule that nothing (credentials least of all) is sent anywhere but
 * its own origin. Docker Hub's login lives here too (`credentials`); other registries'
 * credentials are handed to `exchange` by their adapter, for this origin only.
 */
export class HubClient {
	readonly origin: string;
	readonly #pool: Pool;
	readonly #pacer = new Pacer();
	readonly #scheduler: Scheduler;
	readonly #session: Session | undefined;
	readonly #redactor: Redactor;
	readonly #name: string;
	readonly #options: Required<Omit<HubClientOptions, 'credentials' | 'fetchDeadlineMs' | 'name' | 'redactor'>>;
	readonly #stats = {requests: 0, logins: 0, tooManyRequests: 0, retries: 0};
	/** Fires at the fetch deadline or on abort(); every request's own signal follows it. */
	readonly #stop = new AbortController();
	readonly #deadlineTimer: NodeJS.Timeout | undefined;
	/** Why the build stopped asking: the fetch deadline passed, or Docker Hub stopped answering. */
	#stoppedBecause: string | undefined;
	/** Exchanges in a row, over every request, that ended with no answer at all. */
	#unansweredInARow = 0;
	/** An exchange was given up on while undici still held it: close() then destroys the pool. */
	#abandoned = false;
	#closing: Promise<void> | undefined;

	constructor(options: HubClientOptions) {
		const {name: _name, redactor: _redactor, ...timing} = options;
		this.#options = {
			headersTimeoutMs: 30_000,
			bodyTimeoutMs: 30_000,
			exchangeTimeoutMs: 60_000,
			callTimeoutMs: 5 * 60_000,
			retryBaseMs: 500,
			maxTries: 3,
			maxRateLimitRetries: 5,
			maxRateLimitWaitMs: 120_000,
			maxBodyBytes: 5 * 1024 * 1024,
			...timing,
		};
		this.origin = new URL(options.baseUrl).origin;
		this.#name = options.name ?? 'Docker Hub';
		this.#redactor = options.redactor ?? new Redactor();
		this.#pool = new Pool(this.origin, {
			connections: options.concurrency,
			pipelining: 1,
			keepAliveTimeout: 10_000,
			headersTimeout: this.#options.headersTimeoutMs,
			bodyTimeout: this.#options.bodyTimeoutMs,
			connect: {timeout: 10_000},
		});
		this.#scheduler = new Scheduler(options.concurrency, this.#pacer, this.#options.maxRateLimitWaitMs);
		const {credentials, fetchDeadlineMs} = options;
		if (credentials) {
			this.#redactor.add(credentials.secret);
			this.#session = new Session(async () => this.#call(async call => this.#login(call.start().signal, credentials)));
		}
		// Every request waiting or in flight listens to it: hundreds at a time is expected, not a leak.
		setMaxListeners(0, this.#stop.signal);
		if (fetchDeadlineMs !== undefined) {
			this.#deadlineTimer = setTimeout(() => {
				this.#stopAsking(`the build's fetch deadline (${formatDuration(fetchDeadlineMs)}) passed`);
			}, Math.min(fetchDeadlineMs, maxTimerMs));
			this.#deadlineTimer.unref();
		}
	}

	/** Requests in flight at most. */
	get concurrency(): number {
		return this.#options.concurrency;
	}

	get authenticated(): boolean {
		return this.#session !== undefined;
	}

	get stats(): HubStats {
		return {...this.#stats, rateLimitWaitMs: this.#scheduler.waitedMs};
	}

	/** Why nothing more was sent before the build's end (the fetch deadline, a silent Docker Hub); undefined when all was asked. */
	get stoppedBecause(): string | undefined {
		return this.#stoppedBecause;
	}

	/** What is left of Docker Hub's current rate-limit window, as last advertised. */
	get rateLimitRemaining(): number | undefined {
		return this.#pacer.remaining(Date.now());
	}

	/** Logs in now, so that bad credentials stop the build before anything else happens. */
	async login(): Promise<void> {
		await this.#session?.token();
	}

	/**
	 * Removes from text the secret token and every JWT Docker Hub issued to this client, in
	 * any form a server might echo them in. Every error this client throws has been through it.
	 */
	redact(text: string): string {
		return this.#redactor.redact(text);
	}

	/** GETs a path (or an absolute URL on our origin, such as a `next` link) and validates the JSON. */
	async getJson<S extends z.ZodType>(target: string, schema: S): Promise<z.output<S>> {
		return this.#call(async call => {
			const {signal} = call;
			let path = this.#pathOnOrigin(target, 'link');
			let refreshed = false;
			for (let redirect = 0; ; ) {
				const {token, answer} = await this.#retrying(signal, async () => {
					await this.#scheduler.acquire(signal);
					call.start();
					try {
						// Taken when the request leaves the queue: under pacing it may have waited minutes.
						const token = this.#session && (await unlessAborted(this.#session.token(), signal));
						return {token, answer: await this.#send(signal, 'GET', path, {authorization: token && `Bearer ${token}`})};
					} finally {
						this.#scheduler.release();
					}
				});

				if (answer.status === 401 && token && !refreshed) {
					this.#session!.invalidate(token);
					refreshed = true;
					continue;
				}
				if (redirects.has(answer.status)) {
					if (redirect === maxRedirects) {
						throw new HubError('invalid-response', `more than ${maxRedirects} redirects`, answer.status);
					}
					path = this.#pathOnOrigin(String(answer.headers.location ?? ''), 'redirect');
					redirect++;
					continue;
				}
				return this.#parse(answer, schema);
			}
		});
	}

	/** From now on, every message of this client (and of those sharing its redactor) hides this secret. */
	addSecret(secret: string): void {
		this.#redactor.add(secret);
	}

	/**
	 * One GET on this origin within every bound of a request (pacing, retries of 5xx, 429s
	 * and dropped connections, the body limit, the deadlines), its answer returned as it is:
	 * a 401 to authenticate, a redirect to follow or a 404 is the caller's to read.
	 */
	async exchange(target: string, presentation: Presentation): Promise<Answer> {
		return this.#call(async call => {
			const {signal} = call;
			const path = this.#pathOnOrigin(target, 'link');
			const {answer} = await this.#retrying(signal, async () => {
				await this.#scheduler.acquire(signal);
				call.start();
				try {
					return {answer: await this.#send(signal, 'GET', path, presentation)};
				} finally {
					this.#scheduler.release();
				}
			});
			return answer;
		});
	}

	/** An answer's JSON validated against the schema, or the HubError its status or body calls for. */
	parse<S extends z.ZodType>(answer: Answer, schema: S): z.output<S> {
		try {
			return this.#parse(answer, schema);
		} catch (error) {
			throw error instanceof HubError ? new HubError(error.failure, this.redact(error.message), error.status) : error;
		}
	}

	/** Lets requests in flight finish, then closes the connections. */
	async close(): Promise<void> {
		clearTimeout(this.#deadlineTimer);
		this.#scheduler.close();
		// A request undici never settled would hold a graceful close open forever.
		this.#closing ??= this.#abandoned ? this.#pool.destroy() : this.#pool.close();
		await this.#closing;
	}

	/** For a build that failed: drops requests in flight and sends nothing more. */
	async abort(): Promise<void> {
		clearTimeout(this.#deadlineTimer);
		if (!this.#stop.signal.aborted) {
			this.#stop.abort(new HubError('unavailable', 'the build stopped before this request was sent'));
		}
		this.#scheduler.close();
		this.#closing ??= this.#pool.destroy();
		await this.#closing;
	}

	/** From now on nothing is sent, and every request not yet answered fails as unavailable (transient). */
	#stopAsking(reason: string): void {
		if (this.#stop.signal.aborted) {
			return;
		}
		this.#stoppedBecause = reason;
		this.#stop.abort(new HubError('unavailable', reason));
	}

	/**
	 * Runs one request within its bounds (callTimeoutMs once `run` starts the clock, and the
	 * fetch deadline through #stop), and redacts whatever error leaves it: nothing secret
	 * leaves this class.
	 */
	async #call<T>(run: (call: Deadline) => Promise<T>): Promise<T> {
		const {callTimeoutMs} = this.#options;
		const call = new Deadline(
			this.#stop.signal,
			callTimeoutMs,
			() => new HubError('unavailable', `${this.#name} gave no complete answer within ${callTimeoutMs / 1000} s, tries and waits included`),
		);
		try {
			return await run(call);
		} catch (error) {
			if (error instanceof HubError) {
				throw new HubError(error.failure, this.redact(error.message), error.status);
			}
			if (error instanceof CredentialsError) {
				throw new CredentialsError(this.redact(error.message));
			}
			throw error;
		} finally {
			call.dispose();
		}
	}

	/** Keeps credentials on the configured origin: a link or redirect elsewhere is refused, not followed. */
	#pathOnOrigin(target: string, what: 'link' | 'redirect'): string {
		let url: URL;
		try {
			url = new URL(target, this.origin);
		} catch {
			// The server's text: a broken address fails this request, never the build.
			throw new HubError('invalid-response', `${this.#name} sent a ${what} that is not a URL`);
		}
		if (url.origin !== this.origin) {
			throw new HubError('invalid-response', `${this.#name} sent a ${what} to ${truncate(url.origin)}, not ${this.origin}; not followed, so credentials stay with ${this.#name}`);
		}
		return url.pathname + url.search;
	}

	#parse<S extends z.ZodType>(answer: Answer, schema: S): z.output<S> {
		const {status} = answer;
		if (status === 200) {
			let json: unknown;
			try {
				json = JSON.parse(answer.text);
			} catch {
				throw new HubError('invalid-response', `${this.#name} answered with invalid or truncated JSON`, status);
			}
			const parsed = schema.safeParse(json);
			if (!parsed.success) {
				const issue = parsed.error.issues[0]!;
				throw new HubError('invalid-response', `unexpected response from ${this.#name} (${issue.path.join('.') || 'body'}: ${issue.message})`, status);
			}
			return parsed.data;
		}
		const detail = this.#quote(answer.text);
		if (status === 404) {
			throw new HubError('not-found', `${this.#name} answered 404${detail ? ` (${detail})` : ''}`, status);
		}
		if (status === 401 || status === 403) {
			throw new HubError('forbidden', `${this.#name} refused access (${status}${detail ? ` ${detail}` : ''})`, status);
		}
		if (redirects.has(status)) {
			throw new HubError('invalid-response', `${this.#name} answered ${status}, a redirect, where none is followed`, status);
		}
		throw new HubError('rejected', `${this.#name} answered ${status}${detail ? ` (${detail})` : ''}`, status);
	}

	/**
	 * Runs one exchange, again when the answer says that may help: 5xx and network
	 * errors with backoff, 429 after the wait Docker Hub asks for. Other answers are
	 * returned for the caller to read.
	 */
	async #retrying<T extends {answer: Answer}>(signal: AbortSignal, exchange: () => Promise<T>): Promise<T> {
		const {maxTries, maxRateLimitRetries, maxRateLimitWaitMs, retryBaseMs} = this.#options;
		let failures = 0;
		let rateLimited = 0;
		for (;;) {
			let result: T;
			try {
				result = await exchange();
			} catch (error) {
				if (error instanceof HubError || error instanceof CredentialsError) {
					throw error;
				}
				if (isNetworkError(error)) {
					this.#noAnswer();
				}
				// Only the network's failures are worth another try; anything else fails this request alone.
				if (++failures >= maxTries || !isNetworkError(error)) {
					throw new HubError('unavailable', `${this.#name} did not answer: ${networkMessage(error)} (after ${failures} tries)`);
				}
				this.#stats.retries++;
				await wait(backoffDelay(failures, retryBaseMs), signal);
				continue;
			}

			const {status, headers} = result.answer;
			if (status === 429) {
				this.#stats.tooManyRequests++;
				if (++rateLimited > maxRateLimitRetries) {
					throw new HubError('rate-limited', `still rate limited after ${maxRateLimitRetries} waits`, status);
				}
				const delay = retryAfterMs(headers, Date.now()) ?? backoffDelay(rateLimited, retryBaseMs * 4);
				if (delay > maxRateLimitWaitMs) {
					throw new HubError('rate-limited', `rate limited for ${Math.ceil(delay / 1000)} s, longer than a build waits`, status);
				}
				this.#pacer.pauseUntil(Date.now() + delay);
				await wait(delay, signal);
				continue;
			}
			if (status >= 500) {
				if (++failures >= maxTries) {
					throw new HubError('unavailable', `${this.#name} answered ${status} (after ${failures} tries)`, status);
				}
				this.#stats.retries++;
				await wait(backoffDelay(failures, retryBaseMs), signal);
				continue;
			}
			return result;
		}
	}

	/**
	 * One HTTP exchange, within exchangeTimeoutMs from sending to the body's last byte; the
	 * body is always read to the end or destroyed, within the size limit.
	 */
	async #send(signal: AbortSignal, method: 'GET' | 'POST', path: string, {accept = 'application/json', authorization}: Presentation, body?: unknown): Promise<Answer> {
		// Past the fetch deadline nothing more is sent, whoever asks.
		signal.throwIfAborted();
		this.#stats.requests++;
		const headers: Record<string, string> = {accept, 'user-agent': 'dockerhub-badges'};
		if (authorization) {
			headers.authorization = authorization;
		}
		if (body !== undefined) {
			headers['content-type'] = 'application/json';
		}
		const {exchangeTimeoutMs} = this.#options;
		const exchange = new Deadline(signal, exchangeTimeoutMs, () => new ExchangeTimeout(`no complete answer within ${exchangeTimeoutMs / 1000} s`)).start();
		try {
			// undici destroys the body when the signal fires, so a dripping body ends here too.
			const pending = this.#pool.request({
				method,
				path,
				headers,
				body: body === undefined ? undefined : JSON.stringify(body),
				signal: exchange.signal,
			});
			// undici has been seen to leave a request unsettled, its abort listener gone (a header it
			// refused, in a pool with other requests): the deadline ends the wait whatever undici does,
			// and an answer that still comes later has its body destroyed.
			const response = await unlessAborted(pending, exchange.signal).catch((error: unknown) => {
				this.#abandoned = true;
				pending.then(
					late => late.body.destroy(),
					() => undefined,
				);
				throw error;
			});
			this.#pacer.observe(response.headers);
			if (response.statusCode === 429) {
				// Before the queue moves: the waiting requests must not walk into the same 429.
				this.#pacer.pauseUntil(Date.now() + (retryAfterMs(response.headers, Date.now()) ?? this.#options.retryBaseMs));
			}
			this.#scheduler.pump();

			try {
				const text = await readBody(response.body, response.headers['content-length'], this.#options.maxBodyBytes);
				this.#unansweredInARow = 0;
				return {status: response.statusCode, headers: response.headers, text};
			} catch (error) {
				if (error instanceof BodyTooLargeError) {
					throw new HubError('invalid-response', error.message, response.statusCode);
				}
				throw error;
			}
		} catch (error) {
			// The deadline's own reason: a timed-out exchange (retried), or the request's or the build's end (final).
			throw exchange.signal.aborted ? exchange.signal.reason : error;
		} finally {
			exchange.dispose();
		}
	}

	/**
	 * Counts an exchange that got no complete answer (a timeout, a refused or dropped
	 * connection). When two rounds of every connection in a row got none, Docker Hub is
	 * down or silent: waiting out each request's tries would keep a scheduled build
	 * running for minutes to learn nothing, so the rest fail at once and keep their last values.
	 */
	#noAnswer(): void {
		if (++this.#unansweredInARow >= silentLimit(this.#options.concurrency)) {
			this.#stopAsking(`${this.#name} stopped answering: ${this.#unansweredInARow} exchanges in a row got no answer, so the rest were not sent`);
		}
	}

	/** Text Docker Hub wrote, fit to quote in a message: redacted, then cut, so a cut never leaves part of a secret. */
	#quote(body: string): string | undefined {
		const message = messageOf(body);
		if (message === undefined) {
			return undefined;
		}
		return truncate(this.redact(message.slice(0, maxRedactedLength)));
	}

	async #login(signal: AbortSignal, credentials: Credentials): Promise<string> {
		const exchange = async (path: string, body: unknown) =>
			this.#retrying(signal, async () => ({answer: await this.#send(signal, 'POST', path, {}, body)}));

		let path = '/v2/auth/token';
		let {answer} = await exchange(path, {identifier: credentials.username, secret: credentials.secret});
		if (answer.status === 404 || answer.status === 405) {
			// Older deployments and mirrors only have the legacy route shields.io still uses.
			path = '/v2/users/login';
			({answer} = await exchange(path, {username: credentials.username, password: credentials.secret}));
		}

		if (answer.status === 401) {
			throw new CredentialsError(
				`Docker Hub refused the login of user "${credentials.username}" (${this.#quote(answer.text) ?? '401'}). ` +
					'Check DOCKERHUB_USERNAME and DOCKERHUB_TOKEN: the token must be a valid personal or organization access token.',
			);
		}
		if (answer.status !== 200) {
			throw new CredentialsError(`Docker Hub answered ${answer.status} to the login of user "${credentials.username}" at ${path}.`);
		}
		let token: unknown;
		try {
			const json = JSON.parse(answer.text) as {access_token?: unknown; token?: unknown};
			token = json.access_token ?? json.token;
		} catch {
			// Handled below with the same message as a missing field.
		}
		if (typeof token !== 'string' || !usableToken.test(token)) {
			throw new HubError('invalid-response', `the answer to ${path} has no usable token`);
		}
		// Every token of the build, not just the one in use: a server may quote an old one.
		this.#redactor.add(token);
		this.#stats.logins++;
		return token;
	}
}

/** At most maxQuotedLength characters, never half of one. */
function truncate(text: string): string {
	if (text.length <= maxQuotedLength) {
		return text;
	}
	const characters = Array.from(text);
	return characters.length > maxQuotedLength ? `${characters.slice(0, maxQuotedLength).join('')}…` : text;
}

function messageOf(text: string): string | undefined {
	try {
		// Docker Hub's `message` or `detail`; an OCI registry's `errors[0].message`.
		const json = JSON.parse(text) as {message?: unknown; detail?: unknown; errors?: Array<{message?: unknown}>};
		const message = json.message ?? json.detail ?? (Array.isArray(json.errors) ? json.errors[0]?.message : undefined);
		return typeof message === 'string' ? message : undefined;
	} catch {
		return undefined;
	}
}

// What undici and the socket layer throw when the network, not Docker Hub, failed:
// worth another try. Anything else (a closed pool, a bug) is not.
const networkErrorCodes = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ETIMEDOUT',
	'EPIPE',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
]);

function isNetworkError(error: unknown): boolean {
	if (error instanceof ExchangeTimeout) {
		return true;
	}
	const code = (error as {code?: unknown} | undefined)?.code;
	return typeof code === 'string' && networkErrorCodes.has(code);
}

function networkMessage(error: unknown): string {
	if (error instanceof Error) {
		const code = (error as {code?: unknown}).code;
		return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
	}
	return String(error);
}
