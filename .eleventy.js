// Eleventy renders the index page only; the badges are written by the build (src/build).
// The page's data arrives as the global `build` data from src/site.ts.
export default function (eleventyConfig) {
	eleventyConfig.addPassthroughCopy({'site/assets': 'assets'});
	eleventyConfig.setQuietMode(true);
	return {
		dir: {input: 'site', includes: '_includes'},
		templateFormats: ['njk'],
		htmlTemplateEngine: 'njk',
	};
}
