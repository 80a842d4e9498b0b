import {describe, expect, it} from 'vitest';
import {logLine} from '../../src/text/log-line.ts';

/** What the GitHub Actions runner would act on, and what a terminal would obey. */
function dangers(line: string): string[] {
	const found = [];
	if (line.trimStart().startsWith('::')) found.push('workflow command at line start');
	if (line.includes('##[')) found.push('legacy workflow command');
	if (/[\u0000-\u001f\u007f-\u009f]/.test(line)) found.push('control character');
	if (/[\u202a-\u202e\u2066-\u2069]/.test(line)) found.push('bidi override');
	return found;
}

describe('logLine', () => {
	it.each([
		['a line break before a workflow command', 'message\n::error::pwned', 'message ::error::pwned'],
		['a workflow command at the start', '::error file=x::pwned', ': :error file=x::pwned'],
		['one after leading spaces, which the runner trims', '  \u00a0::add-mask::x', '  \u00a0: :add-mask::x'],
		['one behind a control or an invisible character', '\u0001\ufeff\u00ad::stop-commands::t', ': :stop-commands::t'],
		['the legacy form anywhere in the line', 'a ##[error]b ###[warning]c', 'a ## [error]b ### [warning]c'],
		['the legacy form split by a soft hyphen, which .NET search skips', 'a #\u00ad#[error]b', 'a ## [error]b'],
		['ANSI escapes', '\u001b[2J\u001b[31mred', '[2J[31mred'],
		['bidi overrides', 'file\u202egnp.exe', 'filegnp.exe'],
		['a carriage return that would overwrite the line', 'ok\rFAILED', 'ok FAILED'],
	])('defuses %s', (_name, input, expected) => {
		const line = logLine(input);
		expect(line).toBe(expected);
		expect(dangers(line)).toEqual([]);
	});

	it('leaves ordinary lines alone', () => {
		const line = '  error library/nginx pulls: repo not found (Docker Hub answered 404 (object not found); check the image name)';
		expect(logLine(line)).toBe(line);
	});

	it('bounds a line', () => {
		expect(logLine(`error: ${'x'.repeat(1024 * 1024)}`)).toHaveLength(2000);
	});

	it('applies the redactor after cleaning', () => {
		expect(logLine('refused dckr_pat\u001b_demo', text => text.replaceAll('dckr_pat_demo', '[redacted]'))).toBe('refused [redacted]');
	});
});
