import {readdir} from 'node:fs/promises';
import path from 'node:path';

/**
 * The output directory is replaced whole, so make sure it is ours to replace: a
 * missing or empty directory, or a site an earlier build wrote (it has badges.json).
 * `--out .` or `--out src` must stop the build, not delete the project.
 * Returns a message saying what is wrong, or undefined when the directory is fine.
 */
export async function checkOutputDirectory(out: string, protectedPaths: string[]): Promise<string | undefined> {
	const target = path.resolve(out);
	for (const protectedPath of protectedPaths.map(entry => path.resolve(entry))) {
		if (protectedPath === target || protectedPath.startsWith(target + path.sep)) {
			return `--out ${out} would replace ${protectedPath}; choose a directory of its own, such as _site`;
		}
	}
	let entries: string[];
	try {
		entries = await readdir(target);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return code === 'ENOENT' ? undefined : `--out ${out} cannot be read (${code ?? String(error)})`;
	}
	if (entries.length > 0 && !entries.includes('badges.json')) {
		return `--out ${out} is not empty and holds no badges.json, so it is not a site this build wrote; refusing to replace it`;
	}
	return undefined;
}
