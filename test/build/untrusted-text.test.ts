import {readdir, readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {generateRepositories} from '../fake-hub/fixtures.ts';
import {startFakeHub, type FakeHub} from '../fake-hub/server.ts';
import {demoUser, runBuild, runCheck, temporaryDirectory, type BuildRun} from '../helpers/run-build.ts';
import {xmlError} from '../helpers/xml.ts';

/** Everything a hostile server or file might send to a terminal, a CI log, an SVG or a page. */
const hostile =
	'\u0001\u001b[31mred\u001b[0m\u0007\u0000\n::error::pwned\r\n##[warning]legacy \u202eevil\u2066 \u0085\u009b31m\ufffe <script>alert(1)</script>';
const megabyte = 'x'.repeat(1024 * 1024);

// What a terminal obeys or GitHub Actions runs; \n separates lines and is checked line by line.
const controls = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffe\uffff]/;

let hub: FakeHub;
afterEach(async () => hub?.close());

async function filesOf(directory: string): Promise<string[]> {
	const entries = await readdir(directory, {recursive: true, withFileTypes: true});
	return entries.filter(entry => entry.isFile()).map(entry => path.join(entry.parentPath, entry.name));
}

/** The build's output, checked for every way untrusted text could escape into it. */
async function expectHarmless(run: BuildRun): Promise<void> {
	for (const line of `${run.stdout}${run.stderr}`.split('\n')) {
		expect(line.trimStart().startsWith('::'), line).toBe(false);
		expect(line, line).not.toContain('##[');
		expect(controls.test(line), JSON.stringify(line)).toBe(false);
	}

	const files = await filesOf(run.out);
	const svgs = files.filter(file => file.endsWith('.svg'));
	expect(svgs.length).toBeGreaterThan(0);
	for (const file of svgs) {
		const svg = await readFile(file, 'utf8');
		expect(xmlError(svg), file).toBeUndefined();
		// badge-maker writes the text four times; at the message limit a badge is about 4 KB.
		expect(svg.length, file).toBeLessThan(10_000);
	}
	for (const file of files.filter(name => /\.(json|html)$/.test(name))) {
		const text = await readFile(file, 'utf8');
		expect(controls.test(text.replaceAll('\n', '')), file).toBe(false);
		expect((await stat(file)).size, file).toBeLessThan(50_000);
	}
	const html = await run.read('index.html');
	expect(html).not.toContain('<script>alert');
	expect(html.match(/<script/g)).toHaveLength(1);
}

function stdoutLine(run: BuildRun, start: string): string {
	return run.stdout.split('\n').find(line => line.startsWith(start)) ?? '';
}

