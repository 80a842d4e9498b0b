import {describe, expect, it} from 'vitest';
import {parseConfig} from '../../src/config/load.ts';
import {estimateRequests, planBuild} from '../../src/plan.ts';
import {configProblems} from '../helpers/config-problems.ts';

describe('the chart kind in badges.yml', () => {
	it('is opt-in: the default badges have no chart, and defaults.badges can add one to every image', () => {
		expect(parseConfig('images: [nginx]\n').images[0]!.badges.map(badge => badge.kind)).not.toContain('chart');
		expect(parseConfig('defaults:\n  style: plastic\nimages: [nginx]\n').images[0]!.badges.map(badge => badge.kind)).not.toContain('chart');
		const config = parseConfig('defaults:\n  badges: [pulls, chart]\nimages: [nginx, grafana/grafana]\n');
		expect(config.images.map(image => image.badges.map(badge => badge.file))).toEqual([
			['pulls', 'pulls-chart'],
			['pulls', 'pulls-chart'],
		]);
	});

	it('names its file pulls-chart, with the range when it is not the default 90 days, or `file`', () => {
		const config = parseConfig(
			'images:\n  - image: nginx\n    badges: [chart, {kind: chart, range: 1y}, {kind: chart, range: all}, {kind: chart, range: 30d, file: month, label: downloads}]\n' +
				'  - image: redis\n    badges: [{kind: chart, range: 90d}]\n',
		);
		expect(config.images.map(image => image.badges.map(badge => badge.file))).toEqual([['pulls-chart', 'pulls-chart-1y', 'pulls-chart-all', 'month'], ['pulls-chart']]);
		expect(config.images[0]!.badges[3]).toMatchObject({kind: 'chart', range: '30d', label: 'downloads'});
	});

	it('is a group badge too', () => {
		const config = parseConfig('images: [nginx, redis]\ngroups:\n  - name: web\n    images: [nginx, redis]\n    badges: [pulls, {kind: chart, range: 1y}]\n');
		expect(config.groups[0]!.badges.map(badge => badge.file)).toEqual(['pulls', 'pulls-chart-1y']);
	});

	it.each([
		['a range it does not draw', 'images:\n  - image: nginx\n    badges:\n      - kind: chart\n        range: 2y\n', 'badges.yml:5:16: images[0].badges[0].range: must be one of 30d, 90d, 1y, all (got "2y")'],
		['a badge style (a chart is no badge)', 'images:\n  - image: nginx\n    badges:\n      - kind: chart\n        style: flat\n', 'badges.yml:5:9: images[0].badges[0]: unknown key "style"'],
		['a logo', 'images:\n  - image: nginx\n    badges: [{kind: chart, logo: docker}]\n', 'badges.yml:3:28: images[0].badges[0]: unknown key "logo"'],
		['a range on a badge', 'images:\n  - image: nginx\n    badges: [{kind: pulls, range: 30d}]\n', 'badges.yml:3:28: images[0].badges[0]: unknown key "range"'],
		['a file leaving its folder', 'images:\n  - image: nginx\n    badges: [{kind: chart, file: ../x}]\n', 'badges.yml:3:34: images[0].badges[0].file: must be a plain file name stem'],
		['a label with a line break', 'images:\n  - image: nginx\n    badges: [{kind: chart, label: "a\\nb"}]\n', 'badges.yml:3:35: images[0].badges[0].label: must not contain control characters'],
		['two charts of one range', 'images:\n  - image: nginx\n    badges: [chart, {kind: chart, range: 90d}]\n', 'badges.yml:3:21: two badges of library/nginx would both write badges/library/nginx/pulls-chart.svg'],
		['a group chart’s bad range', 'images: [nginx]\ngroups:\n  - name: web\n    images: [nginx]\n    badges: [{kind: chart, range: week}]\n', 'badges.yml:5:35: groups[0].badges[0].range: must be one of 30d, 90d, 1y, all (got "week")'],
	])('refuses %s with its position', (_name, text, expected) => {
		expect(configProblems(text)).toContain(expected);
	});
});

describe('a chart in the plan', () => {
	it('needs no tag page and is no shields request', () => {
		const plan = planBuild(parseConfig('images:\n  - image: nginx\n    badges: [pulls, chart]\n'));
		expect(plan.images[0]!.tags).toBeUndefined();
		expect(estimateRequests(plan)).toEqual({minimum: 1, mayNeedMore: 0, shieldsMinimum: 1});
	});
});
