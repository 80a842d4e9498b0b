import {describe, expect, it} from 'vitest';
import {parseConfig} from '../../src/config/load.ts';
import {configProblems} from '../helpers/config-problems.ts';

const version = (options: string) => `images:\n  - image: nginx\n    badges:\n      - kind: version\n${options}`;

describe('include and exclude on a version badge', () => {
	it('takes one glob or a list, and keeps both as a list', () => {
		const config = parseConfig(version('        include: "v*"\n        exclude: ["sha-*", "*-rc*"]\n'));
		expect(config.images[0]!.badges[0]).toMatchObject({include: ['v*'], exclude: ['sha-*', '*-rc*'], file: 'version'});
	});

	it.each([
		['a glob with a slash', version('        exclude: "v/*"\n'), 'badges.yml:5:18: images[0].badges[0].exclude[0]: is not a glob over tag names'],
		['braces', version('        include: ["v*", "{a,b}*"]\n'), 'badges.yml:5:25: images[0].badges[0].include[1]: braces are not supported; list each alternative as a glob of its own'],
		['a negation', version('        include: "!sha-*"\n'), 'badges.yml:5:18: images[0].badges[0].include[0]: negation is not supported; put the glob under exclude'],
		['a reversed range', version('        include: ["v*", "v[9-0]*"]\n'), 'badges.yml:5:25: images[0].badges[0].include[1]: range 9-0 is reversed and would match nothing; write it low to high (0-9)'],
		['an empty list', version('        exclude: []\n'), 'badges.yml:5:18: images[0].badges[0].exclude:'],
		['a number', version('        include: 1.2\n'), 'badges.yml:5:18: images[0].badges[0].include[0]: expected string, received number'],
		['a filter on another kind', 'images:\n  - image: nginx\n    badges:\n      - kind: size\n        exclude: "sha-*"\n', 'badges.yml:5:9: images[0].badges[0]: unknown key "exclude"'],
		[
			'two version badges whose filters alone tell them apart',
			'images:\n  - image: nginx\n    badges:\n      - version\n      - {kind: version, exclude: "sha-*"}\n',
			'badges.yml:5:9: two badges of library/nginx would both write badges/library/nginx/version.svg; give one a different `file` (include and exclude do not change the file name)',
		],
	])('refuses %s at its position', (_case, text, expected) => {
		expect(configProblems(text)).toContain(expected);
	});

	it('takes two filtered version badges with files of their own', () => {
		const config = parseConfig('images:\n  - image: nginx\n    badges:\n      - version\n      - {kind: version, exclude: "sha-*", file: version-release}\n');
		expect(config.images[0]!.badges.map(badge => badge.file)).toEqual(['version', 'version-release']);
	});
});
