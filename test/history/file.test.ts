import {gzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {decodeHistory, encodeHistory} from '../../src/history/file.ts';

const sources = {dockerhub: 'https://hub.docker.com'};
const now = Date.UTC(2026, 10, 30) / 1000;
const history = {
	times: [now - 2 * 86_400, now - 86_400, now],
	images: new Map([
		['acme/app', {pulls: Float64Array.of(Number.NaN, Number.NaN, 0), stars: Float64Array.of(Number.NaN, Number.NaN, 0)}],
		['library/nginx', {pulls: Float64Array.of(1_000_000, Number.NaN, 1_012_000), stars: Float64Array.of(20, Number.NaN, 19)}],
	]),
};

function decode(value: unknown) {
	return decodeHistory(gzipSync(JSON.stringify(value)), {sources, now});
}

const valid = {format: 'dockerhub-badges-history', version: 1, sources, times: [now - 10, 10], images: {'library/nginx': {p: '5,3', s: '1,-1'}}};

describe('history file', () => {
	it('reads back what it writes, gaps included', () => {
		expect(decodeHistory(encodeHistory(history, sources), {sources, now})).toEqual(history);
	});

	it('writes the same bytes for the same history, whatever the order it was built in', () => {
		const reversed = {...history, images: new Map([...history.images].reverse())};
		expect(encodeHistory(reversed, sources)).toEqual(encodeHistory(history, sources));
	});

	it('stores differences, so a recount that lowers a total reads back exactly', () => {
		expect(decode(valid)).toEqual({times: [now - 10, now], images: new Map([['library/nginx', {pulls: Float64Array.of(5, 8), stars: Float64Array.of(1, 0)}]])});
	});

	it.each([
		['truncated', encodeHistory(history, sources).subarray(0, 20), 'is not valid gzipped JSON (truncated?)'],
		['not JSON', gzipSync('{"format":'), 'is not valid gzipped JSON (truncated?)'],
		['another format', gzipSync(JSON.stringify({...valid, format: 'x'})), 'is not a history file this version writes'],
		['a later version', gzipSync(JSON.stringify({...valid, version: 2})), 'is not a history file this version writes'],
		['another origin', gzipSync(JSON.stringify({...valid, sources: {dockerhub: 'http://127.0.0.1:9\n::error::x'}})), 'was recorded from "http://127.0.0.1:9\\n::error::x", not https://hub.docker.com'],
		['no origin', gzipSync(JSON.stringify({...valid, sources: undefined})), 'was recorded from no Docker Hub origin, not https://hub.docker.com'],
	])('refuses a file that is %s', (_name, bytes, problem) => {
		expect(decodeHistory(bytes, {sources, now})).toEqual({problem});
	});

	it.each([
		['a time after this build', [now + 1]],
		['a time before 2010', [1000]],
		['times out of order', [now - 10, -5]],
		['a repeated time', [now - 10, 0]],
		['a fraction', [now - 0.5]],
		['too many times', [now - 30_000, ...Array(29_999).fill(1)]],
	])('refuses a file with %s', (_name, times) => {
		expect(decode({...valid, times, images: {}})).toEqual({problem: 'has build times that are not increasing whole seconds between 2010 and this build'});
	});

	it.each([
		['a name that is not an image', {'../../etc': {p: '1,1', s: '1,1'}}],
		['a prototype key', JSON.parse('{"__proto__": {"p": "1,1", "s": "1,1"}}')],
		['fewer values than times', {'library/nginx': {p: '1', s: '1,0'}}],
		['more values than times', {'library/nginx': {p: '1,1,1', s: '1,0'}}],
		['a negative total', {'library/nginx': {p: '1,-2', s: '1,1'}}],
		['a fraction', {'library/nginx': {p: '1,1.5', s: '1,1'}}],
		['an array', {'library/nginx': {p: [1, 1], s: '1,1'}}],
		['a number written otherwise', {'library/nginx': {p: '1,1e3', s: '1,1'}}],
		['a sum past the safe integers', {'library/nginx': {p: `${Number.MAX_SAFE_INTEGER},1`, s: '0,0'}}],
		['a string far longer than its values', {'library/nginx': {p: `1,${'1'.repeat(100)}`, s: '0,0'}}],
	])('refuses a whole file holding %s', (_name, images) => {
		const result = decode({...valid, images});
		expect((result as {problem: string}).problem).toMatch(/^has an invalid entry for /);
	});

	it('refuses a small file whose images × builds would decode to gigabytes, before decoding any of it', () => {
		// 401 images × 25,000 builds. The series need not even be whole: the count alone refuses the file, so no
		// decoded array is made (a hostile review fed 5,200 images × 25,000 builds: 3.6 GB for a 616 KB file).
		const images = Object.fromEntries(Array.from({length: 401}, (_, index) => [`a/r${index}`, {p: '1', s: '1'}]));
		const times = [now - 30_000, ...Array(24_999).fill(1)];
		expect(decode({...valid, times, images})).toEqual({problem: 'holds 401 images × 25000 builds, more than 10000000 values'});
	});

	it('refuses a file that inflates past its limit', () => {
		// A gzip bomb: 600 gzip members of 1 MiB of spaces each, about 600 KB that would inflate to 600 MiB.
		const bomb = Buffer.concat(Array(600).fill(gzipSync(Buffer.alloc(1024 * 1024, 0x20), {level: 9})));
		expect(decodeHistory(bomb, {sources, now})).toEqual({problem: 'is too large'});
	});
});
