import {describe, expect, it} from 'vitest';
import type {ManifestBadge} from '../../src/render/manifest.ts';
import {renderSvg} from '../../src/render/svg.ts';
import {xmlError} from '../helpers/xml.ts';

const badge: ManifestBadge = {
	kind: 'version',
	file: 'version',
	path: 'badges/library/nginx/version.svg',
	label: 'version',
	message: 'v1.27.3',
	color: 'blue',
	style: 'flat',
	isError: false,
	fetchedAt: '2026-01-01T00:00:00.000Z',
};

describe('renderSvg', () => {
	it.each([
		['a control character in a tag name', {message: 'v1.0\u0001'}],
		['an ANSI escape', {message: '\u001b[31mred'}],
		['characters XML has no place for', {message: '\ufffe\uffff\u0000'}],
	])('draws well-formed XML with %s', (_name, text) => {
		expect(xmlError(renderSvg({...badge, ...text}))).toBeUndefined();
	});

	it.each([
		['a line break', {message: 'v1\n::error::pwned'}, 'v1 ::error::pwned'],
		['a bidi override', {label: 'version\u202e'}, 'version'],
	])('keeps %s out of the badge', (_name, text, shown) => {
		const svg = renderSvg({...badge, ...text});
		expect(svg).not.toMatch(/[\n\u202e]/);
		expect(svg).toContain(shown);
	});
});
