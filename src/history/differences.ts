/**
 * A series of totals as the history keeps it, in memory and in its file: each value's
 * difference from the previous one, comma-separated, nothing where a build has none
 * ("5,3,,-1" for 5, 8, none, 7). About five bytes a value where a number costs eight,
 * and a recount that lowers a total is still exact.
 */
export function differencesOf(values: Float64Array): string {
	let last = 0;
	const parts: string[] = [];
	for (const value of values) {
		if (Number.isNaN(value)) {
			parts.push('');
		} else {
			parts.push(String(value - last));
			last = value;
		}
	}
	return parts.join(',');
}

const comma = 44;
const minus = 45;
const zero = 48;
const nine = 57;
/** 16 digits: every safe integer fits, and 10^16 is still exact in a double. */
const maxDigits = 16;

/**
 * The `length` totals `text` holds (NaN for a gap), or undefined unless it holds exactly
 * that many, each difference an integer written plainly (-?digits) and every total a
 * non-negative safe integer. It comes from a file: one pass over the characters, no
 * split, and refused on the first one out of place.
 */
export function totalsOf(text: string, length: number): Float64Array | undefined {
	// 17 characters and a comma a value at most: refused before anything is allocated.
	if (length === 0 || text.length > length * (maxDigits + 2)) return undefined;
	const values = new Float64Array(length);
	let index = 0;
	let total = 0;
	let difference = 0;
	let digits = 0;
	let negative = false;
	for (let at = 0; at <= text.length; at++) {
		// The end of the text closes the last value as a comma does.
		const code = at === text.length ? comma : text.charCodeAt(at);
		if (code >= zero && code <= nine) {
			if (++digits > maxDigits) return undefined;
			difference = difference * 10 + (code - zero);
		} else if (code === minus && digits === 0 && !negative) {
			negative = true;
		} else if (code === comma && index < length) {
			if (digits > 0) {
				total += negative ? -difference : difference;
				if (!Number.isSafeInteger(total) || total < 0) return undefined;
				values[index] = total;
			} else if (negative) {
				return undefined;
			} else {
				values[index] = Number.NaN;
			}
			index++;
			difference = 0;
			digits = 0;
			negative = false;
		} else {
			return undefined;
		}
	}
	return index === length ? values : undefined;
}
