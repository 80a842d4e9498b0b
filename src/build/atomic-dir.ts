import {randomBytes} from 'node:crypto';
import {mkdir, readdir, rename, rm, stat} from 'node:fs/promises';
import path from 'node:path';

/**
 * Builds a directory beside `target` and swaps it in only when `fill` succeeds and
 * says `keep`, so `target` is always the old site or the whole new one. A failed,
 * declined or killed build leaves the old output as it was; leftovers of a killed
 * one are cleared by the next run. Returns what `fill` returned.
 */
export async function replaceDirectory<T extends {keep: boolean}>(target: string, fill: (directory: string) => Promise<T>): Promise<T> {
	const resolved = path.resolve(target);
	const parent = path.dirname(resolved);
	const base = path.basename(resolved);
	await mkdir(parent, {recursive: true});
	await recoverInterruptedSwap(parent, base);

	const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
	const building = path.join(parent, `.${base}.building-${suffix}`);
	const retired = path.join(parent, `.${base}.retired-${suffix}`);
	await mkdir(building);
	let result: T;
	try {
		result = await fill(building);
	} catch (error) {
		await rm(building, {recursive: true, force: true});
		throw error;
	}
	if (!result.keep) {
		await rm(building, {recursive: true, force: true});
		return result;
	}

	// rename() cannot swap two directories in one step: the old one steps aside first,
	// and recoverInterruptedSwap() puts it back if we die in between.
	const hadOld = await exists(resolved);
	if (hadOld) {
		await rename(resolved, retired);
	}
	await rename(building, resolved);
	if (hadOld) {
		await rm(retired, {recursive: true, force: true});
	}
	return result;
}

async function recoverInterruptedSwap(parent: string, base: string): Promise<void> {
	const entries = await readdir(parent);
	const leftovers = entries.filter(entry => entry.startsWith(`.${base}.building-`) || entry.startsWith(`.${base}.retired-`));
	if (!(await exists(path.join(parent, base)))) {
		const retired = leftovers.find(entry => entry.startsWith(`.${base}.retired-`));
		if (retired) {
			await rename(path.join(parent, retired), path.join(parent, base));
		}
	}
	await Promise.all(
		leftovers.map(async entry => rm(path.join(parent, entry), {recursive: true, force: true})),
	);
}

async function exists(file: string): Promise<boolean> {
	try {
		await stat(file);
		return true;
	} catch {
		return false;
	}
}
