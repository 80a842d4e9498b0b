import {differencesOf} from './differences.ts';
import {unpack} from './packed.ts';

/**
 * What the build remembers between builds: the pull and star totals of each image at
 * the time of each build. Builds happen for every image at once, so the times are kept
 * once for all images, and each image has one value per time (a gap where that build got
 * none for it: its fetch failed, or it was not listed yet). Each image's values stay packed
 * (packed.ts) until a badge reads them: 10,000 images of two years' points take about
 * 25 MB so, where numbers took 120 MB.
 */
export type History = {
	/** Whole seconds since the epoch, oldest first. */
	times: readonly number[];
	images: ReadonlyMap<string, ImageHistory>;
};
/** An image's pulls and stars, one value per time, as `pack` makes them. */
export type ImageHistory = Uint8Array;
/** An image's pulls and stars as the file holds them, `differencesOf` each. */
export type ImageHistoryText = {pulls: string; stars: string};
export type HistoryPoint = {pulls: number; stars: number};

/** The next build's history, made one image at a time as it is written: the old and the new are never both whole in memory. */
export type MergedHistory = {
	times: readonly number[];
	/** In name order, so the same history always makes the same file. */
	images: Iterable<readonly [string, ImageHistoryText]>;
};

/** One image's values with the times they were read at, as a trend badge reads them (NaN for a gap). */
export type Series = {times: readonly number[]; pulls: Float64Array; stars: Float64Array};

export const emptyHistory: History = {times: [], images: new Map()};

const day = 86_400;
const week = 7 * day;
/** Every point is kept this long; older ones thin out. */
const everyPointFor = 14 * day;
/** One point a day is kept this long; older ones, one a week. */
const dailyPointsFor = 730 * day;

/**
 * The next build's history: this build's points at `now` added to the previous ones,
 * thinned to what the retention keeps. Images no longer configured are forgotten, so the
 * file never outgrows the config; an image without any value left is dropped too.
 */
export function mergeHistory(previous: History, images: readonly string[], points: ReadonlyMap<string, HistoryPoint>, now: number): MergedHistory {
	// A clock set back would break the order every reader relies on: such a build adds no point.
	const adds = !(previous.times.at(-1)! >= now);
	const times = adds ? [...previous.times, now] : previous.times;
	const kept = keptIndexes(times, now);
	const merge = (image: string): ImageHistoryText | undefined => {
		const packed = previous.images.get(image);
		const old = packed && unpack(packed, previous.times.length);
		const point = adds ? points.get(image) : undefined;
		const pulls = new Float64Array(kept.length);
		const stars = new Float64Array(kept.length);
		let any = false;
		kept.forEach((index, at) => {
			const fresh = index === previous.times.length;
			pulls[at] = fresh ? (point?.pulls ?? Number.NaN) : (old?.pulls[index] ?? Number.NaN);
			stars[at] = fresh ? (point?.stars ?? Number.NaN) : (old?.stars[index] ?? Number.NaN);
			any ||= !Number.isNaN(pulls[at]!);
		});
		return any ? {pulls: differencesOf(pulls), stars: differencesOf(stars)} : undefined;
	};
	return {
		times: kept.map(index => times[index]!),
		images: {
			*[Symbol.iterator]() {
				for (const image of [...new Set(images)].sort()) {
					const merged = merge(image);
					if (merged) yield [image, merged] as const;
				}
			},
		},
	};
}

/**
 * Which builds the retention keeps at `now`: every one of the last 14 days; before that
 * the last of each UTC day for two years, and before that the last of each week (weeks
 * counted from the epoch). Keeping the last of a bucket means a build kept once stays
 * kept as it ages into a coarser bucket.
 */
export function keptIndexes(times: readonly number[], now: number): number[] {
	const bucketOf = (time: number) => {
		const age = now - time;
		if (age <= everyPointFor) return `p${time}`;
		if (age <= dailyPointsFor) return `d${Math.floor(time / day)}`;
		return `w${Math.floor(time / week)}`;
	};
	const kept: number[] = [];
	for (let index = 0; index < times.length; index++) {
		const next = times[index + 1];
		if (next === undefined || bucketOf(next) !== bucketOf(times[index]!)) {
			kept.push(index);
		}
	}
	return kept;
}

/** An image's history as a trend badge reads it; undefined when there is none. */
export function seriesOf(history: History, image: string): Series | undefined {
	const packed = history.images.get(image);
	return packed && {times: history.times, ...unpack(packed, history.times.length)};
}
