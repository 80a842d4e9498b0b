/** Hides secrets in a text; the hub client's redactor, or nothing where no secret can be. */
export type Redact = (text: string) => string;

const keep: Redact = text => text;

// Runs of characters that break a line or a cell: one space each, so words stay apart.
const breaks = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;

// The other C0 and C1 controls and DEL (ANSI escapes start with one, and XML 1.0 forbids
// most of them: one makes an SVG that no browser draws); the bidi embeddings, overrides
// and isolates, which reorder the text around them in terminals and browsers; and
// U+FFFE/U+FFFF, which are not characters at all and also break XML.
const unsafe = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\u202a-\u202e\u2066-\u2069\ufffe\uffff]/g;

// Default-ignorable characters (zero-width spaces and joiners, the soft hyphen, variation
// selectors) are invisible: a server could split a secret with them, and the redactor would
// not see it; and .NET's culture-aware search, which the Actions runner uses to find workflow
// commands, skips them. Only emoji sequences need some (the zero-width joiner and the emoji
// variation selectors), and only between two non-ASCII characters; secrets and commands are
// ASCII, so a run of them that touches ASCII, or the text's end, goes whole.
const ignorableRun = /\p{Default_Ignorable_Code_Point}+/gu;
const notEmojiGlue = /[^\u200d\ufe0e\ufe0f]/gu;

/** The text without characters that control, break, reorder or hide inside what displays it; nothing else changes. */
export function withoutUnsafeCharacters(text: string): string {
	return text
		.replace(breaks, ' ')
		.replace(unsafe, '')
		.replace(ignorableRun, (run: string, offset: number, whole: string) => {
			const before = whole[offset - 1];
			const after = whole[offset + run.length];
			return before === undefined || after === undefined || before <= '\u007f' || after <= '\u007f' ? '' : run.replace(notEmojiGlue, '');
		});
}

/**
 * Text from outside (Docker Hub, a previous manifest) made safe to keep: no control,
 * line-breaking or reordering characters, secrets redacted, at most `maxLength` UTF-16
 * code units, cut with "…". Redaction runs after the controls are gone, so a secret
 * split by one is still found, and before the cut, so no half secret is left to find.
 * Escaping for the place the text goes (XML, HTML, JSON) is still that place's job.
 */
export function cleanText(text: string, maxLength: number, redact: Redact = keep): string {
	return truncate(redact(withoutUnsafeCharacters(text)), maxLength);
}

/** At most `maxLength` UTF-16 code units, the last of them "…" when the text was cut. */
export function truncate(text: string, maxLength: number): string {
	if (text.length <= maxLength) {
		return text;
	}
	let end = maxLength - 1;
	// Never half a surrogate pair: it would be written as U+FFFD.
	if (/[\ud800-\udbff]/.test(text[end - 1] ?? '')) {
		end--;
	}
	return `${text.slice(0, end)}…`;
}
