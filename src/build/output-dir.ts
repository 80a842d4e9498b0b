import {recoverInterruptedSwap, replaceDirectory, resolveOutputPath} from './atomic-dir.ts';
import {checkOutputDirectory} from './output-guard.ts';
import {lockOutputDirectory, OutputLockedError} from './output-lock.ts';

/** The output directory is not ours to replace, or another build is writing it: exit 2, nothing written. */
export class OutputDirectoryError extends Error {
	override readonly name = 'OutputDirectoryError';
}

export type ClaimedOutput = {
	/** Builds the new site beside the old one and swaps it in whole (see replaceDirectory). */
	replace<T extends {keep: boolean}>(fill: (directory: string) => Promise<T>): Promise<T>;
	/** Lets the next build in. */
	release(): Promise<void>;
};

/**
 * Makes `out` this build's until release(): checked to be ours to replace, locked
 * against a second build, and cleared of what a killed build left. Throws
 * OutputDirectoryError with a one-line reason otherwise.
 */
export async function claimOutputDirectory(out: string, protectedPaths: string[], warn: (message: string) => void): Promise<ClaimedOutput> {
	const directory = await resolveOutputPath(out).catch((error: Error) => {
		throw new OutputDirectoryError(error.message);
	});
	// Checked before the lock too, so that a refused directory gets no lock file beside it.
	await refuseUnlessOurs(out, directory, protectedPaths);
	let lock;
	try {
		lock = await lockOutputDirectory(directory, out, warn);
	} catch (error) {
		if (error instanceof OutputLockedError) {
			throw new OutputDirectoryError(error.message);
		}
		// A parent we may not write to: nothing can be built there.
		const code = (error as NodeJS.ErrnoException).code;
		throw code ? new OutputDirectoryError(`--out ${out} cannot be locked beside it (${code})`) : error;
	}
	try {
		await recoverInterruptedSwap(directory);
		await refuseUnlessOurs(out, directory, protectedPaths);
	} catch (error) {
		await lock.release();
		throw error;
	}
	return {replace: async fill => replaceDirectory(directory, fill), release: async () => lock.release()};
}

/** The read-only half of the claim, for `npm run check`. */
export async function checkOutput(out: string, protectedPaths: string[]): Promise<string | undefined> {
	try {
		return await checkOutputDirectory(out, await resolveOutputPath(out), protectedPaths);
	} catch (error) {
		return (error as Error).message;
	}
}

async function refuseUnlessOurs(out: string, directory: string, protectedPaths: string[]): Promise<void> {
	const problem = await checkOutputDirectory(out, directory, protectedPaths);
	if (problem) {
		throw new OutputDirectoryError(problem);
	}
}
