import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {writeManifestFile} from '../../src/build/write-manifest.ts';
import type {Manifest} from '../../src/render/manifest.ts';
import {temporaryDirectory} from '../helpers/run-build.ts';

const badge = {kind: 'pulls', file: 'pulls', path: 'badges/a/b/pulls.svg', label: 'docker pulls', message: '1k', color: 'blue', style: 'flat', isError: false, fetchedAt: null} as const;
const image = (index: number) => ({image: `a/b${index}`, namespace: 'a', repo: `b${index}`, description: index % 2 ? null : `line\u2028separator "quoted" ${'é'.repeat(index % 7)}`, lastUpdated: undefined, badges: [badge, {...badge, note: 'x'}]});

describe('badges.json written image by image', () => {
	it.each<[string, Manifest]>([
		['no images', {generatedAt: 'x', sources: {dockerhub: 'h'}, images: []}],
		['images and groups', {generatedAt: 'x', sources: {dockerhub: 'h'}, images: [image(0), image(1)], groups: [{name: 'g', images: ['a/b0'], badges: [badge]}]}],
		// Past one piece of text, so that the pieces are joined where an image ends.
		['20,000 images', {generatedAt: 'x', sources: {dockerhub: 'h'}, images: Array.from({length: 20_000}, (_, index) => image(index)), groups: undefined}],
	])('is byte for byte JSON.stringify of the manifest: %s', async (_what, manifest) => {
		const file = path.join(await temporaryDirectory(), 'badges.json');
		await writeManifestFile(file, manifest);
		expect(await readFile(file, 'utf8')).toBe(JSON.stringify(manifest));
	});
});
