/**
 * How the build holds an image's history between reading and writing it: its pulls then
 * its stars, each value as its difference from the last one in that series, written as a
 * variable-length integer (7 bits a byte). 10,000 images of two years take about 26 MB
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

let scratch = new Uint8Array(0);

export function pack(pulls: Float64Array, stars: Float64Array): Uint8Array {
	const need = (pulls.length + stars.length) * maxBytesPerValue;
	if (scratch.length < need) scratch = new Uint8Array(need);
	let at = 0;
	const write = (code: number) => {
		while (code >= 128) {
			scratch[at++] = (code % 128) | 128;
			code = Math.floor(code / 128);
		}
		scratch[at++] = code;
	};
	for (const values of [pulls, stars]) {
		let last = 0;
		for (const value of values) {
			if (Number.isNaN(value)) {
				write(gap);
				continue;
			}
			const difference = value - last;
			last = value;
			const size = Math.abs(difference);
			if (size < largest) {
				write(size * 4 + (difference < 0 ? down : up));
			} else {
				write((difference < 0 ? 4 : 0) + large);
				write(size);
			}
		}
	}
	// Copied out: small ones share Node's pooled slabs, so 10,000 of them cost little more than their bytes.
	return Buffer.from(scratch.subarray(0, at));
}

/** The totals `pack` was given, `length` of each. */
export function unpack(packed: Uint8Array, length: number): {pulls: Float64Array; stars: Float64Array} {
	let at = 0;
	const read = () => {
		let code = 0;
		let scale = 1;
		for (;;) {
			const byte = packed[at++]!;
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
