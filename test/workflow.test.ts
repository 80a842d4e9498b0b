import {readFile} from 'node:fs/promises';
import {describe, expect, it} from 'vitest';
import {parse} from 'yaml';

type Step = {uses?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, unknown>};
type Workflow = {on: Record<string, unknown>; jobs: Record<string, {steps: Step[]; if?: string; outputs?: Record<string, string>; permissions?: Record<string, string>}>};
type Action = {inputs: Record<string, {default?: string}>; outputs: Record<string, unknown>; runs: {steps: Step[]}};

const workflow = parse(await readFile(new URL('../.github/workflows/badges.yml', import.meta.url), 'utf8')) as Workflow;
const action = parse(await readFile(new URL('../action.yml', import.meta.url), 'utf8')) as Action;
const steps = Object.values(workflow.jobs).flatMap(job => job.steps);

describe('the scheduled workflow', () => {
	it('runs every 6 hours, on changes to badges.yml, and by hand', () => {
		expect(workflow.on.schedule).toEqual([{cron: '23 */6 * * *'}]);
		expect(workflow.on.push).toEqual({branches: ['main'], paths: ['badges.yml']});
		expect(workflow.on).toHaveProperty('workflow_dispatch');
	});

	it('checks badges.yml on pull requests without credentials', () => {
		const check = workflow.jobs.check!;
		expect(check.if).toBe("github.event_name == 'pull_request'");
		expect(check.steps.map(step => step.run)).toContain('npm run check');
		expect(JSON.stringify(check)).not.toContain('secrets.');
	});

	it("builds with this repository's action and the two secrets, seeded from the deployed badges.json", () => {
		const build = steps.find(step => step.uses === './')!;
		expect(build.with).toEqual({
			'dockerhub-username': '${{ secrets.DOCKERHUB_USERNAME }}',
			'dockerhub-token': '${{ secrets.DOCKERHUB_TOKEN }}',
			'allow-errors': true,
		});
		// No `previous`: the action's default is the deployed badges.json.
		expect(action.inputs.previous!.default).toBe('');
		expect(Object.keys(build.with!).every(name => name in action.inputs)).toBe(true);
	});

	it('deploys error badges, then fails the run when there are some', () => {
		expect(workflow.jobs.build!.outputs).toEqual({errors: '${{ steps.badges.outputs.errors }}'});
		const fail = workflow.jobs.deploy!.steps.find(step => step.run?.includes('exit 1'))!;
		expect(fail.if).toBe("needs.build.outputs.errors != '0'");
	});

	it('deploys _site with the official Pages actions', () => {
		const uses = steps.map(step => step.uses).filter(Boolean);
		expect(uses).toEqual(expect.arrayContaining(['actions/upload-pages-artifact@v3', 'actions/deploy-pages@v4']));
		// The deployed site's address, for the previous badges.json, is the action's to find.
		expect(action.runs.steps.map(step => step.uses)).toContain('actions/configure-pages@v5');
		expect(steps.find(step => step.uses?.startsWith('actions/upload-pages-artifact'))!.with).toEqual({path: '_site'});
		expect(workflow.jobs.deploy!.permissions).toEqual({pages: 'write', 'id-token': 'write'});
	});
});

describe('the action', () => {
	it('takes the inputs and gives the outputs the README documents', () => {
		expect(Object.keys(action.inputs)).toEqual(['config', 'out', 'previous', 'dockerhub-username', 'dockerhub-token', 'api-url', 'allow-errors', 'strict', 'full']);
		expect(Object.keys(action.outputs)).toEqual(['site-dir', 'images', 'badges', 'errors', 'stale', 'requests']);
	});
});
