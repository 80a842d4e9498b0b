import {createWriteStream} from 'node:fs';
import {pipeline} from 'node:stream/promises';
import {differencesOf} from '../src/history/differences.ts';
import {encodeHistory} from '../src/history/file.ts';
import {keptIndexes, type ImageHistoryText} from '../src/history/history.ts';

const sixHours = 6 * 3600;

/**
 * Writes the history two years of 6-hourly builds leave for `images`, thinned as builds keep
 * them (the last build 6 hours before `now`), with pull rates spread over five orders of
 * magnitude, each build's count a little noisy and stars rising now and then.
 */
export async function writeHistoryFixture(file: string, images: readonly string[], now: number, sources: {dockerhub: string}): Promise<void> {
	const last = now - sixHours;
	const all: number[] = [];
	for (let time = last - 730 * 86_400; time <= last; time += sixHours) all.push(time);
	const kept = keptIndexes(all, last);
	let seed = 1;
	const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
	const values: [string, ImageHistoryText][] = [];
	for (const image of [...images].sort()) {
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
		values.push([image, {pulls: differencesOf(pulls), stars: differencesOf(stars)}]);
	}
	await pipeline(encodeHistory({times: kept.map(index => all[index]!), images: values}, sources), createWriteStream(file));
}
