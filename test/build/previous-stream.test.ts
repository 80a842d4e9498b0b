import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {readPreviousManifest} from '../../src/build/previous.ts';
import {serveForTest} from '../helpers/loopback.ts';
import {temporaryDirectory} from '../helpers/run-build.ts';

// The previous badges.json is read image by image as it arrives (src/build/previous-manifest.ts):
// these are the ways a stream can go wrong that a whole-file JSON.parse never saw.

const sources = {dockerhub: 'https://hub.docker.com'};

function image(name: string) {
	const [namespace, repo] = name.split('/') as [string, string];
	return {
		image: name,
		namespace,
		repo,
		description: 'a repository',
		lastUpdated: '2026-11-29T12:00:00.000000Z',
		tagsReadAt: '2026-11-30T06:00:00.000Z',
		badges: [
			{kind: 'pulls', file: 'pulls', path: `badges/${name}/pulls.svg`, label: 'docker pulls', message: '1k', color: 'blue', style: 'flat', isError: false, fetchedAt: '2026-11-30T06:00:00.000Z'},
			{kind: 'version', file: 'version', path: `badges/${name}/version.svg`, label: 'version', message: 'v1.2.0', color: 'blue', style: 'flat', isError: false, fetchedAt: '2026-11-30T06:00:00.000Z', reuse: {color: 'blue'}},
		],
	};
}

const manifestText = (images: unknown[]) => JSON.stringify({generatedAt: '2026-11-30T06:00:00.000Z', sources, images});

async function readFromFile(text: string) {
	const file = path.join(await temporaryDirectory(), 'badges.json');
	await writeFile(file, text);
	return read(file);
}

async function read(source: string) {
	const warnings: string[] = [];
	const manifest = await readPreviousManifest(source, {sources, warn: line => warnings.push(line), deadlineMs: 5000});
	return {manifest, warnings: warnings.map(line => line.replace(/^previous badges from \S+ /, ''))};
}

describe('a previous manifest read as a stream', () => {
	it('keeps each valid image entry, in the compact form a rebuild reads, and drops a bad one', async () => {
		const {manifest, warnings} = await readFromFile(manifestText([image('a/one'), {image: 'b/two', badges: 'no'}, image('c/three')]));
		expect(warnings).toEqual([]);
		expect(manifest?.images.map(entry => entry.image)).toEqual(['a/one', 'c/three']);
		// What the fallback and the tag reuse read, and no presentation (label, path, style: this build's own).
		expect(manifest?.images[0]).toEqual({
			image: 'a/one',
			description: 'a repository',
			lastUpdated: '2026-11-29T12:00:00.000000Z',
			tagsReadAt: '2026-11-30T06:00:00.000Z',
			badges: [
				{kind: 'pulls', file: 'pulls', message: '1k', color: 'blue', isError: false, fetchedAt: '2026-11-30T06:00:00.000Z'},
				{kind: 'version', file: 'version', message: 'v1.2.0', color: 'blue', isError: false, fetchedAt: '2026-11-30T06:00:00.000Z', reuse: {color: 'blue'}},
			],
		});
	});

	it.each([
		['cut off after whole image entries', manifestText([image('a/one'), image('b/two')]).slice(0, -40), 'are not valid JSON; ignored'],
		['followed by more than its one document', `${manifestText([image('a/one')])}{}`, 'are not valid JSON; ignored'],
		['broken after whole image entries', manifestText([image('a/one'), image('b/two')]).replace('"b/two"', '"b/two" oops'), 'are not valid JSON; ignored'],
		['empty', '', 'are not valid JSON; ignored'],
		['an array of image entries', JSON.stringify([image('a/one')]), 'do not match the manifest format; ignored'],
		['images as an object of image entries', JSON.stringify({generatedAt: 'x', sources, images: {first: image('a/one')}}), 'do not match the manifest format; ignored'],
		['images without generatedAt', JSON.stringify({sources, images: [image('a/one')]}), 'do not match the manifest format; ignored'],
		['images with sources of another shape', JSON.stringify({generatedAt: 'x', sources: 'hub', images: [image('a/one')]}), 'do not match the manifest format; ignored'],
	])('refuses a file %s whole, with one warning, though its first images arrived whole', async (_what, text, warning) => {
		const {manifest, warnings} = await readFromFile(text);
		expect(manifest).toBeUndefined();
		expect(warnings).toEqual([warning]);
	});

	it('takes the last of two `images` members, as JSON.parse did, even when it is empty', async () => {
		const twice = (second: unknown[]) => manifestText([image('a/one')]).replace(/}$/, `,"images":${JSON.stringify(second)}}`);
		expect((await readFromFile(twice([image('b/two')]))).manifest?.images.map(entry => entry.image)).toEqual(['b/two']);
		expect((await readFromFile(twice([]))).manifest?.images).toEqual([]);
	});

	it('refuses a URL cut off mid-stream whole, with one warning', async () => {
		const origin = await serveForTest((_request, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			response.write(manifestText([image('a/one'), image('b/two')]).slice(0, -40));
			response.end();
		});
		const {manifest, warnings} = await read(`${origin}/badges.json`);
		expect(manifest).toBeUndefined();
		expect(warnings).toEqual(['are not valid JSON; ignored']);
	});

	it('counts the objects of a URL as they arrive and refuses it past the cap', {timeout: 20_000}, async () => {
		const objects = 4_000_001;
		const origin = await serveForTest((_request, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			response.end(`{"generatedAt":"x","sources":${JSON.stringify(sources)},"images":[${'{},'.repeat(objects - 3)}{}]}`);
		});
		const {manifest, warnings} = await read(`${origin}/badges.json`);
		expect(manifest).toBeUndefined();
		expect(warnings).toEqual([`hold ${objects} JSON objects, more than any build writes (4000000); ignored`]);
	});

	it('stops checking image entries past 200,000, more than the size limit holds, and refuses the file', async () => {
		const {manifest, warnings} = await readFromFile(manifestText(Array.from({length: 200_001}, () => ({}))));
		expect(manifest).toBeUndefined();
		expect(warnings).toEqual(['hold more than 200000 image entries, more than any build writes; ignored']);
	});

	it('reads a URL of valid image entries as they arrive, in many chunks', async () => {
		const text = manifestText(Array.from({length: 500}, (_, index) => image(`namespace/repository${index}`)));
		const origin = await serveForTest((_request, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			for (let start = 0; start < text.length; start += 997) {
				response.write(text.slice(start, start + 997));
			}
			response.end();
		});
		const {manifest, warnings} = await read(`${origin}/badges.json`);
		expect(warnings).toEqual([]);
		expect(manifest?.images).toHaveLength(500);
	});
});
