/**
 * The history file's budget (issue 9): 10,000 images with two years of 6-hourly builds,
 * thinned as builds keep them, is under 30 MB on disk and is read back and merged with
 * a new build's points in under 3 s. Run with `npx tsx bench/history.ts`: it writes such
 * a file, then reads, merges and writes it back in a fresh process, which reports its
 * times and peak RSS. The build's own figures with that history: `npm run bench -- --only local-10k-history`.
 */
import {execFileSync} from 'node:child_process';
import {readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Writable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {fileURLToPath} from 'node:url';
import {gunzipSync} from 'node:zlib';
import {decodeHistory, encodeHistory} from '../src/history/file.ts';
import {mergeHistory, seriesOf, type HistoryPoint} from '../src/history/history.ts';
import {writeHistoryFixture} from './history-fixture.ts';

const images = 10_000;
const now = Math.floor(Date.now() / 1000);
const sources = {dockerhub: 'https://hub.docker.com'};

async function readAndMerge(file: string): Promise<void> {
	const started = performance.now();
	const read = await decodeHistory(readFileSync(file), {sources, latest: now});
	if ('problem' in read) throw new Error(read.problem);
	const readSeconds = (performance.now() - started) / 1000;
	const points = new Map<string, HistoryPoint>();
	for (const image of read.images.keys()) {
		points.set(image, {pulls: seriesOf(read, image)!.pulls.at(-1)! + 100, stars: 0});
	}
	const mergeStarted = performance.now();
	let written = 0;
	const count = new Writable({
		write: (chunk: Buffer, _encoding, done) => {
			written += chunk.length;
			done();
		},
	});
	await pipeline(encodeHistory(mergeHistory(read, [...read.images.keys()], points, now), sources), count);
	const mergeSeconds = (performance.now() - mergeStarted) / 1000;
	console.log(`${images} images × ${read.times.length} builds kept; written back: ${(written / 1e6).toFixed(1)} MB`);
	console.log(`read: ${readSeconds.toFixed(2)} s; merged and written back: ${mergeSeconds.toFixed(2)} s; together ${(readSeconds + mergeSeconds).toFixed(2)} s; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

const reading = process.argv.indexOf('--read');
if (reading === -1) {
	const file = path.join(tmpdir(), `history-bench-${process.pid}.json.gz`);
	const names = Array.from({length: images}, (_, index) => `namespace${index % 100}/repository${index}`);
	await writeHistoryFixture(file, names, now, sources);
	try {
		console.log(`file: ${(statSync(file).size / 1e6).toFixed(1)} MB gzipped, ${(gunzipSync(readFileSync(file)).length / 1e6).toFixed(1)} MB of JSON`);
		execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--read', file], {stdio: 'inherit'});
	} finally {
		rmSync(file, {force: true});
	}
} else {
	await readAndMerge(process.argv[reading + 1]!);
}
