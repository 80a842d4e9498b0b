import {describe, expect, it} from 'vitest';
import {matches, parseQuery, searchTextOf, type IndexImage} from '../../site/assets/search.js';

const nginx: IndexImage = {
	id: 'library/nginx',
	name: 'nginx',
	hub: 'https://hub.docker.com/_/nginx',
	page: 'index.html',
	description: 'Official build of Nginx.',
	badges: [
		['pulls', 'pulls', 'docker pulls', '10G', 110, 20, 'fresh'],
		['size', 'size', 'image size', '66.8 MiB', 128, 20, 'stale'],
	],
};
const grafana: IndexImage = {
	id: 'grafana/grafana',
	name: 'grafana/grafana',
	hub: 'https://hub.docker.com/r/grafana/grafana',
	page: 'page-2.html',
	badges: [['version', 'version', 'version', 'tag not found', 120, 20, 'error']],
};

const acme: IndexImage = {
	id: 'groups/acme',
	name: 'acme',
	group: true,
	page: 'index.html',
	description: 'Adds up 2 images: acme/api, acme/web',
	badges: [['pulls', 'pulls', 'docker pulls', '3.5M', 110, 20, 'fresh']],
};

const found = (text: string) => [acme, nginx, grafana].filter(image => matches(image, searchTextOf(image), parseQuery(text))).map(image => image.id);

describe('the filter', () => {
	it.each([
		['nginx', ['library/nginx']],
		['NGINX', ['library/nginx']],
		['library/nginx', ['library/nginx']],
		['_/nginx', ['library/nginx']],
		['docker.io/library/nginx', ['library/nginx']],
		['docker.io/grafana/grafana', ['grafana/grafana']],
		['official build', ['library/nginx']],
		['66.8', ['library/nginx']],
		['image size', ['library/nginx']],
		['tag not found', ['grafana/grafana']],
		['is:stale', ['library/nginx']],
		['is:error', ['grafana/grafana']],
		['kind:size', ['library/nginx']],
		['kind:version', ['grafana/grafana']],
		['kind:size is:error', []],
		['is:group', ['groups/acme']],
		['acme', ['groups/acme']],
		['acme/web', ['groups/acme']],
		['is:group kind:size', []],
		['is:group is:stale', []],
		['docker pulls', ['groups/acme', 'library/nginx']],
		['grafana is:error', ['grafana/grafana']],
		['zzz', []],
		['', ['groups/acme', 'library/nginx', 'grafana/grafana']],
	])('%j finds %j', (text, expected) => {
		expect(found(text)).toEqual(expected);
	});

	it('does not take `_/` for an official image that is not one', () => {
		expect(found('_/grafana')).toEqual([]);
	});
});
