import {createWriteStream} from 'node:fs';
import path from 'node:path';
import {Readable, pipeline} from 'node:stream';
import {pipeline as pipelineAsync} from 'node:stream/promises';
import {createGunzip, createGzip} from 'node:zlib';
import {parseImageName} from '../config/image-name.ts';
import type {ManifestSources} from '../render/manifest.ts';
import {packDifferences} from './packed.ts';
import type {History, ImageHistory, MergedHistory} from './history.ts';

/** Beside badges.json in the site. */
export const historyFileName = 'history.json.gz';

const format = 'dockerhub-badges-history';
const version = 1;
// Two years of 6-hourly builds, thinned, is under 800 builds; a build every minute for
// 14 days is 20,160. More than this is not a file a build wrote.
const maxTimes = 25_000;
const maxImages = 200_000;
// Both limits at once would decode to gigabytes: 10,000 images of two years are 7.7 million
// values per series, so this bounds what is kept whatever the file says.
const maxValues = 10_000_000;
/**
 * Decompressed: 10,000 images of two years come to about 50 MB of JSON. What is kept of
 * it, packed, is smaller than the text it comes from.
 */
const maxHistoryJsonBytes = 256 * 1024 * 1024;
/** The build times and the origin, before the images: 25,000 times of at most 17 characters. */
const maxHeaderBytes = 1024 * 1024;
/** An image's name: a namespace of up to 255 characters, a repository of up to 255. */
const maxNameBytes = 520;
/** Docker Hub opened in 2013; nothing was counted before 2010. */
const earliest = Date.UTC(2010, 0, 1) / 1000;
/** Where the images start, in the file as `encodeHistory` writes it. */
const imagesStart = Buffer.from(',"images":{');
const chunkBytes = 64 * 1024;

/**
 * The history file: gzipped JSON holding the build times once, as differences, and each
 * image's pulls and stars as one string of differences from its previous value (empty
 * where a build has none). Made and gzipped one image at a time as it is written, so the
 * build never holds the whole file. Images go in the order given (mergeHistory's is by name).
 */
export function encodeHistory(history: MergedHistory, sources: ManifestSources): Readable {
	// Level 1: twice as fast as the default for 10,000 images, and the repeating differences still shrink five-fold.
	const gzip = createGzip({level: 1});
	// An error in either stream ends the other; the reader sees it on `gzip`.
	pipeline(Readable.from(historyJson(history, sources), {objectMode: false}), gzip, () => {});
	return gzip;
}

/** Writes the history into the site being built, as it is made. */
export async function writeHistoryFile(directory: string, history: MergedHistory, sources: ManifestSources): Promise<void> {
	await pipelineAsync(encodeHistory(history, sources), createWriteStream(path.join(directory, historyFileName)));
}

/** The same text as JSON.stringify of the whole object, in pieces of about 64 KB. */
function* historyJson({times, images}: MergedHistory, sources: ManifestSources): Generator<string> {
	const steps = times.map((time, index) => (index === 0 ? time : time - times[index - 1]!));
	let text = `{"format":${JSON.stringify(format)},"version":${version},"sources":${JSON.stringify(sources)},"times":${JSON.stringify(steps)},"images":{`;
	let first = true;
	for (const [image, {pulls, stars}] of images) {
		// The series are digits, commas and minus signs: nothing in them needs escaping.
		text += `${first ? '' : ','}${JSON.stringify(image)}:{"p":"${pulls}","s":"${stars}"}`;
		first = false;
		if (text.length >= chunkBytes) {
			yield text;
			text = '';
		}
	}
	yield `${text}}}`;
}

export type DecodeOptions = {
	sources: ManifestSources;
	/**
	 * The latest time a build could have recorded: no earlier than this build's clock, which
	 * may be behind the history's last point (SOURCE_DATE_EPOCH set to a commit's time).
	 */
	latest: number;
};

