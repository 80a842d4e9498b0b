/** A response header's value; Node gives repeated headers as arrays, and the first one counts. */
export function single(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}
