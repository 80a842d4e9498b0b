import {describe, expect, it} from 'vitest';
import {differencesOf} from '../../src/history/differences.ts';
import {packDifferences, unpack} from '../../src/history/packed.ts';

function packed(pulls: number[], stars: number[]): Uint8Array {
	return packDifferences(differencesOf(Float64Array.from(pulls)), differencesOf(Float64Array.from(stars)), pulls.length)!;
}

describe('packed series', () => {
	it.each([
		['gaps and recounts', [Number.NaN, 5, 8, Number.NaN, 3, 3], [1, Number.NaN, 0, 0, 2, 1]],
		['totals across every byte length of a code', [0, 31, 32, 8191, 8192, 2 ** 20, 2 ** 40, 2 ** 49 - 1, 2 ** 49, 0], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
		['differences of 2^50 and more, up and down', [0, 2 ** 50, 0, Number.MAX_SAFE_INTEGER, 0, Number.MAX_SAFE_INTEGER - 1, 1], [Number.MAX_SAFE_INTEGER, 0, 2 ** 50 - 1, 2 ** 50 + 1, 0, 0, 0]],
	])('gives back exactly the totals of the text it packed: %s', (_name, pulls, stars) => {
		const back = unpack(packed(pulls, stars), pulls.length);
		expect([...back.pulls]).toEqual(pulls);
		expect([...back.stars]).toEqual(stars);
	});

	it('reads "-0" as no change', () => {
		expect([...unpack(packDifferences('5,-0', '0,0', 2)!, 2).pulls]).toEqual([5, 5]);
	});

	it('takes about a byte for a small difference, where a number takes eight', () => {
		const pulls = Array.from({length: 800}, (_, index) => 1_000_000 + index * 20);
		// The first total takes 4 bytes, each later step of 20 one byte; stars 1 byte each.
		expect(packed(pulls, Array<number>(800).fill(3)).length).toBe(4 + 799 + 800);
	});
});
