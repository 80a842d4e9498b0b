import {describe, expect, it} from 'vitest';
import {versionColor, versionMessage} from '../../src/badges/version-text.ts';

describe('versionMessage', () => {
	it.each([
		['1.2.3', 'v1.2.3', 'a version gets a v'],
		['3', 'v3', 'a bare number gets a v'],
		['v1.2.3', 'v1.2.3', 'an existing v is not doubled'],
		['latest', 'latest', 'a word stays as it is'],
		['2024-01-05', '2024-01-05', 'a date stays as it is'],
		['1.0-2024-01-05', '1.0-2024-01-05', 'a date anywhere in the name stays as it is'],
		['2024-1-5', 'v2024-1-5', 'only a yyyy-mm-dd date counts'],
		['1a2b3c4', '1a2b3c4', 'a 7-char hex hash stays as it is'],
		['0123456789abcdef0123456789abcdef01234567', '0123456789abcdef0123456789abcdef01234567', 'a 40-char hex hash (a git commit) stays as it is'],
		['0123456789abcdef0123456789abcdef012345678', 'v0123456789abcdef0123456789abcdef012345678', 'hex longer than 40 chars is no hash, as in shields'],
		['1a2b3c', 'v1a2b3c', 'hex shorter than 7 chars is no hash'],
		['20240101', '20240101', 'a compact date has 8 digits: a hash to shields, so no v'],
		['1234567', '1234567', 'so has any all-digit name of 7 or more digits'],
		['123456', 'v123456', 'but not one of 6'],
		['1A2B3C4', 'v1A2B3C4', 'upper-case hex is no hash, as in shields'],
		['1a2b3c4g', 'v1a2b3c4g', 'a non-hex letter makes it no hash'],
	])('%s → %s (%s)', (version, expected) => {
		expect(versionMessage(version)).toBe(expected);
	});
});

describe('versionColor', () => {
	it.each([
		['1.2.3', 'blue', 'a release is blue'],
		['0.9', 'orange', 'a 0.x version is orange'],
		['v0.9', 'orange', 'a 0.x version after a v is orange'],
		['10.0', 'blue', 'a zero that is not the first digit is fine'],
		['1.2.0-alpha', 'orange', 'alpha is orange'],
		['1.2.0-BETA', 'orange', 'beta is orange, whatever the case'],
		['1.2.0-SNAPSHOT', 'orange', 'snapshot is orange'],
		['1.2.0-dev', 'orange', 'dev is orange'],
		['1.2.0-pre', 'orange', 'pre is orange'],
		['1.2.0-rc1', 'orange', 'rc is orange'],
		['1.2.0-scm', 'orange', 'scm is orange'],
		['1.2.0-cvs', 'orange', 'cvs is orange'],
		['latest', 'blue', 'a plain word is blue'],
	])('%s → %s (%s)', (version, expected) => {
		expect(versionColor(version)).toBe(expected);
	});
});
