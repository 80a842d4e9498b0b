import {gunzipSync, gzipSync} from 'node:zlib';
import {parseImageName} from '../config/image-name.ts';
import type {ManifestSources} from '../render/manifest.ts';
import type {History, ImageHistory} from './history.ts';

/** Beside badges.json in the site. */
export const historyFileName = 'history.json.gz';

const format = 'dockerhub-badges-history';
const version = 1;
// Two years of 6-hourly builds, thinned, is under 800 builds; a build every minute for
// 14 days is 20,160. More than this is not a file a build wrote.
const maxTimes = 25_000;
const maxImages = 200_000;
// Both limits at once would decode to gigabytes: 10,000 images of two years are 7.7 million
// values per series, so this bounds the decoded series to about 160 MB whatever the file says.
const maxValues = 10_000_000;
/** Decompressed: 10,000 images of two years come to about 50 MB of JSON. */
const maxHistoryJsonBytes = 512 * 1024 * 1024;
/** Docker Hub opened in 2013; nothing was counted before 2010. */
const earliest = Date.UTC(2010, 0, 1) / 1000;
const integer = /^-?\d{1,16}$/;

/**
 * The history file: gzipped JSON holding the build times once, as differences, and each
 * image's pulls and stars as one string of differences from its previous value (empty
 * where a build has none). Strings rather than arrays: parsing 10,000 of them costs a
 * fraction of the memory of millions of array elements, and they are read one image at a time.
 */
export function encodeHistory(history: History, sources: ManifestSources): Buffer {
	const images: Record<string, {p: string; s: string}> = {};
	for (const [image, values] of [...history.images].sort(([a], [b]) => (a < b ? -1 : 1))) {
		images[image] = {p: differences(values.pulls), s: differences(values.stars)};
	}
	const times = history.times.map((time, index) => (index === 0 ? time : time - history.times[index - 1]!));
	// Level 1: twice as fast as the default for 10,000 images, and the repeating differences still shrink five-fold.
	return gzipSync(JSON.stringify({format, version, sources, times, images}), {level: 1});
}

function differences(values: Float64Array): string {
	let last = 0;
	const parts: string[] = [];
	for (const value of values) {
		if (Number.isNaN(value)) {
			parts.push('');
		} else {
			parts.push(String(value - last));
			last = value;
		}
	}
	return parts.join(',');
}

/**
 * Reads a history file back, or says in a few words why it cannot be used. It is hostile
 * input: every count, size, time and name is checked, and a file from another Docker Hub
 * origin is refused, so the figures of a mirror or a test never mix with Docker Hub's.
 */
export function decodeHistory(bytes: Buffer, {sources, now}: {sources: ManifestSources; now: number}): History | {problem: string} {
	let json: unknown;
	try {
		const text = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes, {maxOutputLength: maxHistoryJsonBytes}) : bytes;
		json = JSON.parse(text.toString('utf8'));
	} catch (error) {
		return {problem: (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? 'is too large' : 'is not valid gzipped JSON (truncated?)'};
	}
	if (!isObject(json) || json.format !== format || json.version !== version || !isObject(json.images) || !Array.isArray(json.times)) {
		return {problem: 'is not a history file this version writes'};
	}
	const recorded = isObject(json.sources) ? json.sources.dockerhub : undefined;
	if (recorded !== sources.dockerhub) {
		// Quoted: the file is not ours to trust, and JSON escapes control characters.
		return {problem: `was recorded from ${typeof recorded === 'string' ? JSON.stringify(recorded.slice(0, 100)) : 'no Docker Hub origin'}, not ${sources.dockerhub}`};
	}
	const times = readTimes(json.times, now);
	if (times === undefined) {
		return {problem: 'has build times that are not increasing whole seconds between 2010 and this build'};
	}
	const entries = Object.entries(json.images);
	if (entries.length > maxImages) {
		return {problem: `holds more than ${maxImages} images`};
	}
	// Checked before any series is decoded: two numbers per image and build, 8 bytes each.
	if (entries.length * times.length > maxValues) {
		return {problem: `holds ${entries.length} images × ${times.length} builds, more than ${maxValues} values`};
	}
	const images = new Map<string, ImageHistory>();
	for (const [image, value] of entries) {
		const values = isObject(value) && isImageKey(image) ? readImage(value, times.length) : undefined;
		if (values === undefined) {
			return {problem: `has an invalid entry for ${JSON.stringify(image.slice(0, 100))}`};
		}
		images.set(image, values);
	}
	return {times, images};
}

function readTimes(values: unknown[], now: number): number[] | undefined {
	if (values.length > maxTimes) return undefined;
	const times: number[] = [];
	for (const value of values) {
		if (!Number.isSafeInteger(value)) return undefined;
		const time = (times.at(-1) ?? 0) + (value as number);
		// Strictly increasing, within the time Docker Hub has existed, and not after this build.
		if (time < earliest || time > now || (times.length > 0 && time <= times.at(-1)!)) return undefined;
		times.push(time);
	}
	return times;
}

function readImage({p, s}: Record<string, unknown>, length: number): ImageHistory | undefined {
	const pulls = typeof p === 'string' ? runningTotals(p, length) : undefined;
	const stars = typeof s === 'string' ? runningTotals(s, length) : undefined;
	return pulls && stars ? {pulls, stars} : undefined;
}

/** One value per build time from its differences, or undefined unless every one is an integer and every total a non-negative safe one. */
function runningTotals(text: string, length: number): Float64Array | undefined {
	// 17 characters a difference at most: refused before splitting, so a long string costs no array.
	if (length === 0 || text.length > length * 18) return undefined;
	const parts = text.split(',');
	if (parts.length !== length) return undefined;
	const values = new Float64Array(length);
	let total = 0;
	for (let index = 0; index < length; index++) {
		const part = parts[index]!;
		if (part === '') {
			values[index] = Number.NaN;
			continue;
		}
		if (!integer.test(part)) return undefined;
		total += Number(part);
		if (!Number.isSafeInteger(total) || total < 0) return undefined;
		values[index] = total;
	}
	return values;
}

function isImageKey(key: string): boolean {
	const parsed = parseImageName(key);
	return !('error' in parsed) && `${parsed.namespace}/${parsed.repo}` === key;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