/**
 * Reads a history file back, or says in a few words why it cannot be used. It is hostile
 * input: every count, size, time and name is checked, and a file from another Docker Hub
 * origin is refused, so the figures of a mirror or a test never mix with Docker Hub's.
 * It is inflated and read a piece at a time, never whole, and only as this version writes
 * it (the layout of JSON.stringify): a file that is anything else is refused whole.
 */
export async function decodeHistory(bytes: Buffer, options: DecodeOptions): Promise<History | {problem: string}> {
	const reader = new HistoryReader(options);
	const pieces = (function* () {
		for (let start = 0; start < bytes.length; start += chunkBytes) yield bytes.subarray(start, start + chunkBytes);
	})();
	let text: AsyncIterable<Buffer> | Iterable<Buffer> = pieces;
	if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
		// Fed in pieces, so that the inflated text too waits in pieces, never whole.
		const gunzip = createGunzip({chunkSize: chunkBytes});
		pipeline(Readable.from(pieces), gunzip, () => {});
		text = gunzip;
	}
	let inflated = 0;
	try {
		for await (const chunk of text) {
			inflated += chunk.length;
			if (inflated > maxHistoryJsonBytes) return {problem: 'is too large'};
			const problem = reader.read(chunk);
			if (problem !== undefined) return {problem};
		}
	} catch {
		return {problem: notJson};
	}
	return reader.end();
}

const notJson = 'is not valid gzipped JSON (truncated?)';
const notOurs = 'is not a history file this version writes';

/**
 * The file's JSON, fed a piece at a time: the small head (origin, times) is parsed whole
 * once its end is in; each image is then read as soon as it is complete, so what is kept
 * is each image's packed series, not the file.
 */
class HistoryReader {
	#head: Buffer[] = [];
	#headBytes = 0;
	#times: number[] = [];
	#images = new Map<string, ImageHistory>();
	/** The start of an image not yet complete. */
	#rest: Buffer = Buffer.alloc(0);
	#state: 'head' | 'first' | 'image' | 'next' | 'closing' | 'done' = 'head';
	readonly #options: DecodeOptions;

	constructor(options: DecodeOptions) {
		this.#options = options;
	}

	/** A problem, or undefined when this piece was fine so far. */
	read(chunk: Buffer): string | undefined {
		if (this.#state === 'head') {
			return this.#readHead(chunk);
		}
		return this.#readImages(this.#rest.length > 0 ? Buffer.concat([this.#rest, chunk]) : chunk);
	}

