import type {Credentials} from '../hub/client.ts';

export type HubSettings = {baseUrl: string; credentials: Credentials | undefined};

/** The environment names no usable Docker Hub or half a login: the build stops with exit 2. */
export class SettingsError extends Error {
	override readonly name = 'SettingsError';
}

/** Where Docker Hub is and who logs in, from the environment. */
export function hubSettingsFrom(env: Record<string, string | undefined>): HubSettings {
	const raw = env.DOCKERHUB_API_URL || 'https://hub.docker.com';
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		// Not echoed: a mistyped URL may still hold a password.
		throw new SettingsError('DOCKERHUB_API_URL is not a URL; set it to an origin such as https://hub.docker.com');
	}
	if (url.username || url.password) {
		// Said without echoing the URL: it holds a password.
		throw new SettingsError('DOCKERHUB_API_URL must not carry credentials; use DOCKERHUB_USERNAME and DOCKERHUB_TOKEN');
	}
	if (!/^https?:$/.test(url.protocol) || (url.pathname !== '/' && url.pathname !== '') || url.search) {
		throw new SettingsError(`DOCKERHUB_API_URL must be an origin such as https://hub.docker.com, not ${url.origin}${url.pathname}`);
	}
	// The token must not cross a network in clear text; plain http is for a local fake or mirror.
	if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
		throw new SettingsError(`DOCKERHUB_API_URL must use https (plain http only for this machine): ${url.origin}`);
	}

	const username = env.DOCKERHUB_USERNAME?.trim();
	const secret = env.DOCKERHUB_TOKEN?.trim();
	if (Boolean(username) !== Boolean(secret)) {
		throw new SettingsError(
			`${username ? 'DOCKERHUB_TOKEN' : 'DOCKERHUB_USERNAME'} is not set: set both DOCKERHUB_USERNAME and DOCKERHUB_TOKEN, or neither to run anonymously.`,
		);
	}
	return {baseUrl: url.origin, credentials: username && secret ? {username, secret} : undefined};
}

function isLoopback(hostname: string): boolean {
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
	return () => date;
}
