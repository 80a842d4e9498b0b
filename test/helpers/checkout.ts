import {execFile} from 'node:child_process';
import {cp, mkdir, mkdtemp, symlink} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';

const run = promisify(execFile);
export const repositoryRoot = path.resolve(import.meta.dirname, '../..');

/**
 * What a checkout of this repository holds (tracked files, and new ones not ignored, so
 * uncommitted work is tested too), copied into a new temporary directory: no node_modules,
 * no .bundle. `withNodeModules` links this repository's, for steps that need dev tools.
 */
export async function checkoutCopy(options: {withNodeModules?: boolean} = {}): Promise<string> {
	const directory = await mkdtemp(path.join(tmpdir(), 'badges-checkout-'));
	const {stdout} = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {cwd: repositoryRoot, maxBuffer: 16 * 1024 * 1024});
	for (const file of stdout.split('\0').filter(Boolean)) {
		await mkdir(path.join(directory, path.dirname(file)), {recursive: true});
		// A file deleted but not yet staged is listed and missing: a checkout would not hold it either.
		await cp(path.join(repositoryRoot, file), path.join(directory, file)).catch((error: NodeJS.ErrnoException) => {
			if (error.code !== 'ENOENT') {
				throw error;
			}
		});
	}
	if (options.withNodeModules) {
		await symlink(path.join(repositoryRoot, 'node_modules'), path.join(directory, 'node_modules'));
	}
	return directory;
}

/** Runs a command to its end, whatever its exit code; output collected. */
export async function runCommand(file: string, args: string[], options: {cwd: string; env?: Record<string, string | undefined>}) {
	try {
		const {stdout, stderr} = await run(file, args, {cwd: options.cwd, env: options.env ?? process.env, maxBuffer: 64 * 1024 * 1024});
		return {code: 0, stdout, stderr};
	} catch (error) {
		const failure = error as {code?: number | string; stdout?: string; stderr?: string};
		if (typeof failure.code !== 'number') {
			throw error;
		}
		return {code: failure.code, stdout: failure.stdout ?? '', stderr: failure.stderr ?? ''};
	}
}
