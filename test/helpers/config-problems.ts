import {ConfigError, parseConfig} from '../../src/config/load.ts';

/** What validation says about a badges.yml text, one `badges.yml:line:col: …` line per problem; empty when it is accepted. */
export function configProblems(text: string): string {
	try {
		parseConfig(text);
	} catch (error) {
		if (error instanceof ConfigError) {
			return error.message;
		}
		throw error;
	}
	return '';
}
