import {hostVariablePart} from '../../build/registry-settings.ts';
import {isLoopback} from '../../build/settings.ts';
import {single} from '../../hub/header.ts';
import type {Answer, HubClient} from '../../hub/client.ts';
import {CredentialsError, HubError} from '../../hub/errors.ts';
import type {RegistryAccess} from '../adapter.ts';
import {parseChallenge, type Challenge} from './challenge.ts';
import {tokenAnswerSchema} from './schemas.ts';

// What can stand in an Authorization header: visible ASCII, bounded as Docker Hub's tokens are.
// Every token goes into the redactor: a token of a few characters would cut them out of every message.
const usableToken = /^[\x21-\x7e]{16,8192}$/;
const redirects = new Set([301, 302, 303, 307, 308]);
const maxRedirects = 3;

/**
 * One OCI registry for one build: the token flow of the Docker/OCI distribution auth spec.
 * `GET /v2/` once tells how the registry wants to be asked (nothing, Basic, or a bearer
 * token from a realm); each repository then gets its own pull token, asked for once.
 * Registry credentials go only to the registry's own origin: to the realm only when the
 * realm is on that origin (GHCR's is), to a blob's redirect target never.
 */
export class OciSession {
	readonly #registry: HubClient;
	#challenge: Promise<Challenge | undefined> | undefined;
	readonly #tokens = new Map<string, Promise<string>>();
	/** The realm took the credentials once: a refusal after that is one repository's, not theirs. */
	#credentialsAccepted = false;
	/** The first request that carries the credentials to the realm, while it is unanswered: it checks them, the others wait for it. */
	#credentialsCheck: Promise<void> | undefined;

	/** The registry's host, as messages name it. */
	readonly name: string;

	constructor(private readonly access: RegistryAccess) {
		this.name = access.host;
		this.#registry = access.client(access.origin);
	}

	/** GETs a path of the registry for `repository`, authenticated as the registry asks; a 401 gets one fresh token. */
	async get(repository: string, path: string, accept: string): Promise<Answer> {
		const challenge = await this.#probe();
		let authorization = await this.#authorization(challenge, repository);
		let answer = await this.#registry.exchange(path, {accept, authorization});
		if (answer.status === 401) {
			// A token that expired, or a registry whose repositories ask for more than /v2/ did.
			const fresh = parseChallenge(single(answer.headers['www-authenticate'])) ?? challenge;
			if (fresh?.scheme === 'bearer') {
				this.#tokens.delete(repository);
			}
			authorization = await this.#authorization(fresh, repository);
			answer = await this.#registry.exchange(path, {accept, authorization});
		}
		return answer;
	}

	/** A blob, following the registry's redirect to its storage (another origin) without any credentials. */
	async blob(repository: string, path: string, accept: string): Promise<{answer: Answer; client: HubClient}> {
		let answer = await this.get(repository, path, accept);
		let client = this.#registry;
		for (let redirect = 0; redirects.has(answer.status) && redirect < maxRedirects; redirect++) {
			const target = this.#redirectTarget(single(answer.headers.location), client.origin);
			if (target.origin === this.access.origin) {
				client = this.#registry;
				answer = await this.get(repository, target.pathname + target.search, accept);
			} else {
				client = this.access.client(target.origin);
				answer = await client.exchange(target.href, {accept});
			}
		}
		if (redirects.has(answer.status)) {
			throw new HubError('invalid-response', `${this.name} redirected a blob more than ${maxRedirects} times`, answer.status);
		}
		return {answer, client};
	}

	/** The registry's client, to read its answers. */
	get client(): HubClient {
		return this.#registry;
	}

