import {describe, expect, it} from 'vitest';
import {metric} from '../../src/badges/metric.ts';

// Expected values are what shields.io's metric() returns for the same input.
describe('metric', () => {
	it.each([
		[0, '0'],
		[1, '1'],
		[999, '999'],
		[1000, '1k'],
		[1050, '1.1k'],
		[1234, '1.2k'],
		// toFixed works on the binary value: 1.95 and 9.95 are stored just below, so they round down.
		[1950, '1.9k'],
		[9950, '9.9k'],
		[9999, '10k'],
		[10_500, '11k'],
		[45_000, '45k'],
		[999_499, '999k'],
		[999_500, '1M'],
		[999_999, '1M'],
		[1_234_567, '1.2M'],
		[987_654_321, '988M'],
		[1e9, '1G'],
		[1e12, '1T'],
		[1.5e15, '1.5P'],
	])('%d → %s', (count, expected) => {
		expect(metric(count)).toBe(expected);
	});
});