describe('text from Docker Hub', () => {
	it('is cleaned, bounded and escaped in badges, the page, badges.json and the log', async () => {
		// One namespace each, so each is a repository call of its own.
		const [described, missing, refused] = generateRepositories({namespaces: 3, perNamespace: 1, tagsPerRepository: 3});
		described!.description = `${hostile}${megabyte}`;
		// The platforms badge lists architectures as Docker Hub names them.
		described!.tags[0]!.images[1]!.architecture = `arm64${hostile}${megabyte}`;
		hub = await startFakeHub({users: [demoUser], repositories: [described!, missing!, refused!]});
		// Error bodies quoted in the badges' problem notes: a 404 and a 403.
		hub.fault('/v2/namespaces/ns001/repositories/repo0000', {status: 404, body: JSON.stringify({message: `${hostile}${megabyte}`})});
		hub.fault('/v2/namespaces/ns002/repositories/repo0000', {status: 403, body: JSON.stringify({detail: `${hostile}${megabyte}`})});

		const run = await runBuild({hub, config: 'images:\n  - ns000/repo0000\n  - ns001/repo0000\n  - ns002/repo0000\n'});
		expect(run.code).toBe(1);
		await expectHarmless(run);

		const manifest = JSON.parse(await run.read('badges.json'));
		const [image, notFound, forbidden] = manifest.images;
		expect(image.description).toHaveLength(300);
		expect(image.description).toMatch(/^\[31mred\[0m ::error::pwned ##\[warning\]legacy evil {2}31m <script>alert\(1\)<\/script>x+…$/);
		const platforms = image.badges.find((badge: {kind: string}) => badge.kind === 'platforms');
		expect(platforms.message).toHaveLength(256);
		expect(platforms.message).toMatch(/^amd64 \| arm64\[31mred/);
		expect(notFound.badges[0].message).toBe('repo not found');
		expect(notFound.badges[0].problem).toMatch(/^Docker Hub answered 404 \(\[31mred.*x…\); check the image name/);
		expect(notFound.badges[0].problem.length).toBeLessThanOrEqual(500);
		expect(forbidden.badges[0].problem).toMatch(/^Docker Hub refused access \(403 \[31mred.*x…\); the token cannot read/);

		// The summary names each failed badge on one line, with the server's words defused.
		expect(stdoutLine(run, '  error ns001/repo0000 pulls: repo not found (Docker Hub answered 404 ([31mred[0m ::error::pwned ## [warning]legacy')).not.toBe('');
		const html = await run.read('index.html');
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
	});

	it('quoted by a refused login is one harmless line', async () => {
		hub = await startFakeHub({users: [demoUser]});
		hub.fault('/v2/auth/token', {status: 401, body: JSON.stringify({detail: `${hostile}${megabyte}`})});
		const run = await runBuild({hub, config: 'images:\n  - nginx\n'});
		expect(run.code).toBe(2);
		const lines = run.stderr.split('\n').filter(Boolean);
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(/^Docker Hub refused the login of user "demo" \(\[31mred\[0m ::error::pwned ## \[warning\]legacy evil/);
		expect(lines[0]!.length).toBeLessThanOrEqual(2000);
		expect(controls.test(lines[0]!)).toBe(false);
	});
});

type Badge = {kind: string; file: string; path: string; message: string; color: string; problem?: string; fetchedAt: string | null};
type Image = {image: string; namespace: string; repo: string; description: string | null; badges: Badge[]};

describe('a hostile previous manifest', () => {
	it('lends only clean, bounded values, and only to the badge it names', async () => {
		hub = await startFakeHub({users: [demoUser]});
		const config = 'images:\n  - nginx\n';
		// A manifest this build wrote, so that it is from the same source; then tampered with.
		const first = await runBuild({hub, config});
		expect(first.code).toBe(0);
		const manifest = JSON.parse(await first.read('badges.json')) as {images: Image[]};
		const [nginx] = manifest.images;
		const badge = (kind: string) => nginx!.badges.find(candidate => candidate.kind === kind)!;
		nginx!.description = `${hostile}${megabyte}`;
		Object.assign(badge('pulls'), {message: `${hostile}${megabyte}`, problem: `${hostile}${megabyte}`});
		Object.assign(badge('stars'), {color: 'red"/><script>alert(1)</script>'});
		Object.assign(badge('version'), {file: '../../../escaped', path: '../../../escaped.svg'});
		Object.assign(badge('size'), {fetchedAt: '\n::error::when'});
		// An entry of image `library` whose file `nginx/platforms` would make the key of nginx's platforms badge.
		manifest.images.push({
			image: 'library',
			namespace: 'library',
			repo: '',
			description: null,
			badges: [{...badge('platforms'), file: 'nginx/platforms', path: 'badges/library/nginx/platforms.svg', message: 'pwned'}],
		});
		const previous = path.join(await temporaryDirectory(), 'deployed.json');
		await writeFile(previous, JSON.stringify(manifest));

		hub.fault('/v2/namespaces/library/repositories/nginx', 'status-503');
		const run = await runBuild({hub, config, options: {previous}});
		expect(run.code).toBe(1);
		await expectHarmless(run);

		// Kept, cleaned and cut to the message limit.
		const pulls = JSON.parse(await run.read('badges/library/nginx/pulls.json'));
		expect(pulls.message).toHaveLength(256);
		expect(pulls.message.startsWith('[31mred[0m ::error::pwned ##[warning]legacy evil')).toBe(true);
		expect(stdoutLine(run, '  stale library/nginx pulls: kept "[31mred[0m ::error::pwned ## [warning]legacy')).not.toBe('');
		// Not kept: a color badge-maker would not draw, a path out of the site, a time that is not one.
		expect(await run.title('library/nginx/stars')).toBe('docker stars: inaccessible');
		expect(await run.title('library/nginx/version')).toBe('version: inaccessible');
		expect(await run.title('library/nginx/size')).toBe('image size: inaccessible');
		expect((await filesOf(run.root)).filter(file => file.includes('escaped'))).toEqual([]);
		// Another entry cannot stand in for nginx's own.
		expect(await run.title('library/nginx/platforms')).toBe(`platforms: ${badge('platforms').message}`);

		const written = JSON.parse(await run.read('badges.json')) as {images: Image[]};
		expect(written.images[0]!.description).toHaveLength(300);
	});
});

describe('config', () => {
	it.each([
		['a bidi override', '\\u202Eevil'],
		['a C1 control', 'a\\u009Bb'],
		['a character XML forbids', 'a\\uFFFEb'],
	])('refuses a label with %s, which would reach the SVG', async (_name, label) => {
		const run = await runCheck(`images:\n  - image: nginx\n    badges:\n      - kind: pulls\n        label: "${label}"\n`);
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/badges\.yml:5:16: .*label: must not contain control characters, line breaks or bidi overrides/);
	});

	it('errors print one harmless line per problem, in check and build', async () => {
		const yaml = 'site:\n  "x\\n::error::pwned\\u001b[2J": 1\nimages:\n  - image: nginx\n    badges: [pull]\n';
		const checked = await runCheck(yaml);
		expect(checked.code).toBe(2);

		hub = await startFakeHub({users: [demoUser]});
		const run = await runBuild({hub, config: yaml});
		expect(run.code).toBe(2);

		for (const output of [checked.stderr, run.stderr]) {
			const lines = output.split('\n').filter(Boolean);
			expect(lines).toHaveLength(2);
			expect(lines[0]).toMatch(/badges\.yml:2:3: site: unknown key "x ::error::pwned\[2J"$/);
			expect(lines[1]).toMatch(/badges\.yml:5:14: images\[0\]\.badges\[0\]\.kind: unknown badge kind "pull"/);
		}
	});
});
