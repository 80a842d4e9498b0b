// One benchmark build in its own process, running the compiled build (.bundle/) as
// `npm run build` does, so its peak RSS is the build's alone. Prints one JSON line:
// the build report, wall time, peak RSS and, when asked, the time badge-maker alone
// needs to draw the same badges: the floor for the local work.
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {Writable} from 'node:stream';
import {makeBadge} from 'badge-maker';
import {build} from '../.bundle/build/build.js';

const job = JSON.parse(process.argv[2]);
const quiet = new Writable({write: (_chunk, _encoding, done) => done()});
// Warnings are kept: a seeded history that the build ignored would measure nothing.
const warnings = [];
const log = new Writable({
	write: (chunk, _encoding, done) => {
		warnings.push(...String(chunk).split('\n').filter(line => line.startsWith('warning:')));
		done();
	},
});

const startedAt = performance.now();
const report = await build({config: job.config, out: job.out, previous: job.previous, env: job.env, stdout: quiet, stderr: log, allowErrors: true});
const wall = (performance.now() - startedAt) / 1000;
// Read before the floor below draws 60,000 more badges in this process.
const peakRssMb = process.resourceUsage().maxRSS / 1024;

let badgeMaker;
if (job.badgeMakerFloor) {
	const manifest = JSON.parse(await readFile(path.join(job.out, 'badges.json'), 'utf8'));
	const badges = manifest.images.flatMap(image => image.badges);
	const floorStart = performance.now();
	for (const {label, message, color, style} of badges) {
		makeBadge({label, message, color, style});
	}
	badgeMaker = (performance.now() - floorStart) / 1000;
}

process.stdout.write(`${JSON.stringify({report, wall, badgeMaker, peakRssMb, warnings})}\n`);
