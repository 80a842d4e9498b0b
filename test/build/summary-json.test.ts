import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, expect, it} from 'vitest';
import {buildFiguresSchema} from '../../src/build/summary.ts';
import {startFakeHub, type FakeHub} from '../fake-hub/server.ts';
import {runBuild, temporaryDirectory} from '../helpers/run-build.ts';

let hub: FakeHub;
afterEach(async () => hub.close());

it('--summary-json writes the figures and every problem, as the summary counts them', async () => {
	hub = await startFakeHub();
	const file = path.join(await temporaryDirectory(), 'figures.json');
	const run = await runBuild({hub, config: 'images: [nginx, nobody/nothing]\n', options: {summaryJson: file, allowErrors: true}});
	expect(run.code).toBe(0);
	expect(run.stdout).toContain('Built 2 images, 12 badges');
	const figures = buildFiguresSchema.parse(JSON.parse(await readFile(file, 'utf8')));
	expect(figures).toMatchObject({images: 2, badges: 12, errors: 6, stale: 0, requests: hub.count()});
	expect(figures.problems).toHaveLength(6);
	expect(figures.problems[0]).toEqual({
		status: 'error',
		image: 'nobody/nothing',
		file: 'pulls',
		message: 'repo not found',
		problem: expect.stringContaining('check the image name') as string,
	});
});
