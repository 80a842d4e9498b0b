/** The build's exit codes, as the README documents them. */
export const exitCodes = {
	ok: 0,
	/** Some badge is an error (or, with --strict, stale). */
	badgeFailed: 1,
	/** Config, argument or credential problem: nothing was written. */
	unusable: 2,
} as const;
