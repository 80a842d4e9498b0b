// @ts-check
// What a copy button puts on the clipboard: one README row of badges in the chosen
// format. Pure, shared by the page's script and the tests. Every value is escaped for
// the syntax it lands in: labels and URLs come from outside (badges.yml, Docker Hub).

/** @typedef {{url: string, jsonUrl: string, alt: string, name: string}} SnippetBadge */
/** @typedef {{link: string, style: string}} SnippetOptions */

export const formats = {
	markdown: 'Markdown',
	html: 'HTML',
	rst: 'reStructuredText',
	asciidoc: 'AsciiDoc',
	url: 'URL',
	endpoint: 'shields.io endpoint URL',
};

export const styles = ['flat', 'flat-square', 'plastic', 'for-the-badge', 'social'];

/** @param {string} url a URL with only the characters each syntax leaves alone: no spaces, brackets, quotes or parentheses. */
function inertUrl(url) {
	return url.replace(/[\s()<>[\]"'`|\\]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).replace(/_$/, '%5F');
}

/** @param {string} text */
function markdownText(text) {
	return text.replace(/[\\`*_[\]<>()!#|]/g, c => `\\${c}`);
}

/** @param {string} text */
function htmlAttribute(text) {
	return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}

/** @param {string} text */
function asciidocAttribute(text) {
	return `"${text.replace(/[\\"\]]/g, c => `\\${c}`)}"`;
}

/** An rST substitution name: no `|`, no backquote or asterisk, no whitespace at either end. */
function rstName(/** @type {string} */ text) {
	return text.replace(/[|`*\\]/g, '-').trim();
}

/** @param {string} style */
function endpointUrl(/** @type {string} */ jsonUrl, style) {
	return `https://img.shields.io/endpoint?url=${encodeURIComponent(jsonUrl)}&style=${encodeURIComponent(style)}`;
}

/**
 * One README row: every badge in `badges` linking to `options.link`, in `format`.
 * @param {keyof typeof formats} format
 * @param {SnippetBadge[]} badges
 * @param {SnippetOptions} options
 * @returns {string}
 */
export function snippetOf(format, badges, options) {
	const link = inertUrl(options.link);
	switch (format) {
		case 'markdown':
			return badges.map(badge => `[![${markdownText(badge.alt)}](${inertUrl(badge.url)})](${link})`).join(' ');
		case 'html':
			return badges.map(badge => `<a href="${htmlAttribute(options.link)}"><img src="${htmlAttribute(badge.url)}" alt="${htmlAttribute(badge.alt)}"></a>`).join(' ');
		case 'rst': {
			// Several images in one line need substitutions; their definitions follow the line.
			const names = badges.map(badge => rstName(badge.name));
			const definitions = badges.map((badge, index) => `.. |${names[index]}| image:: ${inertUrl(badge.url)}\n   :alt: ${badge.alt}\n   :target: ${link}`);
			return `${names.map(name => `|${name}|`).join(' ')}\n\n${definitions.join('\n')}`;
		}
		case 'asciidoc':
			return badges.map(badge => `image:${inertUrl(badge.url)}[${asciidocAttribute(badge.alt)},link=${asciidocAttribute(link)}]`).join(' ');
		case 'url':
			return badges.map(badge => badge.url).join('\n');
		case 'endpoint':
			return badges.map(badge => endpointUrl(badge.jsonUrl, options.style)).join('\n');
		default:
			throw new Error(`unknown snippet format ${String(format)}`);
	}
}
