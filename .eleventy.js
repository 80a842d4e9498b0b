// Eleventy renders the index page only; the badges are written by the build (src/build).
// The page's data arrives as the global `build` data from src/site.ts.
import {fileURLToPath} from 'node:url';

// Resolved from this file, so a build started from any directory finds the page's assets.
const assets = fileURLToPath(new URL('site/assets', import.meta.url));

export default function (eleventyConfig) {
	eleventyConfig.addPassthroughCopy({[assets]: 'assets'});
	eleventyConfig.setQuietMode(true);
	// Installed from npm, the templates themselves are under node_modules/, which Eleventy skips by default.
	eleventyConfig.ignores.delete('**/node_modules/**');
	return {
		// The input and output directories come from src/site.ts, absolute, whatever the working directory.
		dir: {includes: '_includes'},
		templateFormats: ['njk'],
		htmlTemplateEngine: 'njk',
	};
}
