import {randomUUID} from 'node:crypto';

/**
 * `name<<DELIMITER` blocks for $GITHUB_OUTPUT: a value holding a line break (a site
 * directory may) cannot start an output of its own, and a random delimiter cannot be guessed.
 */
export function outputBlocks(outputs: Record<string, string>): string {
	const delimiter = `ghadelimiter_${randomUUID()}`;
	return Object.entries(outputs)
		.map(([name, value]) => {
			if (value.includes(delimiter)) {
				throw new Error(`output ${name} holds its delimiter`);
			}
			return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
		})
		.join('');
}
