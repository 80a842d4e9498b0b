import type {Readable} from 'node:stream';

export class BodyTooLargeError extends Error {
	override readonly name = 'BodyTooLargeError';
}

/**
 * Reads a response body as text, destroying it as soon as it passes `limit` bytes,
 * so a hostile or broken server cannot fill memory. The declared length is checked
 * first, so an honest oversized answer is refused before any byte is read.
 */
export async function readBody(body: Readable, contentLength: string | string[] | undefined, limit: number): Promise<string> {
	return (await readBodyBytes(body, contentLength, limit)).toString('utf8');
}

/** readBody's bytes, for bodies that are not text (a gzipped file). */
export async function readBodyBytes(body: Readable, contentLength: string | string[] | undefined, limit: number): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of bodyChunks(body, contentLength, limit)) {
		chunks.push(chunk);
	}
	return Buffer.concat(chunks);
}

/** readBodyBytes's chunks as they arrive, for a body read as a stream; the limit holds the same way. */
export async function* bodyChunks(body: Readable, contentLength: string | string[] | undefined, limit: number): AsyncGenerator<Buffer> {
	if (Number(contentLength) > limit) {
		body.destroy();
		throw new BodyTooLargeError(`response of ${String(contentLength)} bytes is over the ${limit}-byte limit`);
	}
	let received = 0;
	for await (const chunk of body) {
		received += (chunk as Buffer).length;
		if (received > limit) {
			body.destroy();
			throw new BodyTooLargeError(`response body is over the ${limit}-byte limit`);
		}
		yield chunk as Buffer;
	}
}
