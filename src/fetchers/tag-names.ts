/** Docker's tag grammar: what `docker tag` accepts, at most 128 characters. */
export const dockerTagPattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export const maxTagLength = 128;

/**
 * Whether a name from Docker Hub is a tag Docker could have pushed. Anything else
 * (a megabyte of digits, control characters) is hostile or broken, and would reach
 * the version regexes, the SVG and the page; the length is checked before any regex.
 */
export function isDockerTag(name: string): boolean {
	return name.length <= maxTagLength && dockerTagPattern.test(name);
}
