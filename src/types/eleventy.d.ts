// Eleventy 3 ships no type declarations; this covers the programmatic API the build uses.
declare module '@11ty/eleventy' {
	type EleventyOptions = {
		quietMode?: boolean;
		configPath?: string;
		config?: (eleventyConfig: {addGlobalData(name: string, data: unknown): void}) => void;
	};

	export default class Eleventy {
		constructor(input: string, output: string, options?: EleventyOptions);
		write(): Promise<unknown>;
		disableLogger(): void;
	}
}