	#redirectTarget(location: string | undefined, base: string): URL {
		let url: URL;
		try {
			url = new URL(location ?? '', base);
		} catch {
			throw new HubError('invalid-response', `${this.name} redirected a blob to an address that is not a URL`);
		}
		if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
			throw new HubError('invalid-response', `${this.name} redirected a blob to ${url.origin}; only https is followed`);
		}
		return url;
	}

	async #probe(): Promise<Challenge | undefined> {
		this.#challenge ??= this.#registry.exchange('/v2/', {}).then(answer => (answer.status === 401 ? parseChallenge(single(answer.headers['www-authenticate'])) : undefined));
		return this.#challenge;
	}

	async #authorization(challenge: Challenge | undefined, repository: string): Promise<string | undefined> {
		if (challenge === undefined) {
			return undefined;
		}
		if (challenge.scheme === 'basic') {
			return this.#basic();
		}
		let token = this.#tokens.get(repository);
		if (!token) {
			token = this.#token(challenge, repository);
			this.#tokens.set(repository, token);
			// A failed request for a token is not kept: the next image's may pass.
			token.catch(() => this.#tokens.delete(repository));
		}
		return `Bearer ${await token}`;
	}

	#basic(): string | undefined {
		const {credentials} = this.access;
		return credentials && `Basic ${Buffer.from(`${credentials.username}:${credentials.secret}`).toString('base64')}`;
	}

	/** A pull token for one repository from the realm, wherever it is; credentials only when it is the registry's own origin. */
	async #token(challenge: Challenge & {scheme: 'bearer'}, repository: string): Promise<string> {
		let realm: URL;
		try {
			realm = new URL(challenge.realm);
		} catch {
			throw new HubError('invalid-response', `${this.name} names a token realm that is not a URL`);
		}
		if (realm.protocol !== 'https:' && !(realm.protocol === 'http:' && isLoopback(realm.hostname))) {
			throw new HubError('invalid-response', `${this.name} names a token realm at ${realm.origin}; only https is followed`);
		}
		if (challenge.service !== undefined) {
			realm.searchParams.set('service', challenge.service);
		}
		realm.searchParams.set('scope', `repository:${repository}:pull`);
		const client = this.access.client(realm.origin);
		const withCredentials = realm.origin === this.access.origin && this.access.credentials !== undefined;
		const {answer, check} = withCredentials ? await this.#withCredentials(client, realm.href) : {answer: await client.exchange(realm.href, {}), check: false};
		if ((answer.status === 401 || answer.status === 403) && withCredentials) {
			// The credentials' first use checks them: refused there, the build stops before anything is written;
			// refused later, once they were taken, it is this repository they cannot read, and this image fails.
			if (check) {
				const scope = this.name === 'ghcr.io' ? ': it needs read:packages' : '';
				throw new CredentialsError(`${this.name} refused the credentials for ${repository} (${answer.status}); check ${this.#credentialsVariables()}${scope}`);
			}
			throw new HubError('forbidden', `${this.name} refused a token for ${repository} (${answer.status}): check that ${this.#credentialsVariables()} can read it`, answer.status);
		}
		const read = client.parse(answer, tokenAnswerSchema);
		const token = read.token ?? read.access_token;
		if (token === undefined || !usableToken.test(token)) {
			throw new HubError('invalid-response', `the token realm of ${this.name} gave no usable token`);
		}
		// Every client of the build shares the redactor: no message quotes it from now on.
		client.addSecret(token);
		return token;
	}

	/** A realm request with the credentials; `check`: it is the one that checks them, the first answered. */
	async #withCredentials(client: HubClient, href: string): Promise<{answer: Answer; check: boolean}> {
		while (!this.#credentialsAccepted && this.#credentialsCheck) {
			await this.#credentialsCheck;
		}
		const check = !this.#credentialsAccepted;
		const pending = client.exchange(href, {authorization: this.#basic()});
		if (check) {
			// Only a token says they were taken; a check that got none (the realm down, a 400) decides nothing: the next request checks them.
			this.#credentialsCheck = pending
				.then(
					answer => {
						this.#credentialsAccepted ||= answer.status === 200;
					},
					() => undefined,
				)
				.finally(() => {
					this.#credentialsCheck = undefined;
				});
		}
		return {answer: await pending, check};
	}

	/** The variables that hold this registry's credentials, as the build's settings name them. */
	#credentialsVariables(): string {
		if (this.name === 'ghcr.io') return 'GHCR_TOKEN (or GITHUB_TOKEN)';
		const part = hostVariablePart(this.name);
		return `REGISTRY_${part}_USERNAME and REGISTRY_${part}_PASSWORD`;
	}
}
