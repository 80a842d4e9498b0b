/** What a 401's `WWW-Authenticate` asks for: a bearer token from `realm`, or Basic credentials. */
export type Challenge = {scheme: 'bearer'; realm: string; service: string | undefined} | {scheme: 'basic'};

// A challenge is a few hundred bytes; a longer one is not read, so parsing stays cheap.
const maxChallengeLength = 4096;
// `key="quoted value"` or `key=token`, RFC 7235's auth-param.
const parameter = /([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))/g;

/**
 * Reads `Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="…"` (the Docker token
 * flow, which OCI registries share) or `Basic realm="…"`; undefined for anything else.
 * The scope is not taken from it: the adapter asks for its own image's pull scope only.
 */
export function parseChallenge(header: string | undefined): Challenge | undefined {
	if (header === undefined || header.length > maxChallengeLength) {
		return undefined;
	}
	const [, scheme = '', rest = ''] = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(header) ?? [];
	if (scheme.toLowerCase() === 'basic') {
		return {scheme: 'basic'};
	}
	if (scheme.toLowerCase() !== 'bearer') {
		return undefined;
	}
	const values = new Map<string, string>();
	for (const match of rest.matchAll(parameter)) {
		values.set(match[1]!.toLowerCase(), match[2] === undefined ? match[3]! : match[2].replaceAll(/\\(.)/g, '$1'));
	}
	const realm = values.get('realm');
	if (!realm) {
		return undefined;
	}
	return {scheme: 'bearer', realm, service: values.get('service')};
}

/** The Link header's `rel="next"` target (the OCI tags/list paging), or undefined. */
export function nextLink(header: string | undefined): string | undefined {
	if (header === undefined || header.length > maxChallengeLength) {
		return undefined;
	}
	for (const part of header.split(',')) {
		const match = /^\s*<([^>]*)>\s*;(.*)$/s.exec(part);
		if (match && /(?:^|;)\s*rel\s*=\s*"?next"?\s*(?:;|$)/i.test(match[2]!)) {
			return match[1];
		}
	}
	return undefined;
}
