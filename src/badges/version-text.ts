// shields.io's addv() (services/text-formatters.js), exactly: no "v" before names that
// are words, dates or commit hashes, where a "hash" is 7 to 40 hex digits, so an all-digit
// name of 7 or more digits (a compact date such as 20240101, a build number) gets none either.
const unversioned = /^[^0-9]|[0-9]{4}-[0-9]{2}-[0-9]{2}|^[a-f0-9]{7,40}$/;

const unstable = /alpha|beta|snapshot|dev|pre|rc|scm|cvs/i;

export function versionMessage(version: string): string {
	return unversioned.test(version) ? version : `v${version}`;
}

/** shields.io's version color: orange for 0.x and pre-releases, blue for the rest. */
export function versionColor(version: string): string {
	const firstDigit = version.startsWith('v') ? version[1] : version[0];
	return firstDigit === '0' || unstable.test(version) ? 'orange' : 'blue';
}
