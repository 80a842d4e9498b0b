import type {CredentialsHint} from '../badges/advice.ts';
import type {Credentials} from '../hub/client.ts';
import {originFrom, SettingsError} from './settings.ts';

/**
 * Where one registry is asked, and the credentials that go to that origin and nowhere else; `variables` name them in messages.
 * `apiOrigin`: where a registry with an API of its own beside the registry API (Quay) answers it,
 * and `apiToken` the bearer token that goes to that origin and nowhere else.
 */
export type RegistrySettings = {host: string; origin: string; apiOrigin?: string; apiToken?: string; credentials: Credentials | undefined; variables: string; holder: string};

/**
 * `ghcr.io` → `GHCR_IO`, `my-registry.example.com:5000` → `MY__REGISTRY_EXAMPLE_COM_5000`: the host in an
 * environment variable's name. Terraform's convention for `TF_TOKEN_<host>`: a dash is `__`, so that
 * `reg-example.com` and `reg.example-com` never read the credentials of `reg.example.com` (a host has no
 * empty label and no label that starts or ends with a dash, so `__` can only be a dash).
 */
export function hostVariablePart(host: string): string {
	return host.toUpperCase().replaceAll('-', '__').replaceAll(/[.:]/g, '_');
}

/** The environment variables of one registry host; every message that names one takes it from here. */
export function registryVariables(host: string): {url: string; username: string; password: string} {
	const part = hostVariablePart(host);
	return {url: `REGISTRY_URL_${part}`, username: `REGISTRY_${part}_USERNAME`, password: `REGISTRY_${part}_PASSWORD`};
}

/**
 * Each registry's origin and credentials, from the environment: `REGISTRY_URL_<HOST>` points
 * a host at another origin (a mirror, a test's fake); GHCR takes `GHCR_TOKEN` or `GITHUB_TOKEN`,
 * any other registry `REGISTRY_<HOST>_USERNAME` and `REGISTRY_<HOST>_PASSWORD`.
 */
export function registrySettingsFrom(env: Record<string, string | undefined>, hosts: Iterable<string>): Map<string, RegistrySettings> {
	const unique = new Set(hosts);
	refuseSharedVariables(unique);
	const settings = new Map<string, RegistrySettings>();
	for (const host of unique) {
		const variables = registryVariables(host);
		const registryVariablesText = `${variables.username} and ${variables.password}`;
		// Quay's API, which a private repository needs first, takes QUAY_TOKEN; its registry the usual pair.
		const credentialsVariables = host === 'ghcr.io' ? 'GHCR_TOKEN' : host === 'quay.io' ? `QUAY_TOKEN (and ${registryVariablesText} for its registry)` : registryVariablesText;
		const origin = originFrom(variables.url, env[variables.url] || `https://${host}`, `https://${host}`, credentialsVariables);
		const holder = host === 'ghcr.io' ? 'the GHCR_TOKEN' : host === 'quay.io' ? 'the QUAY_TOKEN' : `the ${variables.username} account`;
		settings.set(host, {host, origin, ...apiOriginFor(host, env), credentials: credentialsFor(host, env), variables: credentialsVariables, holder});
	}
	return settings;
}

/**
 * `reg.example.com:5000` and `reg.example.com.5000` are both `REG_EXAMPLE_COM_5000`: one password
 * would go to two hosts, so the build stops rather than guess whose it is.
 */
function refuseSharedVariables(hosts: ReadonlySet<string>): void {
	const byPart = new Map<string, string>();
	for (const host of hosts) {
		const part = hostVariablePart(host);
		const other = byPart.get(part);
		if (other !== undefined) {
			const {username, password, url} = registryVariables(host);
			throw new SettingsError(`the registries ${other} and ${host} would both read ${username}, ${password} and ${url}; list images of only one of them`);
		}
		byPart.set(part, host);
	}
}

/** Whether each registry has credentials, and their names, for the advice on its failed badges. */
export function credentialsAdvice(settings: ReadonlyMap<string, RegistrySettings>): Map<string, {authenticated: boolean; hint: CredentialsHint}> {
	// No registry but Docker Hub gives a login more requests a minute.
	// Quay's token counts: its API, asked first, is what a private quay.io repository needs.
	return new Map([...settings.values()].map(({host, credentials, apiToken, variables, holder}) => [host, {authenticated: credentials !== undefined || apiToken !== undefined, hint: {variables, holder, loginRaisesLimit: false}}]));
}

function credentialsFor(host: string, env: Record<string, string | undefined>): Credentials | undefined {
	if (host === 'ghcr.io') {
		// GHCR's token service takes a GitHub token as the password of any user name.
		const secret = env.GHCR_TOKEN?.trim() || env.GITHUB_TOKEN?.trim();
		return secret ? {username: 'dockerhub-badges', secret} : undefined;
	}
	const variables = registryVariables(host);
	const username = env[variables.username]?.trim();
	const secret = env[variables.password]?.trim();
	if (Boolean(username) !== Boolean(secret)) {
		const missing = username ? variables.password : variables.username;
		throw new SettingsError(`${missing} is not set: set both ${variables.username} and ${variables.password}, or neither to read ${host} anonymously.`);
	}
	return username && secret ? {username, secret} : undefined;
}

/**
 * Quay's API (repository facts, tags with dates, daily pulls): `QUAY_API_URL`, by default quay.io
 * itself, read with `QUAY_TOKEN` (an OAuth token of a Quay application with repo:read) when set.
 */
function apiOriginFor(host: string, env: Record<string, string | undefined>): {apiOrigin?: string; apiToken?: string} {
	if (host !== 'quay.io') return {};
	const apiOrigin = originFrom('QUAY_API_URL', env.QUAY_API_URL || 'https://quay.io', 'https://quay.io', 'QUAY_TOKEN');
	const apiToken = env.QUAY_TOKEN?.trim();
	return apiToken ? {apiOrigin, apiToken} : {apiOrigin};
}
