/**
 * How the build holds an image's history between reading and writing it: its pulls then
 * its stars, each value as its difference from the last one in that series, written as a
 * variable-length integer (7 bits a byte). 10,000 images of two years take about 25 MB
 * so, where numbers took 120 MB and the file's text 50 MB. The low two bits of each code
 * say what it is: 0 a gap, 1 an increase, 2 a decrease, 3 a difference too large for the
 * code (2^50 and above), whose size follows in a code of its own.
 */
const gap = 0;
const up = 1;
const down = 2;
const large = 3;
const largest = 2 ** 50;
/** A code (at most 8 bytes) and, for a large difference, its size (at most 8). */
const maxBytesPerValue = 16;

const comma = 44;
const minus = 45;
const zero = 48;
const nine = 57;
/** 16 digits: every safe integer fits, and 10^16 is still exact in a double. */
const maxDigits = 16;

let scratch = new Uint8Array(0);
let at = 0;

/**
 * An image's pulls and stars from the file's text (`differencesOf` each), packed; undefined
 * unless each holds exactly `length` values, each difference an integer written plainly
 * (-?digits, or nothing for a gap) and every total a non-negative safe integer. The text
 * comes from a file: one pass over its characters, refused at the first one out of place.
 */
export function packDifferences(pulls: string, stars: string, length: number): Uint8Array | undefined {
	const need = 2 * length * maxBytesPerValue;
	if (scratch.length < need) scratch = new Uint8Array(need);
	at = 0;
	if (!packSeries(pulls, length) || !packSeries(stars, length)) return undefined;
	// Copied out: small ones share Node's pooled slabs, so 10,000 of them cost little more than their bytes.
	return Buffer.from(scratch.subarray(0, at));
}

function packSeries(text: string, length: number): boolean {
	// 17 characters and a comma a value at most: refused before anything is read.
	if (length === 0 || text.length > length * (maxDigits + 2)) return false;
	let count = 0;
	let total = 0;
	let difference = 0;
	let digits = 0;
	let negative = false;
	for (let index = 0; index <= text.length; index++) {
		// The end of the text closes the last value as a comma does.
		const code = index === text.length ? comma : text.charCodeAt(index);
		if (code >= zero && code <= nine) {
			if (++digits > maxDigits) return false;
			difference = difference * 10 + (code - zero);
		} else if (code === minus && digits === 0 && !negative) {
			negative = true;
		} else if (code === comma && count < length) {
			if (digits > 0) {
				total += negative ? -difference : difference;
				if (!Number.isSafeInteger(total) || total < 0) return false;
				if (difference < largest) {
					write(difference * 4 + (negative && difference > 0 ? down : up));
				} else {
					write((negative ? 4 : 0) + large);
					write(difference);
				}
			} else if (negative) {
				return false;
			} else {
				write(gap);
			}
			count++;
			difference = 0;
			digits = 0;
			negative = false;
		} else {
			return false;
		}
	}
	return count === length;
}

function write(code: number): void {
	while (code >= 128) {
		scratch[at++] = (code % 128) | 128;
		code = Math.floor(code / 128);
	}
	scratch[at++] = code;
}

/** The totals an image's packed history holds, `length` of each; NaN for a gap. */
export function unpack(packed: Uint8Array, length: number): {pulls: Float64Array; stars: Float64Array} {
	let offset = 0;
	const read = () => {
		let code = 0;
		let scale = 1;
		for (;;) {
			const byte = packed[offset++]!;
			code += (byte & 127) * scale;
			if (byte < 128) return code;
			scale *= 128;
		}
	};
	const series = () => {
		const values = new Float64Array(length);
		let last = 0;
		for (let index = 0; index < length; index++) {
			const code = read();
			const kind = code % 4;
			if (kind === gap) {
				values[index] = Number.NaN;
				continue;
			}
			const size = kind === large ? read() : (code - kind) / 4;
			last += kind === down || (kind === large && code >= 4) ? -size : size;
			values[index] = last;
		}
		return values;
	};
	const pulls = series();
	return {pulls, stars: series()};
}
