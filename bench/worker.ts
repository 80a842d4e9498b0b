// One benchmark build in its own process, so its peak RSS is the build's alone.
// Prints one JSON line: the build report, wall time, peak RSS and, when asked,
// the time badge-maker alone needs for the same badges.
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {Writable} from 'node:stream';
import {build} from '../src/build/build.ts';
import {manifestSchema} from '../src/render/manifest.ts';
import {renderSvg} from '../src/render/svg.ts';

type Job = {config: string; out: string; env: Record<string, string>; badgeMakerFloor: boolean};

const job = JSON.parse(process.argv[2]!) as Job;
const quiet = new Writable({write: (_chunk, _encoding, done) => done()}); const loud = process.stderr;

const startedAt = performance.now();
const report = await build({config: job.config, out: job.out, env: job.env, stdout: quiet, stderr: loud, allowErrors: true});
const wall = (performance.now() - startedAt) / 1000;

let badgeMaker: number | undefined;
if (job.badgeMakerFloor) {
	const manifest = manifestSchema.parse(JSON.parse(await readFile(path.join(job.out, 'badges.json'), 'utf8')));
	const badges = manifest.images.flatMap(image => image.badges);
	const floorStart = performance.now();
	for (const badge of badges) {
		renderSvg(badge);
	}
	badgeMaker = (performance.now() - floorStart) / 1000;
}

process.stdout.write(`${JSON.stringify({report, wall, badgeMaker, peakRssMb: process.resourceUsage().maxRSS / 1024})}\n`);
