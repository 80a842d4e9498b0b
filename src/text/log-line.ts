import {cleanText, truncate, type Redact} from './untrusted.ts';

/** Long enough for any summary line (a message, a problem note, an image and a file name); a server cannot flood the log. */
const maxLineLength = 2000;

/**
 * One line for a terminal or a CI log, whatever text it quotes: no ANSI escapes or other
 * controls, no line break, and nothing GitHub Actions runs as a workflow command. The
 * runner runs `::command::` at the start of a line (after spaces) and the legacy
 * `##[command]` anywhere in it (actions/runner, ActionCommand.TryParseV2 and TryParse).
 */
export function logLine(text: string, redact?: Redact): string {
	const line = cleanText(text, Number.POSITIVE_INFINITY, redact)
		.replaceAll('##[', '## [')
		.replace(/^(\s*):(?=:)/u, '$1: ');
	// Cut last: a cut cannot make a command of what is left, and a whole secret was redacted before.
	return truncate(line, maxLineLength);
}
