// @ts-check
// The filter: which images a query matches. Pure, shared by the page's script and the tests.

/** @typedef {[file: string, kind: string, name: string, message: string, width: number, height: number, state: 'fresh' | 'stale' | 'error', note?: {text: string, code: boolean}[]]} IndexBadge */
/** @typedef {{id: string, name: string, hub?: string, hubName?: string, group?: true, page: string, description?: string, notes?: {text: string, code: boolean}[][], badges: IndexBadge[]}} IndexImage A group has no `hub`, and `group: true`. */
/** @typedef {{words: string[], states: string[], kinds: string[]}} Query */

/**
 * Reads what a person typed: `is:stale` and `is:error` keep images and groups with such a badge,
 * `is:group` keeps the groups, `kind:size` those with that kind of badge, every other word must appear somewhere.
 * @param {string} text
 * @returns {Query}
 */
export function parseQuery(text) {
	/** @type {Query} */
	const query = {words: [], states: [], kinds: []};
	for (const term of text.toLowerCase().split(/\s+/).filter(Boolean)) {
		if (term.startsWith('is:') && term.length > 3) {
			query.states.push(term.slice(3));
		} else if (term.startsWith('kind:') && term.length > 5) {
			query.kinds.push(term.slice(5));
		} else {
			// A pasted `docker.io/library/nginx` names what `library/nginx` does.
			query.words.push(term.replace(/^docker\.io\//, ''));
		}
	}
	return query;
}

/**
 * Everything a word may match in one image, lower-cased: its name in every form people
 * write it (`nginx`, `library/nginx`, `_/nginx`), its description, its badges' kinds, names and messages.
 * @param {IndexImage} image
 */
export function searchTextOf(image) {
	const official = image.id.startsWith('library/') ? ` _/${image.id.slice('library/'.length)}` : '';
	const badges = image.badges.map(([, kind, name, message]) => `${kind} ${name} ${message}`).join('\n');
	return `${image.id}${official}\n${image.description ?? ''}\n${badges}`.toLowerCase();
}

/**
 * @param {IndexImage} image
 * @param {string} text the image's searchTextOf
 * @param {Query} query
 */
export function matches(image, text, query) {
	return (
		query.words.every(word => text.includes(word)) &&
		query.states.every(state => (state === 'group' ? image.group === true : image.badges.some(badge => badge[6] === state))) &&
		query.kinds.every(kind => image.badges.some(badge => badge[1] === kind))
	);
}

/** @param {Query} query */
export function isEmpty(query) {
	return query.words.length + query.states.length + query.kinds.length === 0;
}
