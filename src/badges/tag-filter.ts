/** A version badge's `include` and `exclude`: globs over tag names, as validated in badges.yml. */
export type TagFilter = {include?: readonly string[] | undefined; exclude?: readonly string[] | undefined};

// Tag characters, `*`, `?` and classes of tag characters (`[0-9]`, `[^a-z]`). Braces, extglobs and
// `!` negation are left out: `exclude` says "not" more plainly, and a grammar this small is matched
// by hand in O(tag × glob) time, where a regex would backtrack exponentially on `*a*a*a*a*b`.
const globToken = /[A-Za-z0-9_.-]|\*|\?|\[(\^?)([A-Za-z0-9_.-]+)\]/y;
export const maxGlobLength = 128;

type Range = readonly [low: string, high: string];
type GlobToken = {kind: 'star'} | {kind: 'one'} | {kind: 'literal'; character: string} | {kind: 'class'; negated: boolean; ranges: Range[]};

/** `a-z0_` → [a, z], [0, 0], [_, _]; a `-` first or last is itself. */
function classRanges(body: string): Range[] {
	const ranges: Range[] = [];
	for (let index = 0; index < body.length; index++) {
		const low = body[index]!;
		if (body[index + 1] === '-' && index + 2 < body.length) {
			ranges.push([low, body[index + 2]!]);
			index += 2;
		} else {
			ranges.push([low, low]);
		}
	}
	return ranges;
}

/** The glob's tokens, or why it is not one of ours. */
function parseGlob(glob: string): GlobToken[] | string {
	const tokens: GlobToken[] = [];
	globToken.lastIndex = 0;
	while (globToken.lastIndex < glob.length) {
		const match = globToken.exec(glob);
		if (!match) return 'is not a glob over tag names: tag characters (A-Z a-z 0-9 _ . -), * for any run, ? for one character, [0-9] or [^a-z] for a class';
		const [text, caret, body] = match;
		if (text === '*') tokens.push({kind: 'star'});
		else if (text === '?') tokens.push({kind: 'one'});
		else if (body === undefined) tokens.push({kind: 'literal', character: text});
		else {
			const ranges = classRanges(body);
			const reversed = ranges.find(([low, high]) => low > high);
			if (reversed) return `range ${reversed[0]}-${reversed[1]} is reversed and would match nothing; write it low to high (${reversed[1]}-${reversed[0]})`;
			tokens.push({kind: 'class', negated: caret === '^', ranges});
		}
	}
	return tokens;
}

/** Why a glob cannot select tag names, or undefined when it can. */
export function globProblem(glob: string): string | undefined {
	if (glob.length === 0 || glob.length > maxGlobLength) return `must be 1 to ${maxGlobLength} characters`;
	if (/[{}]/.test(glob)) return 'braces are not supported; list each alternative as a glob of its own';
	if (glob.includes('!')) return 'negation is not supported; put the glob under exclude (or use a class such as [^a-z])';
	const parsed = parseGlob(glob);
	return typeof parsed === 'string' ? parsed : undefined;
}

function matchesOne(token: GlobToken, character: string): boolean {
	switch (token.kind) {
		case 'one':
			return true;
		case 'literal':
			return token.character === character;
		case 'class':
			return token.ranges.some(([low, high]) => low <= character && character <= high) !== token.negated;
		case 'star':
			return false;
	}
}

/**
 * Whether the whole name matches: greedy, and on a mismatch back to the last `*` only, letting it
 * take one more character. Earlier stars never need revisiting, so this is O(name × glob).
 */
function globMatches(tokens: readonly GlobToken[], name: string): boolean {
	let at = 0;
	let position = 0;
	let lastStar = -1;
	let starTakesUpTo = 0;
	while (position < name.length) {
		const token = tokens[at];
		if (token?.kind === 'star') {
			lastStar = at++;
			starTakesUpTo = position;
		} else if (token && matchesOne(token, name[position]!)) {
			at++;
			position++;
		} else if (lastStar >= 0) {
			at = lastStar + 1;
			position = ++starTakesUpTo;
		} else {
			return false;
		}
	}
	while (tokens[at]?.kind === 'star') at++;
	return at === tokens.length;
}

const compiled = new Map<string, GlobToken[]>();

function tokensOf(glob: string): GlobToken[] {
	let tokens = compiled.get(glob);
	if (!tokens) {
		const parsed = parseGlob(glob);
		// Globs reach here validated by the config schema; a bad one is a bug, not a tag to drop.
		if (typeof parsed === 'string') throw new Error(`glob ${JSON.stringify(glob)} ${parsed}`);
		tokens = parsed;
		compiled.set(glob, tokens);
	}
	return tokens;
}

const matchesAny = (globs: readonly string[], name: string) => globs.some(glob => globMatches(tokensOf(glob), name));

export function isFiltered(filter: TagFilter): boolean {
	return filter.include !== undefined || filter.exclude !== undefined;
}

/** Whether a tag name may be shown: it matches some `include` glob (when there are any) and no `exclude` glob. */
export function passesFilter(filter: TagFilter, name: string): boolean {
	if (filter.include && !matchesAny(filter.include, name)) return false;
	return !(filter.exclude && matchesAny(filter.exclude, name));
}

/** `include ["v*"], exclude ["sha-*"]`: the filter as a badge's problem or note names it. */
export function describeFilter(filter: TagFilter): string {
	const parts: string[] = [];
	if (filter.include) parts.push(`include ${JSON.stringify(filter.include)}`);
	if (filter.exclude) parts.push(`exclude ${JSON.stringify(filter.exclude)}`);
	return parts.join(', ');
}
