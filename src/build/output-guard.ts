import {writeFileSync} from 'node:fs';
import {lstat, readdir, stat} from 'node:fs/promises';
import path from 'node:path';

/** Written into every site this tool builds: the proof that a directory is ours to replace. */
export const siteMarker = '.dockerhub-badges';

/** Marks a freshly built site as ours, just before it is swapped in. */
export function markAsSite(directory: string): void {
	writeFileSync(path.join(directory, siteMarker), 'Written by dockerhub-badges: each build replaces this directory whole.\n');
}

/**
 * The output directory is replaced whole, so make sure it is ours to replace: missing,
 * empty, or a site this tool wrote. `--out .` or `--out src` must stop the build, not
 * delete the project; `--out ~` must not take `.ssh` with it because a badges.json lies there.
 * `target` is where `out` leads (through a symlink). Returns a one-line reason, or undefined when it is fine.
 */
export async function checkOutputDirectory(out: string, target: string, protectedPaths: string[]): Promise<string | undefined> {
	for (const protectedPath of protectedPaths.map(entry => path.resolve(entry))) {
		for (const candidate of new Set([path.resolve(out), target])) {
			if (protectedPath === candidate || protectedPath.startsWith(candidate.endsWith(path.sep) ? candidate : candidate + path.sep)) {
				return `--out ${out} would replace ${protectedPath}; choose a directory of its own, such as _site`;
			}
		}
	}
	let entries: string[];
	try {
		entries = await readdir(target);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') {
			return undefined;
		}
		return code === 'ENOTDIR' ? `--out ${out} is not a directory` : `--out ${out} cannot be read (${code ?? String(error)})`;
	}
	// Swapped in by rename(), which a mount point refuses (EBUSY) after the whole build.
	if (await isMountPoint(target)) {
		return `--out ${out} is a mount point, which cannot be replaced by a rename; point --out at a directory inside it`;
	}
	// Names and shapes are no proof: a directory holding a badges.json, index.html and assets/
	// may be anyone's. A site written before the marker existed is refused too, once.
	if (entries.length === 0 || (await isFile(path.join(target, siteMarker)))) {
		return undefined;
	}
	const named = entries.sort();
	const shown = named.slice(0, 5).map(entry => printable(entry));
	const more = named.length > shown.length ? ` and ${named.length - shown.length} more` : '';
	return (
		`--out ${out} holds ${shown.join(', ')}${more}, so it is not a site this tool wrote (no ${siteMarker}); refusing to replace it: ` +
		'choose a new or empty directory (a site from a version before the marker can be deleted: the build writes it again)'
	);
}

async function isMountPoint(directory: string): Promise<boolean> {
	const [inside, parent] = await Promise.all([stat(directory).catch(() => undefined), stat(path.dirname(directory)).catch(() => undefined)]);
	return inside !== undefined && parent !== undefined && inside.isDirectory() && inside.dev !== parent.dev;
}

async function isFile(file: string): Promise<boolean> {
	return (await lstat(file).catch(() => undefined))?.isFile() ?? false;
}

/** File names may hold anything but / and NUL: keep a line a line. */
function printable(name: string): string {
	return name.replace(/\p{Cc}/gu, '?');
}
