// The action's last step: the build's figures as step outputs and a job summary.
// Usage: node report.js FIGURES_JSON EXIT_CODE SITE_DIR (GITHUB_OUTPUT and GITHUB_STEP_SUMMARY from the runner).
import {appendFile, readFile} from 'node:fs/promises';
import path from 'node:path';
import {buildFiguresSchema, type BuildFigures} from '../build/summary.ts';
import {jobSummary} from './job-summary.ts';
import {outputBlocks} from './outputs.ts';

async function readFigures(file: string): Promise<BuildFigures | undefined> {
	try {
		return buildFiguresSchema.parse(JSON.parse(await readFile(file, 'utf8')));
	} catch {
		// No figures: the build stopped before making badges (exit 2 or 3) and said why in its log.
		return undefined;
	}
}

const [figuresFile = '', exitCode = '', siteDir = ''] = process.argv.slice(2);
const figures = await readFigures(figuresFile);
const counts = figures ? {images: figures.images, badges: figures.badges, errors: figures.errors, stale: figures.stale, requests: figures.requests} : {};
const outputs = {'site-dir': path.resolve(siteDir), ...Object.fromEntries(Object.entries(counts).map(([name, value]) => [name, String(value)]))};
if (process.env.GITHUB_OUTPUT) {
	await appendFile(process.env.GITHUB_OUTPUT, outputBlocks(outputs));
}
if (process.env.GITHUB_STEP_SUMMARY) {
	await appendFile(process.env.GITHUB_STEP_SUMMARY, jobSummary(figures, Number(exitCode)));
}