	end(): History | {problem: string} {
		if (this.#state === 'head') {
			// No images where this version writes them: a JSON file of some other shape, or one cut short.
			try {
				JSON.parse(Buffer.concat(this.#head).toString('utf8'));
				return {problem: notOurs};
			} catch {
				return {problem: notJson};
			}
		}
		return this.#state === 'done' ? {times: this.#times, images: this.#images} : {problem: notJson};
	}

	#readHead(chunk: Buffer): string | undefined {
		// The marker may straddle two pieces: look from just before the new one.
		const from = Math.max(0, this.#headBytes - imagesStart.length);
		this.#head.push(chunk);
		this.#headBytes += chunk.length;
		const head = Buffer.concat(this.#head);
		this.#head = [head];
		const end = head.indexOf(imagesStart, from);
		if (end === -1) {
			return this.#headBytes > maxHeaderBytes ? notOurs : undefined;
		}
		if (end > maxHeaderBytes) {
			return notOurs;
		}
		let json: unknown;
		try {
			// The marker cannot sit inside a string (its quote would be escaped) and the head parses
			// as an object only if the marker is at its top level: a nested "images" fails here.
			json = JSON.parse(`${head.toString('utf8', 0, end)}}`);
		} catch {
			return notJson;
		}
		const problem = this.#checkHead(json);
		if (problem !== undefined) {
			return problem;
		}
		this.#head = [];
		this.#state = 'first';
		return this.#readImages(head.subarray(end + imagesStart.length));
	}

	#checkHead(json: unknown): string | undefined {
		if (!isObject(json) || json.format !== format || json.version !== version || !Array.isArray(json.times)) {
			return notOurs;
		}
		const recorded = isObject(json.sources) ? json.sources.dockerhub : undefined;
		const {sources, latest} = this.#options;
		if (recorded !== sources.dockerhub) {
			// Quoted: the file is not ours to trust, and JSON escapes control characters.
			return `was recorded from ${typeof recorded === 'string' ? JSON.stringify(recorded.slice(0, 100)) : 'no Docker Hub origin'}, not ${sources.dockerhub}`;
		}
		const times = readTimes(json.times, latest);
		if (times === undefined) {
			return 'has build times that are not increasing whole seconds between 2010 and now';
		}
		this.#times = times;
		return undefined;
	}

	#readImages(text: Buffer): string | undefined {
		let at = 0;
		this.#rest = Buffer.alloc(0);
		while (at < text.length) {
			switch (this.#state) {
				case 'first':
					this.#state = text[at] === 0x7d ? 'closing' : 'image';
					if (this.#state === 'closing') at++;
					break;
				case 'image': {
					// An image ends at its first "}": nothing in a name or a series may hold one.
					const end = text.indexOf(0x7d, at);
					if (end === -1) {
						if (text.length - at > maxNameBytes + 2 * this.#times.length * 18 + 32) {
							return notOurs;
						}
						this.#rest = text.subarray(at);
						return undefined;
					}
					// The name is cut from the bytes, not from the text of the whole image: a piece of that text
					// would keep all of it alive, and only the name is kept.
					const quote = text[at] === 0x22 ? text.indexOf(0x22, at + 1) : -1;
					const problem = quote === -1 || quote > end ? notJson : this.#readImage(text.toString('latin1', at + 1, quote), text.toString('latin1', quote + 1, end));
					if (problem !== undefined) {
						return problem;
					}
					at = end + 1;
					this.#state = 'next';
					break;
				}
				case 'next':
					if (text[at] !== 0x2c && text[at] !== 0x7d) return notJson;
					this.#state = text[at] === 0x2c ? 'image' : 'closing';
					at++;
					break;
				case 'closing':
					if (text[at] !== 0x7d) return notJson;
					this.#state = 'done';
					at++;
					break;
				case 'done':
				case 'head':
					return notJson;
			}
		}
		return undefined;
	}

	/** One image, its name and the rest as `:{"p":"…","s":"…"` (the closing brace already found). */
	#readImage(name: string, rest: string): string | undefined {
		const match = /^:\{"p":"([^"]*)","s":"([^"]*)"$/.exec(rest);
		const count = this.#images.size + 1;
		if (count > maxImages) {
			return `holds more than ${maxImages} images`;
		}
		// Checked before this image's series is read: two numbers per image and build.
		if (count * this.#times.length > maxValues) {
			return `holds ${count} images × ${this.#times.length} builds, more than ${maxValues} values`;
		}
		const length = this.#times.length;
		const packed = match && packDifferences(match[1]!, match[2]!, length);
		if (!packed || !isImageKey(name) || this.#images.has(name)) {
			return `has an invalid entry for ${JSON.stringify(name.slice(0, 100))}`;
		}
		this.#images.set(name, packed);
		return undefined;
	}
}

function readTimes(values: unknown[], latest: number): number[] | undefined {
	if (values.length > maxTimes) return undefined;
	const times: number[] = [];
	for (const value of values) {
		if (!Number.isSafeInteger(value)) return undefined;
		const time = (times.at(-1) ?? 0) + (value as number);
		// Strictly increasing, within the time Docker Hub has existed, and not after any build could have run.
		if (time < earliest || time > latest || (times.length > 0 && time <= times.at(-1)!)) return undefined;
		times.push(time);
	}
	return times;
}

function isImageKey(key: string): boolean {
	const parsed = parseImageName(key);
	return !('error' in parsed) && `${parsed.namespace}/${parsed.repo}` === key;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
