import {readFile} from 'node:fs/promises';
import {describe, expect, it} from 'vitest';
import {parse} from 'yaml';

type Step = {uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, unknown>};
type Workflow = {on: Record<string, unknown>; jobs: Record<string, {steps: Step[]; if?: string; permissions?: Record<string, string>}>};

const workflow = parse(await readFile(new URL('../.github/workflows/badges.yml', import.meta.url), 'utf8')) as Workflow;
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

	it('builds with the two secrets, seeded from the deployed badges.json', () => {
		const build = steps.find(step => step.run?.includes('npm run build'))!;
		expect(build.env).toEqual({
			DOCKERHUB_USERNAME: '${{ secrets.DOCKERHUB_USERNAME }}',
			DOCKERHUB_TOKEN: '${{ secrets.DOCKERHUB_TOKEN }}',
			BADGES_PREVIOUS: '${{ steps.pages.outputs.base_url }}/badges.json',
		});
	});

	it('deploys _site with the official Pages actions', () => {
		const uses = steps.map(step => step.uses).filter(Boolean);
		expect(uses).toEqual(expect.arrayContaining(['actions/configure-pages@v5', 'actions/upload-pages-artifact@v3', 'actions/deploy-pages@v4']));
		expect(steps.find(step => step.uses?.startsWith('actions/upload-pages-artifact'))!.with).toEqual({path: '_site'});
		expect(workflow.jobs.deploy!.permissions).toEqual({pages: 'write', 'id-token': 'write'});
	});
});
