import {buffer} from 'node:stream/consumers';
import {gunzipSync, gzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {decodeHistory, encodeHistory} from '../../src/history/file.ts';
import {seriesOf, type History, type MergedHistory} from '../../src/history/history.ts';

const sources = {dockerhub: 'https://hub.docker.com'};
const now = Date.UTC(2026, 10, 30) / 1000;
const history: MergedHistory = {
	times: [now - 2 * 86_400, now - 86_400, now],
	images: [
		['acme/app', {pulls: ',,0', stars: ',,0'}],
		['library/nginx', {pulls: '1000000,,12000', stars: '20,,-1'}],
	],
};
const historyValues = {
	times: history.times,
	images: {
		'acme/app': {pulls: [Number.NaN, Number.NaN, 0], stars: [Number.NaN, Number.NaN, 0]},
		'library/nginx': {pulls: [1_000_000, Number.NaN, 1_012_000], stars: [20, Number.NaN, 19]},
	},
};

/** What a read history holds, as plain numbers. */
function valuesOf(read: History | {problem: string}) {
	if ('problem' in read) return read;
	const images = Object.fromEntries([...read.images.keys()].map(image => {
		const {pulls, stars} = seriesOf(read, image)!;
		return [image, {pulls: [...pulls], stars: [...stars]}];
	}));
	return {times: read.times, images};
}

async function encode(value: MergedHistory): Promise<Buffer> {
	return buffer(encodeHistory(value, sources));
}

async function decode(value: unknown) {
	return decodeHistory(gzipSync(JSON.stringify(value)), {sources, latest: now});
}

const valid = {format: 'dockerhub-badges-history', version: 1, sources, times: [now - 10, 10], images: {'library/nginx': {p: '5,3', s: '1,-1'}}};

/** A valid file of `count` images with two years of daily values each: over a megabyte of JSON, read in many pieces. */
function large(count: number) {
	const times = [now - 800 * 86_400, ...Array<number>(799).fill(86_400)];
	const series = Array.from({length: 800}, (_, index) => 1000 + index).join(',');
	const images = Object.fromEntries(Array.from({length: count}, (_, index) => [`acme/app${index}`, {p: series, s: series}]));
	return {...valid, times, images};
}

describe('history file', () => {
	it('reads back what it writes, gaps included', async () => {
		expect(valuesOf(await decodeHistory(await encode(history), {sources, latest: now}))).toEqual(historyValues);
	});

	it('writes what builds before it wrote (JSON.stringify of the whole), so files go both ways between versions', async () => {
		const images = Object.fromEntries([...history.images].map(([image, {pulls, stars}]) => [image, {p: pulls, s: stars}]));
		const written = gunzipSync(await encode(history)).toString();
		expect(written).toBe(JSON.stringify({format: 'dockerhub-badges-history', version: 1, sources, times: [now - 2 * 86_400, 86_400, 86_400], images}));
	});

	it('stores differences, so a recount that lowers a total reads back exactly', async () => {
		expect(valuesOf(await decode(valid))).toEqual({times: [now - 10, now], images: {'library/nginx': {pulls: [5, 8], stars: [1, 0]}}});
	});

	it('reads a file of many pieces whole: images cut between two pieces of the inflated text', async () => {
		const file = large(300);
		const read = valuesOf(await decode(file));
		expect(Object.keys((read as {images: object}).images)).toHaveLength(300);
		expect((read as {images: Record<string, {pulls: number[]}>}).images['acme/app299']!.pulls.at(-1)).toBe(file.images['acme/app299']!.p.split(',').reduce((sum, value) => sum + Number(value), 0));
	});

	it.each([0, 1, 5, 10, 11])('finds where the images start when a piece ends %i bytes into that marker', async shift => {
		// A file not gzipped is read in pieces of 64 KiB: the head is padded so that `,"images":{` starts `shift` bytes before the end of the first.
		const start = now - 10_000_000;
		const head = (steps: number[]) => JSON.stringify({...valid, times: [start, ...steps], images: {}}).indexOf(',"images":{');
		// Steps of 10 and 100 (three and four characters with their commas) to land the marker to the byte.
		const steps = Array<number>(Math.floor((65_536 - head([])) / 3)).fill(10);
		while (head(steps) > 65_536 - shift) steps.pop();
		for (let index = 0; head(steps) < 65_536 - shift; index++) steps[index] = 100;
		expect(head(steps)).toBe(65_536 - shift);
		const text = JSON.stringify({...valid, times: [start, ...steps], images: {'library/nginx': {p: Array(steps.length + 1).fill(1).join(','), s: ''.padStart(steps.length, ',')}}});
		const read = valuesOf(await decodeHistory(Buffer.from(text), {sources, latest: now}));
		expect((read as {images: Record<string, {pulls: number[]}>}).images['library/nginx']!.pulls.at(-1)).toBe(steps.length + 1);
	});

	it.each([
		['truncated in its head', async () => (await encode(history)).subarray(0, 20)],
		['truncated among its images', async () => gzipSync(JSON.stringify(large(300)).slice(0, 700_000))],
		['cut right after a whole image', async () => gzipSync(JSON.stringify(large(3)).replace(/,"acme\/app2".*$/, ''))],
		['cut before its last brace', async () => gzipSync(JSON.stringify(large(3)).slice(0, -1))],
		['followed by more text', async () => gzipSync(`${JSON.stringify(valid)} `)],
		['not JSON', async () => gzipSync('{"format":')],
	])('refuses a file %s', async (_name, bytes) => {
		expect(await decodeHistory(await bytes(), {sources, latest: now})).toEqual({problem: 'is not valid gzipped JSON (truncated?)'});
	});

	it('refuses a gzip stream cut short, even when what it inflated so far reads well', async () => {
		const bytes = gzipSync(JSON.stringify(large(300)));
		expect(await decodeHistory(bytes.subarray(0, bytes.length - 8), {sources, latest: now})).toEqual({problem: 'is not valid gzipped JSON (truncated?)'});
	});

	it.each([
		['another format', {...valid, format: 'x'}],
		['a later version', {...valid, version: 2}],
		['its images before its times', {format: valid.format, version: valid.version, sources, images: valid.images, times: valid.times}],
		['its images as an array', {...valid, images: []}],
	])('refuses a file of %s', async (_name, value) => {
		expect(await decode(value)).toEqual({problem: 'is not a history file this version writes'});
	});

	it.each([
		['another origin', {...valid, sources: {dockerhub: 'http://127.0.0.1:9\n::error::x'}}, 'was recorded from "http://127.0.0.1:9\\n::error::x", not https://hub.docker.com'],
		['no origin', {...valid, sources: undefined}, 'was recorded from no Docker Hub origin, not https://hub.docker.com'],
		// The marker inside the origin's object: the head then is no whole object, whatever follows.
		['"images" nested in its origin', {...valid, sources: {dockerhub: 'https://hub.docker.com', images: {}}}, 'is not valid gzipped JSON (truncated?)'],
	])('refuses a file from %s', async (_name, value, problem) => {
		expect(await decode(value)).toEqual({problem});
	});

	it.each([
		['a time after any build could have run', [now + 1]],
		['a time before 2010', [1000]],
		['times out of order', [now - 10, -5]],
		['a repeated time', [now - 10, 0]],
		['a fraction', [now - 0.5]],
		['too many times', [now - 30_000, ...Array(29_999).fill(1)]],
	])('refuses a file with %s', async (_name, times) => {
		expect(await decode({...valid, times, images: {}})).toEqual({problem: 'has build times that are not increasing whole seconds between 2010 and now'});
	});

	it.each([
		['a name that is not an image', '{"../../etc":{"p":"1,1","s":"1,1"}}'],
		['a prototype key', '{"__proto__":{"p":"1,1","s":"1,1"}}'],
		['a name written with an escape', '{"library\\/nginx":{"p":"1,1","s":"1,1"}}'],
		['the same image twice', '{"library/nginx":{"p":"1,1","s":"1,1"},"library/nginx":{"p":"1,1","s":"1,1"}}'],
		['fewer values than times', '{"library/nginx":{"p":"1","s":"1,0"}}'],
		['more values than times', '{"library/nginx":{"p":"1,1,1","s":"1,0"}}'],
		['a negative total', '{"library/nginx":{"p":"1,-2","s":"1,1"}}'],
		['a fraction', '{"library/nginx":{"p":"1,1.5","s":"1,1"}}'],
		['an array', '{"library/nginx":{"p":[1,1],"s":"1,1"}}'],
		['its series the other way round', '{"library/nginx":{"s":"1,1","p":"1,1"}}'],
		['a number written otherwise', '{"library/nginx":{"p":"1,1e3","s":"1,1"}}'],
		['a sum past the safe integers', `{"library/nginx":{"p":"${Number.MAX_SAFE_INTEGER},1","s":"0,0"}}`],
		['a string far longer than its values', `{"library/nginx":{"p":"1,${'1'.repeat(100)}","s":"0,0"}}`],
	])('refuses a whole file holding %s', async (_name, images) => {
		const text = JSON.stringify({...valid, images: {}}).replace('"images":{}', `"images":${images}`);
		const result = await decodeHistory(gzipSync(text), {sources, latest: now});
		expect((result as {problem: string}).problem).toMatch(/^has an invalid entry for /);
	});

	it('refuses a file whose images × builds would decode to gigabytes, at the image past the limit', async () => {
		// 401 images × 25,000 builds: the 401st is refused before its series is read, and what was kept is bounded
		// (a hostile review fed 5,200 images × 25,000 builds: 3.6 GB for a 616 KB file).
		const series = `1${',0'.repeat(24_999)}`;
		const images = Object.fromEntries(Array.from({length: 401}, (_, index) => [`a/r${index}`, {p: series, s: series}]));
		const times = [now - 30_000, ...Array(24_999).fill(1)];
		expect(await decode({...valid, times, images})).toEqual({problem: 'holds 401 images × 25000 builds, more than 10000000 values'});
	});

	it('refuses an image longer than two series of its builds could be, without waiting for its end', async () => {
		const text = `${JSON.stringify({...valid, images: {}}).slice(0, -2)}"library/nginx":{"p":"${'1,'.repeat(1_000_000)}`;
		expect(await decodeHistory(gzipSync(text), {sources, latest: now})).toEqual({problem: 'is not a history file this version writes'});
	});

	it('refuses a head longer than any build writes, without waiting for the images', async () => {
		// Never ending: read whole, it would be refused only at its end, as cut short.
		const {format, version} = valid;
		const text = JSON.stringify({format, version, sources, padding: 'x'.repeat(2 * 1024 * 1024)}).slice(0, -2);
		expect(await decodeHistory(gzipSync(text), {sources, latest: now})).toEqual({problem: 'is not a history file this version writes'});
	});

	it('refuses a file that inflates past its limit', {timeout: 60_000}, async () => {
		// Gzip members of one valid image each, 25,000 builds of differences as long as they can be: 320 of them
		// inflate to 280 MB from a few hundred KB, within the other limits; the reading stops at 256 MiB.
		const times = [now - 30_000, ...Array(24_999).fill(1)];
		const head = gzipSync(JSON.stringify({...valid, times, images: {}}).slice(0, -2));
		const series = '1000000000000000,-1000000000000000,'.repeat(12_500).slice(0, -1);
		const members = Array.from({length: 320}, (_, index) => gzipSync(`"a/r${index}":{"p":"${series}","s":"${series}"},`));
		expect(await decodeHistory(Buffer.concat([head, ...members]), {sources, latest: now})).toEqual({problem: 'is too large'});
	});
});
