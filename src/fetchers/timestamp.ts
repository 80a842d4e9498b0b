/**
 * A push time from Docker Hub, to the nanosecond. Docker Hub writes RFC 3339 times
 * with 0 to 9 fractional digits ("…05Z", "…05.182358Z", "…05.123456789Z"); a Date
 * keeps only milliseconds, which would tie tags pushed within one.
 */
export type Timestamp = {ms: number; nanos: number};

// Strict, because Date.parse takes almost any text ("1" is 2001-01-01). Anchored
// with fixed-width parts and a bounded fraction, so it runs in linear time.
const rfc3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;
const longest = '2024-01-02T03:04:05.123456789+00:00'.length;

export function parseTimestamp(text: string | null | undefined): Timestamp | undefined {
	if (typeof text !== 'string' || text.length > longest) return undefined;
	const parts = rfc3339.exec(text);
	if (!parts) return undefined;
	const [, seconds = '', fraction = '', zone = ''] = parts;
	const digits = fraction.padEnd(9, '0');
	const ms = Date.parse(`${seconds}.${digits.slice(0, 3)}${zone.toUpperCase()}`);
	return Number.isNaN(ms) ? undefined : {ms, nanos: Number(digits.slice(3))};
}

/** Later first; a missing or unreadable time sorts after every valid one. */
export function compareNewestFirst(a: Timestamp | undefined, b: Timestamp | undefined): number {
	if (!a || !b) return a ? -1 : b ? 1 : 0;
	return b.ms - a.ms || b.nanos - a.nanos;
}

/** Tags by push, newest first; `tieBreak` orders a registry's pushes that share a time. Registries document no order, so the build sorts. */
export function sortNewestFirst<T extends {last_updated?: string | null | undefined}>(tags: Iterable<T>, tieBreak: (a: T, b: T) => number = () => 0): T[] {
	return [...tags]
		.map(tag => ({tag, pushed: parseTimestamp(tag.last_updated)}))
		.sort((a, b) => compareNewestFirst(a.pushed, b.pushed) || tieBreak(a.tag, b.tag))
		.map(({tag}) => tag);
}
