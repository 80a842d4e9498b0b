import {constants, type Stats} from 'node:fs';
import {lstat, open, stat} from 'node:fs/promises';

// Small enough that a stream of them never holds much, large enough that reading a big file takes few calls.
const chunkBytes = 1024 * 1024;

/** The file is not something we read: not a regular file, or over the limit. `reason` completes "the file …". */
export class FileRefusedError extends Error {
	override readonly name = 'FileRefusedError';

	constructor(readonly reason: string) {
		super(`the file ${reason}`);
	}
}

/**
 * Reads a file a user or a previous build named, refusing anything but a regular file
 * and anything over `limit` bytes. Opening a FIFO for reading blocks until a writer
 * comes, so it is opened non-blocking and checked on the open handle (no race with a
 * rename); /dev/zero never ends and a file can grow after stat, so the limit holds on
 * the bytes read, whatever stat said. Errors of open itself (ENOENT…) pass through.
 * With `links: false`, a symlink is refused rather than followed: for a file only a build
 * writes, a link is not one it wrote, and it could lead to any file on the machine.
 */
export async function readRegularFile(file: string, limit: number, options: {links?: boolean} = {}): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of regularFileChunks(file, limit, options)) {
		chunks.push(chunk);
	}
	return Buffer.concat(chunks);
}

/** readRegularFile's bytes chunk by chunk, for a file read as a stream; the same checks, made before the first chunk. */
export async function* regularFileChunks(file: string, limit: number, {links = true}: {links?: boolean} = {}): AsyncGenerator<Buffer> {
	let handle;
	try {
		// O_NONBLOCK does not exist on Windows, where opening a FIFO path is not a thing; nor does O_NOFOLLOW.
		handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (links ? 0 : (constants.O_NOFOLLOW ?? 0)));
	} catch (error) {
		// A socket cannot be opened at all (ENXIO), a directory not on every platform, a link not with O_NOFOLLOW (ELOOP): name what it is.
		const info = await (links ? stat : lstat)(file).catch(() => undefined);
		if (info && !info.isFile()) {
			throw new FileRefusedError(notRegular(info));
		}
		throw error;
	}
	try {
		const info = await handle.stat();
		if (!info.isFile()) {
			throw new FileRefusedError(notRegular(info));
		}
		if (info.size > limit) {
			throw new FileRefusedError(`is ${info.size} bytes; the limit is ${limit}`);
		}
		let total = 0;
		for (;;) {
			// Reading one byte past the limit tells "at the limit" from "over it".
			const chunk = Buffer.allocUnsafe(Math.min(chunkBytes, limit + 1 - total));
			const {bytesRead} = await handle.read(chunk, 0, chunk.length, null);
			if (bytesRead === 0) {
				return;
			}
			total += bytesRead;
			if (total > limit) {
				throw new FileRefusedError(`is over ${limit} bytes, the limit`);
			}
			yield chunk.subarray(0, bytesRead);
		}
	} finally {
		await handle.close();
	}
}

function notRegular(info: Stats): string {
	const kind = info.isSymbolicLink()
		? 'a symbolic link'
		: info.isDirectory()
		? 'a directory'
		: info.isFIFO()
			? 'a FIFO'
			: info.isSocket()
				? 'a socket'
				: info.isCharacterDevice()
					? 'a character device'
					: info.isBlockDevice()
						? 'a block device'
						: 'something else';
	return `is ${kind}, not a regular file`;
}
