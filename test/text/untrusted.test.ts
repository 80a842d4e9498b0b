import {describe, expect, it} from 'vitest';
import {cleanText, withoutUnsafeCharacters} from '../../src/text/untrusted.ts';

describe('withoutUnsafeCharacters', () => {
	it.each([
		['C0 controls', 'a\u0000b\u0001c\u0008d\u001fe', 'abcde'],
		['DEL and C1, the 8-bit CSI among them', 'a\u007fb\u0080c\u009b31md\u009f', 'abc31md'],
		['ANSI escapes lose their ESC and stop being escapes', '\u001b[31mred\u001b[0m\u001b]0;title\u0007', '[31mred[0m]0;title'],
		['line breaks and tabs: one space per run', 'a\nb\r\nc\td\u0085e\u2028f\u2029g\v\fh', 'a b c d e f g h'],
		['bidi embeddings, overrides and isolates', '\u202aa\u202bb\u202cc\u202dd\u202ee\u2066f\u2067g\u2068h\u2069', 'abcdefgh'],
		['U+FFFE and U+FFFF, which XML forbids', 'a\ufffeb\uffffc', 'abc'],
		['ordinary text of any script, emoji sequences included', 'naïve 日本語 עברית 👩‍💻 <b>&amp;</b>', 'naïve 日本語 עברית 👩‍💻 <b>&amp;</b>'],
		['invisible characters: zero-width spaces, soft hyphens, word joiners', 'se\u200bc\u00adr\u2060e\ufefft 日\u200b本', 'secret 日本'],
		['joiners and variation selectors next to ASCII, in runs of any length', 'a\u200d\u200d\u200db c\u200d\u200b\u200d\u200b\u200dd e\ufe0f', 'ab cd e'],
		['a control that would put a joiner next to ASCII', 'x\u0001\u200dy', 'xy'],
	])('removes %s', (_name, input, expected) => {
		expect(withoutUnsafeCharacters(input)).toBe(expected);
	});
});

describe('cleanText', () => {
	it.each([
		['short text as it is', 'abc', 3, 'abc'],
		['longer text cut with an ellipsis, within the limit', 'abcdef', 4, 'abc…'],
		['the limit counted after cleaning', 'a\u0001b\u0001c', 3, 'abc'],
		['never half a surrogate pair', 'ab🐳cd', 4, 'ab…'],
	])('keeps %s', (_name, input, max, expected) => {
		expect(cleanText(input, max)).toBe(expected);
	});

	it('bounds a megabyte to the limit', () => {
		const text = cleanText('x'.repeat(1024 * 1024), 300);
		expect(text).toHaveLength(300);
		expect(text.endsWith('…')).toBe(true);
	});

	it('redacts after removing controls, so a control character cannot hide a secret', () => {
		const redact = (text: string) => text.replaceAll('dckr_pat_demo', '[redacted]');
		expect(cleanText('token dckr_pat\u0001_demo\u202e', 100, redact)).toBe('token [redacted]');
	});

	it('redacts before cutting, so no half secret is left', () => {
		const redact = (text: string) => text.replaceAll('dckr_pat_demo', '[redacted]');
		expect(cleanText('12345dckr_pat_demo', 10, redact)).toBe('12345[red…');
	});
});
