import {describe, expect, it} from 'vitest';
import {snippetOf} from '../../site/assets/snippets.js';

const pulls = {url: 'https://b.example/badges/library/nginx/pulls.svg', jsonUrl: 'https://b.example/badges/library/nginx/pulls.json', alt: 'docker pulls', name: 'nginx docker pulls'};
const stars = {url: 'https://b.example/badges/library/nginx/stars.svg', jsonUrl: 'https://b.example/badges/library/nginx/stars.json', alt: 'docker stars', name: 'nginx docker stars'};
const link = 'https://hub.docker.com/_/nginx';
// A label from badges.yml may hold any character; a base URL path may hold parentheses.
const hostile = {url: 'https://b.example/a (1)/x.svg', jsonUrl: 'https://b.example/a (1)/x.json', alt: 'a]( "b" <i>|x|` \\ _', name: 'odd |name| '};

describe('snippetOf: one README row per format', () => {
	it.each([
		['markdown', `[![docker pulls](${pulls.url})](${link}) [![docker stars](${stars.url})](${link})`],
		['html', `<a href="${link}"><img src="${pulls.url}" alt="docker pulls"></a> <a href="${link}"><img src="${stars.url}" alt="docker stars"></a>`],
		[
			'rst',
			`|nginx docker pulls| |nginx docker stars|\n\n.. |nginx docker pulls| image:: ${pulls.url}\n   :alt: docker pulls\n   :target: ${link}\n.. |nginx docker stars| image:: ${stars.url}\n   :alt: docker stars\n   :target: ${link}`,
		],
		['asciidoc', `image:${pulls.url}["docker pulls",link="${link}"] image:${stars.url}["docker stars",link="${link}"]`],
		['url', `${pulls.url}\n${stars.url}`],
		[
			'endpoint',
			'https://img.shields.io/endpoint?url=https%3A%2F%2Fb.example%2Fbadges%2Flibrary%2Fnginx%2Fpulls.json&style=for-the-badge\nhttps://img.shields.io/endpoint?url=https%3A%2F%2Fb.example%2Fbadges%2Flibrary%2Fnginx%2Fstars.json&style=for-the-badge',
		],
	] as const)('%s', (format, expected) => {
		expect(snippetOf(format, [pulls, stars], {link, style: 'for-the-badge'})).toBe(expected);
	});

	it.each([
		['markdown', '[![a\\]\\( "b" \\<i\\>\\|x\\|\\` \\\\ \\_](https://b.example/a%20%281%29/x.svg)](https://h.example/%28x%29)'],
		['html', '<a href="https://h.example/(x)"><img src="https://b.example/a (1)/x.svg" alt="a]( &#34;b&#34; &#60;i&#62;|x|` \\ _"></a>'],
		['rst', '|odd -name-|\n\n.. |odd -name-| image:: https://b.example/a%20%281%29/x.svg\n   :alt: a]( "b" <i>|x|` \\ _\n   :target: https://h.example/%28x%29'],
		['asciidoc', 'image:https://b.example/a%20%281%29/x.svg["a\\]( \\"b\\" <i>|x|` \\\\ _",link="https://h.example/%28x%29"]'],
		['endpoint', 'https://img.shields.io/endpoint?url=https%3A%2F%2Fb.example%2Fa%20(1)%2Fx.json&style=flat'],
	] as const)('escapes hostile text and URLs for %s', (format, expected) => {
		expect(snippetOf(format, [hostile], {link: 'https://h.example/(x)', style: 'flat'})).toBe(expected);
	});

	it('keeps a trailing underscore of a target from turning into an rST reference', () => {
		expect(snippetOf('rst', [pulls], {link: 'https://h.example/x_', style: 'flat'})).toContain(':target: https://h.example/x%5F');
	});
});
