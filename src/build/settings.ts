import type {Credentials} from '../hub/client.ts';

export type HubSettings = {baseUrl: string; credentials: Credentials | undefined};

/** The environment names no usable Docker Hub or half a login: the build stops with exit 2. */
export class SettingsError extends Error {
	override readonly name = 'SettingsError';
}

/** Where Docker Hub is and who logs in, from the environment. */
export function hubSettingsFrom(env: Record<string, string | undefined>): HubSettings {
	const origin = originFrom('DOCKERHUB_API_URL', env.DOCKERHUB_API_URL || 'https://hub.docker.com', 'https://hub.docker.com', 'DOCKERHUB_USERNAME and DOCKERHUB_TOKEN');

	const username = env.DOCKERHUB_USERNAME?.trim();
	const secret = env.DOCKERHUB_TOKEN?.trim();
	if (Boolean(username) !== Boolean(secret)) {
		throw new SettingsError(
			`${username ? 'DOCKERHUB_TOKEN' : 'DOCKERHUB_USERNAME'} is not set: set both DOCKERHUB_USERNAME and DOCKERHUB_TOKEN, or neither to run anonymously.`,
		);
	}
	return {baseUrl: origin, credentials: username && secret ? {username, secret} : undefined};
}

/**
 * The origin an environment variable names: an origin alone, no credentials in it, and https
 * unless it is this machine (the credentials sent there must not cross a network in clear text).
 */
export function originFrom(variable: string, raw: string, example: string, credentialsVariables: string): string {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		// Not echoed: a mistyped URL may still hold a password.
		throw new SettingsError(`${variable} is not a URL; set it to an origin such as ${example}`);
	}
	if (url.username || url.password) {
		// Said without echoing the URL: it holds a password.
		throw new SettingsError(`${variable} must not carry credentials; use ${credentialsVariables}`);
	}
	if (!/^https?:$/.test(url.protocol) || (url.pathname !== '/' && url.pathname !== '') || url.search) {
		throw new SettingsError(`${variable} must be an origin such as ${example}, not ${url.origin}${url.pathname}`);
	}
	if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
		throw new SettingsError(`${variable} must use https (plain http only for this machine): ${url.origin}`);
	}
	return url.origin;
}

export function isLoopback(hostname: string): boolean {
	return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/**
 * The build's clock: SOURCE_DATE_EPOCH (whole seconds since 1970, the reproducible-builds
 * convention) when set, so two builds of the same answers write the same bytes; else now.
 */
export function buildTimeFrom(env: Record<string, string | undefined>): (() => Date) | undefined {
	const raw = env.SOURCE_DATE_EPOCH;
	if (raw === undefined || raw === '') {
		return undefined;
	}
	const seconds = /^\d{1,12}$/.test(raw) ? Number(raw) : Number.NaN;
	const date = new Date(seconds * 1000);
	if (Number.isNaN(date.getTime())) {
		throw new SettingsError('SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC, such as 1700000000');
	}
	if (date.getTime() > Date.now() + clockSkewMs) {
		// Its history points would be in every later build's future, and no later build could add to them.
		throw new SettingsError(`SOURCE_DATE_EPOCH ${raw} is ${date.toISOString()}, after this machine's clock (${new Date().toISOString()}); a build cannot be dated in the future`);
	}
	return () => date;
}

/** How far ahead of this machine's clock another machine's build may have dated its work: clocks differ by far less. */
export const clockSkewMs = 86_400_000;
