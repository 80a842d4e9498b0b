import {cleanText} from './untrusted.ts';

/** A cell holds a quoted server answer with our advice; longer text is cut rather than let flood a job summary. */
const maxCellLength = 1000;

const htmlEntities: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'};

/**
 * Text from outside as one cell of a GitHub-flavoured Markdown table: one line (a line break
 * would end the table), `|` escaped (it would start a new cell), HTML characters as entities
 * (GitHub renders raw HTML in Markdown), and the characters of emphasis, code, links and
 * images backslash-escaped, so the text shows as it was written and nothing it says becomes markup.
 */
export function markdownCell(text: string): string {
	return cleanText(text, maxCellLength)
		.replace(/[&<>"]/g, character => htmlEntities[character]!)
		.replace(/[\\`*_[\]()!~|#]/g, '\\$&');
}
