// shields.io's addv(): no "v" before names that are words, dates or commit hashes.
// A hash needs a letter, or an all-digit build number like 1234567 would lose its "v".
const unversioned = /^[^0-9]|[0-9]{4}-[0-9]{2}-[0-9]{2}|^(?=.*[a-f])[a-f0-9]{7,64}$/;

const unstable = /alpha|beta|snapshot|dev|pre|rc|scm|cvs/i;

export function versionMessage(version: string): string {
	return unversioned.test(version) ? version : `v${version}`;
}

/** shields.io's version color: orange for 0.x and pre-releases, blue for the rest. */
export function versionColor(version: string): string {
	const firstDigit = version.startsWith('v') ? version[1] : version[0];
	return firstDigit === '0' || unstable.test(version) ? 'orange' : 'blue';
}
