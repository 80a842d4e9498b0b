// `npm run demo`: the whole product offline. Starts the fake Docker Hub, a fake GHCR, the
// fake Quay API and a fake registry for quay.io on loopback ports, and runs the real build
// against them with the sample badges.yml plus the images below. Its numbers are made up, so it writes
// to _demo/, never to the _site/ a real build deploys.
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {parseDocument} from 'yaml';
import {build} from '../../src/build/build.ts';
import {demoQuayRegistryRepositories, startFakeQuay} from '../fake-quay/server.ts';
import {startFakeOciRegistry} from '../fake-registry/oci.ts';
import {startFakeHub} from './server.ts';

/** Images of other registries the demo adds to the sample (which a real build of this repository reads as it is). */
const otherRegistries = [
	'ghcr.io/acme/app',
	{image: 'quay.io/demo/tool', badges: [{kind: 'version', exclude: 'sha-*'}, 'size', 'platforms', 'updated', {kind: 'pulls', per: 'week'}]},
];

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
	const config = path.join(directory, 'badges.yml');
	await writeFile(config, sample.toString());
	const out = process.argv[2] ?? '_demo';
	const report = await build({
		config,
		out,
		env: {
			DOCKERHUB_API_URL: hub.url,
			DOCKERHUB_USERNAME: 'demo',
			DOCKERHUB_TOKEN: 'dckr_pat_demo',
			REGISTRY_URL_GHCR_IO: ghcr.url,
			QUAY_API_URL: quay.url,
			REGISTRY_URL_QUAY_IO: quayRegistry.url,
		},
		stdout: process.stdout,
		stderr: process.stderr,
	});
	process.exitCode = report.exitCode;
	if (report.exitCode <= 1) {
		process.stderr.write(`\nThe demo site (fake data) is in ${out}/: open ${out}/index.html, or serve it with any static server.\n`);
	}
} finally {
	await Promise.all([hub.close(), ghcr.close(), quay.close(), quayRegistry.close(), rm(directory, {recursive: true, force: true})]);
}
