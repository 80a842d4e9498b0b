import picomatch from 'picomatch';

/** A version badge's `include` and `exclude`: globs over tag names, as validated in badges.yml. */
export type TagFilter = {include?: readonly string[] | undefined; exclude?: readonly string[] | undefined};

// Tag characters, `*`, `?` and classes of tag characters (`[0-9]`, `[^a-z]`). Braces, extglobs and
// leading-`!` negation are left out: picomatch reads `{1..10}` as a character class and `[!a]` as
// an extglob, which is not what a shell user means, and `exclude` says "not" more plainly.
const globGrammar = /^(?:[A-Za-z0-9_.*?-]|\[\^?[A-Za-z0-9_.-]+\])+$/;
export const maxGlobLength = 128;
const matcherOptions = {nobrace: true, noextglob: true, nonegate: true} as const;

/** Why a glob cannot select tag names, or undefined when it can. */
export function globProblem(glob: string): string | undefined {
	if (glob.length === 0 || glob.length > maxGlobLength) return `must be 1 to ${maxGlobLength} characters`;
	if (/[{}]/.test(glob)) return 'braces are not supported; list each alternative as a glob of its own';
	if (glob.includes('!')) return 'negation is not supported; put the glob under exclude (or use a class such as [^a-z])';
	if (!globGrammar.test(glob)) {
		return 'is not a glob over tag names: tag characters (A-Z a-z 0-9 _ . -), * for any run, ? for one character, [0-9] or [^a-z] for a class';
	}
	return undefined;
}

const matchers = new Map<string, (name: string) => boolean>();

function matcherOf(globs: readonly string[]): (name: string) => boolean {
	const key = JSON.stringify(globs);
	let matcher = matchers.get(key);
	if (!matcher) {
		matcher = picomatch([...globs], matcherOptions);
		matchers.set(key, matcher);
	}
	return matcher;
}

export function isFiltered(filter: TagFilter): boolean {
	return filter.include !== undefined || filter.exclude !== undefined;
}

/** Whether a tag name may be shown: it matches some `include` glob (when there are any) and no `exclude` glob. */
export function passesFilter(filter: TagFilter, name: string): boolean {
	if (filter.include && !matcherOf(filter.include)(name)) return false;
	return !(filter.exclude && matcherOf(filter.exclude)(name));
}

/** `include ["v*"], exclude ["sha-*"]`: the filter as a badge's problem or note names it. */
export function describeFilter(filter: TagFilter): string {
	const parts: string[] = [];
	if (filter.include) parts.push(`include ${JSON.stringify(filter.include)}`);
	if (filter.exclude) parts.push(`exclude ${JSON.stringify(filter.exclude)}`);
	return parts.join(', ');
}
