/**
 * The previous badges.json of a 100,000-image rebuild (issue 9 §5), read alone: `npx tsx bench/previous-manifest.ts`
 * writes a manifest shaped as a build writes it (six badges an image, the tag badges with their
 * reuse fields; about 158 MB), then reads it with readPreviousManifest in a fresh process, which
 * reports its time, peak RSS and what stays live. `--images N` for another size.
 */
import {execFileSync} from 'node:child_process';
import {createWriteStream, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {once} from 'node:events';
import {parseArgs} from 'node:util';
import {fileURLToPath} from 'node:url';
import {readPreviousManifest} from '../src/build/previous.ts';

const sources = {dockerhub: 'https://hub.docker.com'};
const {values} = parseArgs({options: {images: {type: 'string', default: '100000'}, read: {type: 'string'}}});

async function writeManifest(file: string, images: number): Promise<void> {
	const out = createWriteStream(file);
	const at = '2026-11-30T06:00:00.000Z';
	const badge = (image: string, kind: string, label: string, message: string, color: string, extra: object = {}) => ({
		kind,
		file: kind,
		path: `badges/${image}/${kind}.svg`,
		label,
		message,
		color,
		style: 'flat',
		logo: 'docker',
		isError: false,
		fetchedAt: at,
		...extra,
	});
	out.write(`{"generatedAt":"${at}","sources":${JSON.stringify(sources)},"images":[`);
	for (let index = 0; index < images; index++) {
		const namespace = `namespace${Math.floor(index / 100)}`;
		const repo = `repository${index}`;
		const image = `${namespace}/${repo}`;
		const entry = {
			image,
			namespace,
			repo,
			description: `Repository number ${index} of the bench, with a description of a usual length`,
			lastUpdated: '2026-11-29T12:00:00.000000Z',
			tagsReadAt: at,
			badges: [
				badge(image, 'pulls', 'docker pulls', `${(index % 900) + 1}k`, 'blue'),
				badge(image, 'stars', 'docker stars', String(index % 50), 'blue'),
				badge(image, 'version', 'version', `v1.${index % 30}.0`, 'blue', {reuse: {color: 'blue'}}),
				badge(image, 'size', 'image size', '42.3 MB', 'blue', {reuse: {color: 'blue'}}),
				badge(image, 'updated', 'last updated', '2 days ago', 'brightgreen', {reuse: {color: 'brightgreen', pushedAt: '2026-11-28T12:00:00.000Z'}}),
				badge(image, 'platforms', 'platforms', 'amd64 | arm64', 'blue', {reuse: {color: 'blue'}}),
			],
		};
		if (!out.write(`${index === 0 ? '' : ','}${JSON.stringify(entry)}`)) {
			await once(out, 'drain');
		}
	}
	out.end(']}');
	await once(out, 'finish');
}

if (values.read === undefined) {
	const file = path.join(tmpdir(), `previous-manifest-bench-${process.pid}.json`);
	await writeManifest(file, Number(values.images));
	try {
		console.log(`file: ${(statSync(file).size / 1e6).toFixed(1)} MB, ${values.images} images`);
		execFileSync(process.execPath, [...process.execArgv, '--expose-gc', fileURLToPath(import.meta.url), '--read', file], {stdio: 'inherit'});
	} finally {
		rmSync(file, {force: true});
	}
} else {
	const started = performance.now();
	const manifest = await readPreviousManifest(values.read, {sources, warn: line => console.log(`warning: ${line}`)});
	const seconds = (performance.now() - started) / 1000;
	globalThis.gc?.();
	const live = process.memoryUsage().heapUsed;
	console.log(`read: ${manifest?.images.length ?? 'nothing'} images in ${seconds.toFixed(2)} s; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; heap live after: ${(live / 1e6).toFixed(0)} MB`);
}
