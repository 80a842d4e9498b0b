import {describe, expect, it} from 'vitest';
import {isDockerTag} from '../../src/fetchers/tag-names.ts';

describe('isDockerTag', () => {
	it.each([
		['latest', true],
		['1.27.3-alpine3.20', true],
		['_private', true],
		['a'.repeat(128), true],
		['a'.repeat(129), false],
		['1'.repeat(1_000_000), false],
		['.hidden', false],
		['-dash', false],
		['1.0+build', false],
		['tag with space', false],
		['bad\u001b[31m', false],
		['line\nbreak', false],
		['<svg>', false],
		['', false],
	])('%j → %s', (name, expected) => {
		expect(isDockerTag(name)).toBe(expected);
	});
});
