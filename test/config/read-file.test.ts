import {execFileSync} from 'node:child_process';
import {mkdir, readdir, symlink, writeFile} from 'node:fs/promises';
import {createServer} from 'node:net';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {build} from '../../src/build/build.ts';
import {ConfigError, loadConfig} from '../../src/config/load.ts';
import {readRegularFile} from '../../src/read-regular-file.ts';
import {Capture, temporaryDirectory} from '../helpers/run-build.ts';

const unix = process.platform !== 'win32';

async function problemOf(file: string): Promise<string> {
	try {
		await loadConfig(file);
	} catch (error) {
		if (error instanceof ConfigError) {
			return error.message;
		}
		throw error;
	}
	throw new Error('expected the config to be refused');
}

/** A FIFO with no writer: opening it for reading the usual way blocks for ever. */
async function fifo(): Promise<string> {
	const file = path.join(await temporaryDirectory(), 'badges.yml');
	execFileSync('mkfifo', [file]);
	return file;
}

describe('reading badges.yml refuses anything but a regular file, without blocking', () => {
	it.runIf(unix).each([
		['a FIFO', fifo, 'is a FIFO, not a regular file'],
		[
			'a directory',
			async () => {
				const directory = path.join(await temporaryDirectory(), 'badges.yml');
				await mkdir(directory);
				return directory;
			},
			'is a directory, not a regular file',
		],
		['/dev/zero', async () => '/dev/zero', 'is a character device, not a regular file'],
	])('%s: a ConfigError at 1:1', {timeout: 5000}, async (_what, make, reason) => {
		const file = await make();
		expect(await problemOf(file)).toBe(`${file}:1:1: the file ${reason}`);
	});

	it.runIf(unix)('a socket', {timeout: 5000}, async () => {
		const file = path.join(await temporaryDirectory(), 'badges.yml');
		const server = createServer();
		await new Promise<void>(resolve => server.listen(file, resolve));
		try {
			expect(await problemOf(file)).toBe(`${file}:1:1: the file is a socket, not a regular file`);
		} finally {
			server.close();
		}
	});

	it('a missing file', async () => {
		const file = path.join(await temporaryDirectory(), 'nothing.yml');
		expect(await problemOf(file)).toBe(`${file}:1:1: cannot read the file (ENOENT)`);
	});

	it.runIf(unix)('stops the build with exit 2 and one line, before any write, when badges.yml is a directory or /dev/zero', {timeout: 5000}, async () => {
		const root = await temporaryDirectory();
		await mkdir(path.join(root, 'badges.yml'));
		for (const config of [path.join(root, 'badges.yml'), '/dev/zero']) {
			const stderr = new Capture();
			const report = await build({config, out: path.join(root, '_site'), env: {DOCKERHUB_API_URL: 'http://127.0.0.1:9'}, stdout: new Capture(), stderr});
			expect(report.exitCode).toBe(2);
			expect(stderr.text).toMatch(new RegExp(`^${config}:1:1: the file is a (directory|character device), not a regular file\\n$`));
		}
		expect(await readdir(root)).toEqual(['badges.yml']);
	});
});

describe('readRegularFile', () => {
	it('reads a file at the limit whole, and refuses one byte more', async () => {
		const file = path.join(await temporaryDirectory(), 'file');
		await writeFile(file, 'x'.repeat(100));
		expect((await readRegularFile(file, 100)).toString()).toBe('x'.repeat(100));
		await expect(readRegularFile(file, 99)).rejects.toThrow('the file is 100 bytes; the limit is 99');
	});

	// Files in /proc say they are 0 bytes long and then give more: the limit must hold on what is read.
	it.runIf(process.platform === 'linux')('holds the limit on the bytes read, whatever stat said', async () => {
		await expect(readRegularFile('/proc/self/maps', 64)).rejects.toThrow('the file is over 64 bytes, the limit');
		expect((await readRegularFile('/proc/self/maps', 10 * 1024 * 1024)).length).toBeGreaterThan(64);
	});

	it.runIf(unix)('follows a symlink by default, and refuses it, dangling or not, with links: false', async () => {
		const directory = await temporaryDirectory();
		await writeFile(path.join(directory, 'target'), 'x');
		await symlink(path.join(directory, 'target'), path.join(directory, 'link'));
		await symlink(path.join(directory, 'missing'), path.join(directory, 'dangling'));
		expect((await readRegularFile(path.join(directory, 'link'), 10)).toString()).toBe('x');
		await expect(readRegularFile(path.join(directory, 'link'), 10, {links: false})).rejects.toThrow('the file is a symbolic link, not a regular file');
		await expect(readRegularFile(path.join(directory, 'dangling'), 10, {links: false})).rejects.toThrow('the file is a symbolic link, not a regular file');
	});
});
