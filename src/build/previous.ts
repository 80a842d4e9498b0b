import path from 'node:path';
import {request} from 'undici';
import {bodyChunks} from '../hub/read-body.ts';
import {decodeHistory, historyFileName} from '../history/file.ts';
import {emptyHistory, type History} from '../history/history.ts';
import {regularFileChunks} from '../read-regular-file.ts';
import type {ManifestSources} from '../render/manifest.ts';
import {readManifestStream, type PreviousManifest} from './previous-manifest.ts';
import {sameRegistryOrigins} from './registry-sources.ts';
import {clockSkewMs} from './settings.ts';

// About 1.6 KB per image of six badges: room for 160,000 images. A rebuild reads only the tags of
// what changed because of this file, so a site must not outgrow it (100,000 images wrote 158 MB).
const maxManifestBytes = 256 * 1024 * 1024;
// Gzipped: 10,000 images of two years' history come to about 20 MB.
const maxHistoryBytes = 64 * 1024 * 1024;
const defaultDeadlineMs = 60_000;
// A manifest holds about 12 objects per image of six badges: this is over 160,000 images' worth. Within
// the size limit a file of nothing but `{}` holds tens of millions, and parsing and checking those took gigabytes.
const maxManifestObjects = 4_000_000;
// The size limit's 160,000 images and more: checking an entry, even an empty one, takes microseconds, and the objects are only counted as they arrive.
const maxManifestImages = 200_000;

export type PreviousOptions = {
	/** Where this build fetches from: a manifest fetched elsewhere is not used. */
	sources: ManifestSources;
	warn: (message: string) => void;
	/** For the whole download, headers and body: a server that drips must not hold the build. */
	deadlineMs?: number;
};

/**
 * The last build's badges.json, from a file or a URL (a CI job seeds it from the
 * deployed site). Missing is normal for a first build; unreadable, or fetched from
 * another origin, is reported and the build goes on without it, since it only ever
 * improves a failed badge.
 */
export async function readPreviousManifest(source: string, options: PreviousOptions): Promise<PreviousManifest | undefined> {
	const {warn} = options;
	const isUrl = isPreviousUrl(source);
	// A deployed manifest may sit behind a signed URL: name it without its query or userinfo.
	const name = isUrl ? withoutSecrets(source) : source;
	let read;
	try {
		// Read as it arrives, image by image: at 100,000 images the file is 158 MB, and its text and objects all at once were a gigabyte.
		const chunks = isUrl ? await download(source, maxManifestBytes, options.deadlineMs ?? defaultDeadlineMs) : regularFileChunks(source, maxManifestBytes);
		if (chunks === undefined) {
			return undefined;
		}
		read = await readManifestStream(chunks, {maxObjects: maxManifestObjects, maxImages: maxManifestImages});
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
			warn(`previous badges from ${name} not read (${(error as Error).message}); failed badges cannot fall back to their last value`);
		}
		return undefined;
	}
	if ('problem' in read) {
		warn(`previous badges from ${name} ${read.problem}`);
		return undefined;
	}
	const mismatch = sourceMismatch(read.sources, options.sources);
	if (mismatch) {
		warn(`previous badges from ${name} ${mismatch}; not used, so failed badges cannot fall back to their last value`);
		return undefined;
	}
	const {manifest, dropped} = sameRegistryOrigins(read, read.sources?.registries, options.sources.registries);
	if (dropped.length > 0) {
		warn(`previous badges from ${name} of ${dropped.join(', ')} were fetched from another origin than this build's; not used for those images`);
	}
	return {images: manifest.images, sources: options.sources};
}

/**
 * The last build's history, from beside its badges.json (the same folder, or the same
 * folder of the deployed site). Missing means a first build; anything else wrong with it
 * costs one warning and the build starts the history afresh.
 */
export async function readPreviousHistory(manifestSource: string, options: PreviousOptions & {now: Date}): Promise<History> {
	const isUrl = isPreviousUrl(manifestSource);
	let source: string;
	try {
		source = isUrl ? new URL(historyFileName, manifestSource).href : path.join(path.dirname(manifestSource), historyFileName);
	} catch {
		return emptyHistory;
	}
	const name = isUrl ? withoutSecrets(source) : source;
	let bytes: Buffer | undefined;
	try {
		// Only a build writes a history, and never as a link: one planted in the output could lead anywhere.
		const chunks = isUrl ? await download(source, maxHistoryBytes, options.deadlineMs ?? defaultDeadlineMs) : regularFileChunks(source, maxHistoryBytes, {links: false});
		bytes = chunks && (await bytesOf(chunks));
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
			options.warn(`previous history from ${name} not read (${(error as Error).message}); trends start afresh`);
		}
		return emptyHistory;
	}
	if (bytes === undefined) {
		return emptyHistory;
	}
	// A build dated before the history's last point (SOURCE_DATE_EPOCH at a commit's time) keeps it and
	// adds no point (mergeHistory); only a time after this machine's clock cannot be a build's.
	const latest = Math.floor(Math.max(options.now.getTime(), Date.now() + clockSkewMs) / 1000);
	const history = await decodeHistory(bytes, {sources: options.sources, latest});
	if ('problem' in history) {
		options.warn(`previous history from ${name} ${history.problem}; ignored, trends start afresh`);
		return emptyHistory;
	}
	return history;
}

/** --previous names a URL to download, not a file. */
export function isPreviousUrl(source: string): boolean {
	return /^https?:\/\//i.test(source);
}

/** Why values recorded from `recorded` cannot stand in for a build fetching from `current`; undefined when they can. */
function sourceMismatch(recorded: ManifestSources | undefined, current: ManifestSources): string | undefined {
	if (recorded === undefined) {
		return 'record no Docker Hub origin (an earlier version wrote them)';
	}
	if (recorded.dockerhub !== current.dockerhub) {
		// Quoted: the file is not ours to trust, and JSON escapes control characters.
		return `were fetched from ${JSON.stringify(recorded.dockerhub.slice(0, 100))}, not ${current.dockerhub}`;
	}
	return undefined;
}

/**
 * The body's chunks as they arrive; undefined for a 404: the site has not been deployed yet.
 * The deadline holds until the last chunk, so read them at once.
 */
async function download(url: string, limit: number, deadlineMs: number): Promise<AsyncIterable<Buffer> | undefined> {
	// undici's own timeouts are per wait (headers, then each body chunk); this one bounds the whole exchange.
	const signal = AbortSignal.timeout(deadlineMs);
	const withDeadline = (error: unknown) => (signal.aborted ? new Error(`no complete answer within ${deadlineMs / 1000} s`) : error);
	let response;
	try {
		response = await request(url, {signal, headersTimeout: 15_000, bodyTimeout: 30_000, headers: {accept: 'application/json, application/gzip'}});
	} catch (error) {
		throw withDeadline(error);
	}
	if (response.statusCode === 404) {
		await response.body.dump();
		return undefined;
	}
	if (response.statusCode !== 200) {
		await response.body.dump();
		throw new Error(`HTTP ${response.statusCode}`);
	}
	const {body, headers} = response;
	return (async function* () {
		try {
			yield* bodyChunks(body, headers['content-length'], limit);
		} catch (error) {
			throw withDeadline(error);
		} finally {
			// A reader that stops early must not leave the connection waiting.
			body.destroy();
		}
	})();
}

async function bytesOf(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
	const read: Buffer[] = [];
	for await (const chunk of chunks) {
		read.push(chunk);
	}
	return Buffer.concat(read);
}

function withoutSecrets(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.origin}${parsed.pathname}`;
	} catch {
		return 'the given URL';
	}
}
