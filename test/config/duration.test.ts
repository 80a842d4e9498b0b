import {describe, expect, it} from 'vitest';
import {ConfigError, parseConfig} from '../../src/config/load.ts';
import {formatDuration, parseDuration} from '../../src/duration.ts';

describe('durations', () => {
	it.each([
		{text: '90s', ms: 90_000, formatted: '1m30s'},
		{text: '30m', ms: 1_800_000},
		{text: '2h', ms: 7_200_000},
		{text: '1d', ms: 86_400_000},
		{text: '1h30m', ms: 5_400_000},
		{text: '0s', ms: 0},
	])('$text is $ms ms, and reads back', ({text, ms, formatted = text}) => {
		expect(parseDuration(text)).toBe(ms);
		expect(formatDuration(ms)).toBe(formatted);
	});

	it.each(['', '90', '1.5h', '30 m', '30M', '2w', 'h', '-1s', '9999999s', '1h 30m'])('refuses %j', text => {
		expect(parseDuration(text)).toBeUndefined();
	});

	it('writes fractions of a second for the short deadlines of tests', () => {
		expect(formatDuration(400)).toBe('0.4s');
	});
});

describe('fetch.deadline in badges.yml', () => {
	const config = (deadline: string) => `fetch:\n  deadline: ${deadline}\nimages:\n  - nginx\n`;

	it('defaults to 30 minutes', () => {
		expect(parseConfig('images:\n  - nginx\n').fetchDeadlineMs).toBe(1_800_000);
		expect(parseConfig('fetch:\n  concurrency: 2\nimages:\n  - nginx\n').fetchDeadlineMs).toBe(1_800_000);
	});

	it('reads a duration', () => {
		expect(parseConfig(config('90s')).fetchDeadlineMs).toBe(90_000);
		expect(parseConfig(config('2h')).fetchDeadlineMs).toBe(7_200_000);
	});

	it.each([
		{deadline: 'soon', message: 'badges.yml:2:13: fetch.deadline: must be a duration with its unit, such as 90s, 30m or 2h (got "soon")'},
		{deadline: '90', message: 'badges.yml:2:13: fetch.deadline: must be a duration with its unit, such as 90s, 30m or 2h (got 90)'},
		{deadline: '0s', message: 'badges.yml:2:13: fetch.deadline: must be between 1s and 1d (got 0s)'},
		{deadline: '2d', message: 'badges.yml:2:13: fetch.deadline: must be between 1s and 1d (got 2d)'},
	])('refuses $deadline with file:line:col', ({deadline, message}) => {
		expect(() => parseConfig(config(deadline))).toThrow(ConfigError);
		expect(() => parseConfig(config(deadline))).toThrow(message);
	});
});

describe('fetch.refreshTagsAfter in badges.yml', () => {
	const config = (after: string) => `fetch:\n  refreshTagsAfter: ${after}\nimages:\n  - nginx\n`;

	it('defaults to a day and reads a duration; 0s reads the tags every build', () => {
		expect(parseConfig('images:\n  - nginx\n').refreshTagsAfterMs).toBe(86_400_000);
		expect(parseConfig('fetch:\n  deadline: 1h\nimages:\n  - nginx\n').refreshTagsAfterMs).toBe(86_400_000);
		expect(parseConfig(config('6h')).refreshTagsAfterMs).toBe(21_600_000);
		expect(parseConfig(config('0s')).refreshTagsAfterMs).toBe(0);
	});

	it.each([
		{after: 'daily', message: 'badges.yml:2:21: fetch.refreshTagsAfter: must be a duration with its unit, such as 90s, 30m or 2h (got "daily")'},
		{after: '31d', message: 'badges.yml:2:21: fetch.refreshTagsAfter: must be between 0s and 30d (got 31d)'},
	])('refuses $after with file:line:col', ({after, message}) => {
		expect(() => parseConfig(config(after))).toThrow(message);
	});
});
