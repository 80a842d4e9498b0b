import {createWriteStream} from 'node:fs';
import {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import type {Manifest} from '../render/manifest.ts';

// Pieces of about this size go to the file: few writes, and never much text at once.
const pieceLength = 1024 * 1024;

/**
 * Writes badges.json compact (a machine file, read back by the next build, and twice the
 * size indented), image by image: at 100,000 images, JSON.stringify of the whole was one
 * 158 MB string and writing it one 158 MB buffer, both alive at the build's peak.
 */
export async function writeManifestFile(file: string, manifest: Manifest): Promise<void> {
	await pipeline(Readable.from(manifestText(manifest), {objectMode: false}), createWriteStream(file));
}

/** JSON.stringify(manifest), in pieces: each member whole, but an array member's items one by one. */
export function* manifestText(manifest: Manifest): Generator<string> {
	let piece = '';
	let opening = '{';
	for (const [key, value] of Object.entries(manifest)) {
		if (value === undefined) {
			continue;
		}
		piece += `${opening}${JSON.stringify(key)}:`;
		opening = ',';
		if (!Array.isArray(value)) {
			piece += JSON.stringify(value);
			continue;
		}
		piece += '[';
		for (let index = 0; index < value.length; index++) {
			piece += `${index === 0 ? '' : ','}${JSON.stringify(value[index]) ?? 'null'}`;
			if (piece.length >= pieceLength) {
				yield piece;
				piece = '';
			}
		}
		piece += ']';
	}
	yield `${piece}${opening === '{' ? '{' : ''}}`;
}
