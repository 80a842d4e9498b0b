import {randomBytes} from 'node:crypto';
import {existsSync, lstatSync, renameSync, rmSync} from 'node:fs';
import {mkdir, readdir, readlink, realpath, rename} from 'node:fs/promises';
import path from 'node:path';
import {markAsSite, siteMarker} from './output-guard.ts';

/**
 * Where the site goes: `out` itself, or, when `out` is a symlink, the directory it
 * leads to, so that the link stays a link and its target gets the site. A link to a
 * directory that does not exist yet leads to where it will be.
 */
export async function resolveOutputPath(out: string): Promise<string> {
	let current = path.resolve(out);
	// 40: the kernel's own limit on links followed in one lookup.
	for (let hops = 0; hops < 40; hops++) {
		// The parent may be a link too; resolving it keeps a relative `..` in the link meaning what the kernel reads.
		const parent = await realpath(path.dirname(current)).catch(() => path.dirname(current));
		current = path.join(parent, path.basename(current));
		let link: string;
		try {
			link = await readlink(current);
		} catch {
			return current;
		}
		current = path.resolve(parent, link);
	}
	throw new Error(`--out ${out}: too many levels of symbolic links`);
}

/**
 * Builds a directory beside `target` and swaps it in only when `fill` succeeds and
 * says `keep`, so `target` is always the old site or the whole new one. A failed or
 * declined build leaves the old output as it was. The caller holds the output lock
 * and has run recoverInterruptedSwap(). Returns what `fill` returned.
 */
export async function replaceDirectory<T extends {keep: boolean}>(target: string, fill: (directory: string) => Promise<T>): Promise<T> {
	const parent = path.dirname(target);
	const base = path.basename(target);
	const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
	const building = path.join(parent, `.${base}.building-${suffix}`);
	const retired = path.join(parent, `.${base}.retired-${suffix}`);
	await mkdir(building);
	let result: T;
	try {
		result = await fill(building);
		if (result.keep) {
			markAsSite(building);
		}
	} catch (error) {
		removeSite(building);
		throw error;
	}
	if (!result.keep) {
		removeSite(building);
		return result;
	}
	swap(building, target, retired);
	removeSite(retired);
	return result;
}

/**
 * rename() cannot exchange two directories in one step, and Node offers no
 * renameat2(RENAME_EXCHANGE): the old site steps aside, then the new one takes its
 * place. Both renames are synchronous and back to back, so no other work of this
 * process runs between them; a kill -9 in that gap (microseconds) leaves no `target`,
 * and recoverInterruptedSwap() puts the old site back on the next run.
 */
function swap(building: string, target: string, retired: string): void {
	const hadOld = existsSync(target);
	if (hadOld) {
		renameSync(target, retired);
	}
	try {
		renameSync(building, target);
	} catch (error) {
		if (hadOld) {
			renameSync(retired, target);
		}
		throw error;
	}
}

/**
 * Clears what a killed build left beside `target`: its half-built directory, and an
 * old site it had moved aside, which goes back in place if `target` is missing.
 */
export async function recoverInterruptedSwap(target: string): Promise<void> {
	const parent = path.dirname(target);
	const base = path.basename(target);
	const entries = await readdir(parent).catch(() => []);
	const leftovers = entries.filter(entry => entry.startsWith(`.${base}.building-`) || entry.startsWith(`.${base}.retired-`));
	if (!existsSync(target)) {
		// Only a site of ours goes back: a leftover name is no proof (a symlink named so would make --out lead elsewhere).
		const retired = leftovers.find(entry => entry.startsWith(`.${base}.retired-`) && isMarkedSite(path.join(parent, entry)));
		if (retired) {
			await rename(path.join(parent, retired), target);
		}
	}
	for (const entry of leftovers) {
		removeSite(path.join(parent, entry));
	}
}

/**
 * Node 20's fs.rm walks a tree starting the removal of every entry at once: the old site of a
 * 100,000-image build (1.2 million files) took gigabytes to remove, more than the build itself
 * (240,000 files: 493 MB, against 57 MB and half the time one entry at a time). It runs when
 * the site is in place or the build has failed, so blocking the event loop holds up nothing.
 */
function removeSite(directory: string): void {
	rmSync(directory, {recursive: true, force: true});
}

function isMarkedSite(directory: string): boolean {
	return lstatSync(directory, {throwIfNoEntry: false})?.isDirectory() === true && lstatSync(path.join(directory, siteMarker), {throwIfNoEntry: false})?.isFile() === true;
}
