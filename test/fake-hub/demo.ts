// `npm run demo`: the whole product offline. Starts the fake Docker Hub and a fake GHCR
// on loopback ports and runs the real build against them with the sample badges.yml and
// one GHCR image beside its images. Its numbers are made up, so it writes to _demo/,
// never to the _site/ a real build deploys.
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {parseDocument} from 'yaml';
import {build} from '../../src/build/build.ts';
import {startFakeOciRegistry} from '../fake-registry/oci.ts';
import {startFakeHub} from './server.ts';

const hub = await startFakeHub({users: [{username: 'demo', secret: 'dckr_pat_demo'}]});
const ghcr = await startFakeOciRegistry();
process.stderr.write(`Fake Docker Hub listening on ${hub.url}, fake ghcr.io on ${ghcr.url}\n`);
// The sample stays a Docker Hub one (the tests build it as it is); the demo shows another registry too.
const sample = parseDocument(await readFile('badges.yml', 'utf8'));
sample.addIn(['images'], 'ghcr.io/acme/app');
const scratch = await mkdtemp(path.join(tmpdir(), 'badges-demo-'));
const config = path.join(scratch, 'badges.yml');
await writeFile(config, sample.toString());
try {
	const out = process.argv[2] ?? '_demo';
	const report = await build({
		config,
		out,
		env: {DOCKERHUB_API_URL: hub.url, DOCKERHUB_USERNAME: 'demo', DOCKERHUB_TOKEN: 'dckr_pat_demo', REGISTRY_URL_GHCR_IO: ghcr.url},
		stdout: process.stdout,
		stderr: process.stderr,
	});
	process.exitCode = report.exitCode;
	if (report.exitCode <= 1) {
		process.stderr.write(`\nThe demo site (fake data) is in ${out}/: open ${out}/index.html, or serve it with any static server.\n`);
	}
} finally {
	await Promise.all([hub.close(), ghcr.close(), rm(scratch, {recursive: true, force: true})]);
}
