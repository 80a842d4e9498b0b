const units = ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'].map((prefix, index) => ({prefix, power: 1000 ** (index + 1)}));

/**
 * shields.io's `metric()`: 1234 → "1.2k", 45000 → "45k", 999999 → "1M".
 * Docker Hub counts are never negative, so shields' sign handling is left out.
 */
export function metric(count: number): string {
	const index = units.findLastIndex(unit => count >= unit.power);
	const unit = units[index];
	if (!unit) return String(count);
	const scaled = count / unit.power;
	const oneDecimal = scaled.toFixed(1);
	// Below 10 of a unit one decimal is shown, but "2.0k" reads better as "2k".
	if (scaled < 10 && !oneDecimal.endsWith('0')) return `${oneDecimal}${unit.prefix}`;
	const rounded = Math.round(scaled);
	const nextUnit = units[index + 1];
	return rounded === 1000 && nextUnit ? `1${nextUnit.prefix}` : `${rounded}${unit.prefix}`;
}
