// `npm run demo`: the whole product offline. Starts the fake Docker Hub, a fake GHCR, the
// fake Quay API and a fake registry for quay.io on loopback ports, and runs the real build
// against them with the sample badges.yml plus the images, trends, charts and group below:
// two weeks of daily builds, dated through the build's clock, so the trends and charts have
// a history to draw, then today's, which it shows. Its numbers are made up, so it writes to
// _demo/, never to the _site/ a real build deploys.
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {Writable} from 'node:stream';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {parseDocument} from 'yaml';
import {build} from '../../src/build/build.ts';
import {demoQuayRegistryRepositories, startFakeQuay} from '../fake-quay/server.ts';
import {startFakeOciRegistry} from '../fake-registry/oci.ts';
import {demoRepositories} from './fixtures.ts';
import {startFakeHub} from './server.ts';

/** Images of other registries the demo adds to the sample (which a real build of this repository reads as it is). */
const otherRegistries = [
	'ghcr.io/acme/app',
	{image: 'quay.io/demo/tool', badges: [{kind: 'version', exclude: 'sha-*'}, 'size', 'platforms', 'updated', {kind: 'pulls', per: 'week'}]},
];
/** What only a build that remembers can draw, on the sample's first image, nginx. */
const nginxBadges = ['pulls', {kind: 'pulls', per: 'week'}, 'stars', 'version', 'size', 'updated', 'platforms', 'chart'];
const groups = [{name: 'official', images: ['nginx', 'hello-world'], badges: ['pulls', {kind: 'pulls', per: 'week'}, 'chart']}];
const pastDays = 14;
const day = 86_400_000;

/** Pulls a day: a thousandth of the total, less at weekends, as real images see. */
function dailyPulls(total: number, at: Date): number {
	const weekend = at.getUTCDay() === 0 || at.getUTCDay() === 6;
	return Math.round((total / 1000) * (weekend ? 0.6 : 1));
}

const hub = await startFakeHub({users: [{username: 'demo', secret: 'dckr_pat_demo'}]});
const ghcr = await startFakeOciRegistry();
process.stderr.write(`Fake Docker Hub listening on ${hub.url}, fake ghcr.io on ${ghcr.url}\n`);
const quay = await startFakeQuay();
const quayRegistry = await startFakeOciRegistry({repositories: demoQuayRegistryRepositories()});
process.stderr.write(`Fake Quay API on ${quay.url}, its registry on ${quayRegistry.url}\n`);
const directory = await mkdtemp(path.join(tmpdir(), 'badges-demo-'));
try {
	const sample = parseDocument(await readFile('badges.yml', 'utf8'));
	for (const image of otherRegistries) sample.addIn(['images'], image);
	if (sample.getIn(['images', 0]) !== 'nginx') throw new Error('the demo expects nginx first in badges.yml');
	sample.setIn(['images', 0], sample.createNode({image: 'nginx', badges: nginxBadges}));
	sample.set('groups', sample.createNode(groups));
	const config = path.join(directory, 'badges.yml');
	await writeFile(config, sample.toString());
	const out = process.argv[2] ?? '_demo';
	const today = new Date();
	const totals = new Map(demoRepositories(today).map(repository => [`${repository.namespace}/${repository.name}`, repository.pull_count]));
	// Today's totals as the fixtures have them; each day before, that day's pulls fewer.
	const pullsAt = (total: number, back: number) => total - Array.from({length: back}, (_, days) => dailyPulls(total, new Date(today.getTime() - days * day))).reduce((sum, pulls) => sum + pulls, 0);
	process.stderr.write(`Playing ${pastDays} days of daily builds first, so the trends and charts have a history…\n`);
	const quiet = new Writable({write: (_chunk, _encoding, done) => done()});
	let report;
	for (let back = pastDays; back >= 0; back--) {
		const at = new Date(today.getTime() - back * day);
		for (const [image, total] of totals) hub.setCounts(image, {pulls: pullsAt(total, back)});
		report = await build({
			config,
			out,
			now: () => at,
			env: {
				DOCKERHUB_API_URL: hub.url,
				DOCKERHUB_USERNAME: 'demo',
				DOCKERHUB_TOKEN: 'dckr_pat_demo',
				REGISTRY_URL_GHCR_IO: ghcr.url,
				QUAY_API_URL: quay.url,
				REGISTRY_URL_QUAY_IO: quayRegistry.url,
			},
			stdout: back === 0 ? process.stdout : quiet,
			stderr: back === 0 ? process.stderr : quiet,
		});
	}
	process.exitCode = report!.exitCode;
	if (report!.exitCode <= 1) {
		process.stderr.write(`\nThe demo site (fake data) is in ${out}/: open ${out}/index.html, or serve it with any static server.\n`);
	}
} finally {
	await Promise.all([hub.close(), ghcr.close(), quay.close(), quayRegistry.close(), rm(directory, {recursive: true, force: true})]);
}
