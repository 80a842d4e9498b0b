const unitMs = {d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000} as const;

/** `90s`, `30m`, `2h`, `1d`, or several of them as `1h30m`, in milliseconds; undefined for anything else. */
export function parseDuration(text: string): number | undefined {
	if (!/^(?:\d{1,6}[dhms])+$/.test(text)) {
		return undefined;
	}
	let ms = 0;
	for (const [, amount, unit] of text.matchAll(/(\d+)([dhms])/g)) {
		ms += Number(amount) * unitMs[unit as keyof typeof unitMs];
	}
	return ms;
}

/** Milliseconds as the shortest text parseDuration reads back (`30m`, `1h30m`); fractions of a second as `0.5s`. */
export function formatDuration(ms: number): string {
	if (ms % 1000 !== 0) {
		return `${ms / 1000}s`;
	}
	let rest = ms;
	let text = '';
	for (const [unit, size] of Object.entries(unitMs)) {
		if (rest >= size) {
			text += `${Math.floor(rest / size)}${unit}`;
			rest %= size;
		}
	}
	return text || '0s';
}
