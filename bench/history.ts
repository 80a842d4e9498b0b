/**
 * The history file's budget (issue 9): 10,000 images with two years of 6-hourly builds,
 * thinned as builds keep them, is under 30 MB on disk and is read back and merged with
 * a new build's points in under 3 s. Run with `npx tsx bench/history.ts`: it writes such
 * a file, then reads, merges and writes it back in a fresh process, which reports its
 * time and peak RSS.
 */
import {execFileSync} from 'node:child_process';
import {readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {gunzipSync} from 'node:zlib';
import {decodeHistory, encodeHistory} from '../src/history/file.ts';
import {keptIndexes, mergeHistory, type History, type HistoryPoint, type ImageHistory} from '../src/history/history.ts';

const images = 10_000;
const sixHours = 6 * 3600;
const now = Date.UTC(2026, 10, 30) / 1000;
const sources = {dockerhub: 'https://hub.docker.com'};

function generate(file: string): void {
	const last = now - sixHours;
	const all: number[] = [];
	for (let time = last - 730 * 86_400; time <= last; time += sixHours) all.push(time);
	const kept = keptIndexes(all, last);
	// Pull rates spread over five orders of magnitude, each build's count a little noisy, stars rising now and then.
	let seed = 1;
	const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
	const values = new Map<string, ImageHistory>();
	for (let index = 0; index < images; index++) {
		const perBuild = 10 ** (random() * 5);
		const pulls = new Float64Array(kept.length);
		const stars = new Float64Array(kept.length);
		let pullCount = Math.floor(random() * 1e6);
		let starCount = Math.floor(random() * 100);
		let at = 0;
		for (let build = 0; build < all.length; build++) {
			pullCount += Math.floor(perBuild * (0.5 + random()));
			if (random() < 0.01) starCount++;
			if (kept[at] === build) {
				pulls[at] = pullCount;
				stars[at] = starCount;
				at++;
			}
		}
		values.set(`namespace${index % 100}/repository${index}`, {pulls, stars});
	}
	const history: History = {times: kept.map(index => all[index]!), images: values};
	writeFileSync(file, encodeHistory(history, sources));
}

function readAndMerge(file: string): void {
	const started = performance.now();
	const bytes = readFileSync(file);
	const read = decodeHistory(bytes, {sources, now});
	if ('problem' in read) throw new Error(read.problem);
	const keys = [...read.images.keys()];
	const points = new Map<string, HistoryPoint>(keys.map(key => [key, {pulls: read.images.get(key)!.pulls.at(-1)! + 100, stars: 0}]));
	const merged = mergeHistory(read, keys, points, now);
	const readAndMerged = performance.now() - started;
	const written = encodeHistory(merged, sources);
	const total = performance.now() - started;
	console.log(`${images} images × ${read.times.length} builds kept`);
	console.log(`file: ${(bytes.length / 1e6).toFixed(1)} MB gzipped (${(gunzipSync(bytes).length / 1e6).toFixed(1)} MB of JSON); written back: ${(written.length / 1e6).toFixed(1)} MB`);
	console.log(`read + merged: ${(readAndMerged / 1000).toFixed(2)} s; with writing back: ${(total / 1000).toFixed(2)} s; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

const reading = process.argv.indexOf('--read');
if (reading === -1) {
	const file = path.join(tmpdir(), `history-bench-${process.pid}.json.gz`);
	generate(file);
	try {
		execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--read', file], {stdio: 'inherit'});
	} finally {
		rmSync(file, {force: true});
	}
} else {
	readAndMerge(process.argv[reading + 1]!);
}
