// byte-size ships no types; this covers the part the size badge uses.
declare module 'byte-size' {
	type ByteSizeOptions = {
		units?: 'metric' | 'iec' | 'metric_octet' | 'iec_octet';
		precision?: number;
		locale?: string | string[];
	};

	type ByteSize = {value: string; unit: string; long: string; toString(): string};

	export default function byteSize(bytes: number, options?: ByteSizeOptions): ByteSize;
}
