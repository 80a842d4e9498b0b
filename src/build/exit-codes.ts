/** The build's exit codes, as the README documents them. */
export const exitCodes = {
	ok: 0,
	/** Some badge is an error (or, with --strict, stale). */
	badgeFailed: 1,
	/** Config, argument or credential problem: nothing was written. */
	unusable: 2,
	/** Anything unforeseen (a full disk, a bug): nothing was written. Not 1, so no one deploys it as "some badges failed". */
	crashed: 3,
} as const;
