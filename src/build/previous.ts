import {readFile} from 'node:fs/promises';
import {request} from 'undici';
import {readBody} from '../hub/read-body.ts';
import {manifestSchema, type Manifest} from '../render/manifest.ts';

const maxManifestBytes = 50 * 1024 * 1024;

/**
 * The last build's badges.json, from a file or a URL (a CI job seeds it from the
 * deployed site). Missing is normal for a first build; unreadable is reported and
 * the build goes on without it, since it only ever improves a failed badge.
 */
export async function readPreviousManifest(source: string, warn: (message: string) => void): Promise<Manifest | undefined> {
	const isUrl = /^https?:\/\//i.test(source);
	// A deployed manifest may sit behind a signed URL: name it without its query or userinfo.
	const name = isUrl ? withoutSecrets(source) : source;
	let text: string | undefined;
	try {
		text = isUrl ? await download(source) : await readFile(source, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
			warn(`previous badges from ${name} not read (${(error as Error).message}); failed badges cannot fall back to their last value`);
		}
		return undefined;
	}
	if (text === undefined) {
		return undefined;
	}

	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		warn(`previous badges from ${name} are not valid JSON; ignored`);
		return undefined;
	}
	const parsed = manifestSchema.safeParse(json);
	if (!parsed.success) {
		warn(`previous badges from ${name} do not match the manifest format; ignored`);
		return undefined;
	}
	return parsed.data;
}

/** undefined for a 404: the site has not been deployed yet. */
async function download(url: string): Promise<string | undefined> {
	const response = await request(url, {headersTimeout: 15_000, bodyTimeout: 30_000, headers: {accept: 'application/json'}});
	if (response.statusCode === 404) {
		await response.body.dump();
		return undefined;
	}
	if (response.statusCode !== 200) {
		await response.body.dump();
		throw new Error(`HTTP ${response.statusCode}`);
	}
	return readBody(response.body, response.headers['content-length'], maxManifestBytes);
}

function withoutSecrets(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.origin}${parsed.pathname}`;
	} catch {
		return 'the given URL';
	}
}
