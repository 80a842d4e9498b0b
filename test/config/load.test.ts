import {describe, expect, it} from 'vitest';
import {parseConfig} from '../../src/config/load.ts';
import {configProblems} from '../helpers/config-problems.ts';

function problemsOf(text: string): string[] {
	const message = configProblems(text);
	if (message === '') {
		throw new Error('expected the config to be refused');
	}
	return message.split('\n');
}

describe('parseConfig', () => {
	it('applies defaults and normalises official images to library/', () => {
		const config = parseConfig('images:\n  - nginx\n  - grafana/grafana\n');
		expect(config.site).toEqual({title: 'Docker badges'});
		expect(config.concurrency).toBe(8);
		expect(config.images.map(image => `${image.namespace}/${image.repo}`)).toEqual(['library/nginx', 'grafana/grafana']);
		expect(config.images[0]!.badges.map(badge => badge.file)).toEqual(['pulls', 'stars', 'version', 'size', 'updated', 'platforms']);
		expect(config.images[0]!.badges.every(badge => badge.style === 'flat')).toBe(true);
	});

	it('reads the example from the README', () => {
		const config = parseConfig(`
site:
  title: Docker badges
  baseUrl: https://badges.example.com/
defaults:
  style: flat-square
  badges: [pulls, stars]
fetch:
  concurrency: 4
images:
  - docker.io/library/nginx
  - image: bitnami/redis
    badges: [pulls, version]
  - image: myorg/app
    badges:
      - kind: version
        sort: semver
      - kind: size
        tag: "1.2"
        arch: arm64
        file: size-arm64
      - kind: size
        tag: "1.2"
        arch: arm
        variant: v7
      - kind: pulls
        label: downloads
        color: green
        labelColor: "#555"
        style: for-the-badge
        logo: docker
`);
		expect(config.site.baseUrl).toBe('https://badges.example.com');
		expect(config.concurrency).toBe(4);
		expect(config.images[0]).toMatchObject({namespace: 'library', repo: 'nginx'});
		expect(config.images[0]!.badges.map(badge => badge.file)).toEqual(['pulls', 'stars']);
		expect(config.images[1]!.badges.map(badge => badge.file)).toEqual(['pulls', 'version']);
		const app = config.images[2]!.badges;
		expect(app.map(badge => badge.file)).toEqual(['version-semver', 'size-arm64', 'size-1.2-arm-v7', 'pulls']);
		expect(app[3]).toMatchObject({label: 'downloads', color: 'green', labelColor: '#555', style: 'for-the-badge', logo: 'docker'});
		expect(app[0]!.style).toBe('flat-square');
	});

	it.each([
		['an unknown key', 'site:\n  colour: red\nimages: [nginx]\n', 'badges.yml:2:3: site: unknown key "colour"'],
		['an unknown badge kind', 'images:\n  - image: nginx\n    badges: [pulls, downloads]\n', 'badges.yml:3:21: images[0].badges[1].kind: unknown badge kind "downloads"'],
		['a bad style', 'defaults:\n  style: round\nimages: [nginx]\n', 'badges.yml:2:10: defaults.style: must be one of flat, flat-square, plastic, for-the-badge, social (got "round")'],
		['an uppercase image name', 'images:\n  - Nginx\n', 'badges.yml:2:5: images[0].image: "Nginx" is not a valid Docker repository name'],
		['a Docker Hub name of three parts', 'images:\n  - acme/org/app\n', 'is not a Docker Hub repository'],
		['an image with a tag', 'images:\n  - nginx:1.27\n', 'has a tag; list the repository and set `tag` on the badge instead'],
		['three path components', 'images:\n  - a/b/c\n', 'is not a Docker Hub repository'],
		['a tag YAML reads as a number', 'images:\n  - image: nginx\n    badges:\n      - kind: size\n        tag: 1.20\n', 'badges.yml:5:14: images[0].badges[0].tag: YAML reads 1.20 as the number 1.2; quote it: tag: "1.20"'],
		['a tag with a slash', 'images:\n  - image: nginx\n    badges:\n      - kind: size\n        tag: "a/b"\n', 'badges.yml:5:14: images[0].badges[0].tag: is not a valid Docker tag (got "a/b")'],
		['a tag starting with a dot', 'images:\n  - image: nginx\n    badges:\n      - kind: size\n        tag: ".x"\n', 'is not a valid Docker tag'],
		['an option another kind has', 'images:\n  - image: nginx\n    badges:\n      - kind: size\n        sort: semver\n', 'badges.yml:5:9: images[0].badges[0]: unknown key "sort"'],
		['a period no trend counts over', 'images:\n  - image: nginx\n    badges:\n      - kind: pulls\n        per: hour\n', 'badges.yml:5:14: images[0].badges[0].per: must be one of day, week, month, year (got "hour")'],
		['a period on a badge that has no trend', 'images:\n  - image: nginx\n    badges:\n      - kind: size\n        per: week\n', 'badges.yml:5:9: images[0].badges[0]: unknown key "per"'],
		['a file leaving its folder', 'images:\n  - image: nginx\n    badges:\n      - kind: pulls\n        file: ../../x\n', 'must be a plain file name stem'],
		['a file with a backslash', 'images:\n  - image: nginx\n    badges:\n      - kind: pulls\n        file: "a\\\\b"\n', 'must be a plain file name stem'],
		['a label with a NUL', 'images:\n  - image: nginx\n    badges:\n      - kind: pulls\n        label: "a\\0b"\n', 'must not contain control characters'],
		['a bad color', 'images:\n  - image: nginx\n    badges:\n      - kind: pulls\n        color: "#12"\n', 'is not a color'],
		['a relative baseUrl', 'site:\n  baseUrl: /badges\nimages: [nginx]\n', 'site.baseUrl: must be an absolute http(s) URL'],
		['zero concurrency', 'fetch:\n  concurrency: 0\nimages: [nginx]\n', 'badges.yml:2:16: fetch.concurrency:'],
		['no images', 'site:\n  title: x\n', 'badges.yml:1:1: images:'],
		['a YAML syntax error', 'images:\n  - nginx\n - bad\n', 'badges.yml:3:'],
		['a duplicate key', 'images: [nginx]\nimages: [redis]\n', 'badges.yml:2:1:'],
		['the same image twice', 'images:\n  - nginx\n  - library/nginx\n', 'badges.yml:3:5: library/nginx is already listed as images[0]'],
		['two badges writing one file', 'images:\n  - image: nginx\n    badges: [pulls, pulls]\n', 'badges.yml:3:21: two badges of library/nginx would both write badges/library/nginx/pulls.svg'],
		[
			'an image whose folder is another image’s badge',
			'images:\n  - image: reg.example.com/acme/app\n    badges: [version]\n  - reg.example.com/acme/app/version.svg\n',
			'badges.yml:4:5: reg.example.com/acme/app/version.svg would write its badges under badges/reg.example.com/acme/app/version.svg/, a file of images[0] (reg.example.com/acme/app)',
		],
		[
			'an image under another image’s endpoint JSON, listed first',
			'images:\n  - reg.example.com/acme/app/version.json/x\n  - image: reg.example.com/acme/app\n    badges: [version]\n',
			'badges.yml:2:5: reg.example.com/acme/app/version.json/x would write its badges under badges/reg.example.com/acme/app/version.json/, a file of images[1]',
		],
		['a registry port past 65535', 'images:\n  - nginx\n  - reg.example.com:99999/a/b\n', 'badges.yml:3:5: images[1].image: "reg.example.com:99999/a/b" has the port 99999; a port is 1 to 65535'],
		['a registry port 0', 'images:\n  - reg.example.com:0/a/b\n', 'badges.yml:2:5: images[0].image: "reg.example.com:0/a/b" has the port 0'],
		['a Quay image without a namespace', 'images:\n  - quay.io/app\n', 'badges.yml:2:5: images[0].image: "quay.io/app" is not a Quay repository: Quay repositories are namespace/name'],
	])('refuses %s with its position', (_name, text, expected) => {
		expect(problemsOf(text).join('\n')).toContain(expected);
	});

	it('names a trend badge’s file after its period, so the total and the trends of one image live side by side', () => {
		const config = parseConfig('images:\n  - image: nginx\n    badges: [pulls, {kind: pulls, per: week}, {kind: stars, per: month}]\n');
		expect(config.images[0]!.badges.map(badge => badge.file)).toEqual(['pulls', 'pulls-week', 'stars-month']);
	});

	it('reports every problem at once, not just the first', () => {
		const problems = problemsOf('defaults:\n  style: round\nimages:\n  - Nginx\n  - image: redis\n    badges: [nope]\n');
		expect(problems).toHaveLength(3);
	});

	it('takes YAML merge keys, as Compose files and CI configs use them, with the merged entry validated at its position', () => {
		const shared = 'images:\n  - &first\n    image: acme/a\n    badges: [pulls, {kind: version, sort: semver}]\n  - <<: *first\n    image: acme/b\n';
		const config = parseConfig(shared);
		expect(config.images.map(image => [image.repo, image.badges.map(badge => badge.file)])).toEqual([
			['a', ['pulls', 'version-semver']],
			['b', ['pulls', 'version-semver']],
		]);
		expect(problemsOf(`${shared}    bogus: 1\n`)).toEqual(['badges.yml:7:5: images[1]: unknown key "bogus"']);
	});

	it('refuses a bomb built of merge keys as it refuses one of aliases', () => {
		const bomb = ['a: &a {x: 1}'];
		for (let level = 1; level < 12; level++) {
			const name = String.fromCharCode(97 + level);
			bomb.push(`${name}: &${name} [${Array(10).fill(`{<<: *${String.fromCharCode(96 + level)}}`).join(',')}]`);
		}
		bomb.push('images: [nginx]');
		expect(problemsOf(bomb.join('\n')).join('\n')).toMatch(/badges\.yml:1:1: cannot expand the YAML: /i);
	});

	it('refuses a YAML alias bomb quickly instead of expanding it', () => {
		const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
		for (let level = 1; level < 12; level++) {
			bomb.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(10).fill(`*${String.fromCharCode(96 + level)}`).join(',')}]`);
		}
		bomb.push('images: [nginx]');
		expect(problemsOf(bomb.join('\n')).join('\n')).toMatch(/badges\.yml:1:1: cannot expand the YAML: .*alias/i);
	});
});
