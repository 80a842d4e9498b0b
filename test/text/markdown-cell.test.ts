import {describe, expect, it} from 'vitest';
import {markdownCell} from '../../src/text/markdown-cell.ts';

describe('markdownCell', () => {
	it.each([
		['v1.2.3', 'v1.2.3'],
		['amd64 | arm64', 'amd64 \\| arm64'],
		['two\nlines\r\nhere', 'two lines here'],
		['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert\\(1\\)&gt;'],
		['a & b "q"', 'a &amp; b &quot;q&quot;'],
		['**bold** _em_ `code` ~~gone~~', '\\*\\*bold\\*\\* \\_em\\_ \\`code\\` \\~\\~gone\\~\\~'],
		['[click](https://evil.example) ![x](y)', '\\[click\\]\\(https://evil.example\\) \\!\\[x\\]\\(y\\)'],
		['back\\slash | pipe', 'back\\\\slash \\| pipe'],
		['# heading', '\\# heading'],
		['\u001b[31mred\u001b[0m', '[31mred[0m'.replace(/[[\]]/g, '\\$&')],
	])('%j', (text, cell) => {
		expect(markdownCell(text)).toBe(cell);
	});

	it('bounds a flood', () => {
		expect(markdownCell('x'.repeat(100_000)).length).toBeLessThanOrEqual(1000);
	});
});
