import {describe, expect, it} from 'vitest';
import {runCheck} from '../helpers/run-build.ts';

describe('npm run check', () => {
	it('lists the planned badges and requests of a valid config', async () => {
		const run = await runCheck('images:\n  - nginx\n  - redis\n  - image: grafana/grafana\n    badges: [pulls]\n');
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('library/nginx: badges/library/nginx/pulls.svg, badges/library/nginx/stars.svg');
		expect(run.stdout).toContain('grafana/grafana: badges/grafana/grafana/pulls.svg');
		expect(run.stdout).toContain('3 images, 13 badges');
		// 1 listing (library) + 1 repository call (grafana) + 2 first tag pages.
		expect(run.stdout).toContain('Planned requests: 4');
		expect(run.stdout).toContain('shields.io would make at least 13');
	});

	it('warns that copied snippets follow the page\'s address while site.baseUrl is unset', async () => {
		const unset = await runCheck('images:\n  - nginx\n');
		expect(unset.code).toBe(0);
		expect(unset.stderr).toMatch(/^warning: .*badges\.yml: site\.baseUrl is not set, so the index page's copied snippets use whatever address the page is opened at; set it to/m);
		const set = await runCheck('site:\n  baseUrl: https://badges.example.com\nimages:\n  - nginx\n');
		expect(set.code).toBe(0);
		expect(set.stderr).not.toContain('baseUrl');
	});

	it('exits 2 with file:line:col for an invalid config', async () => {
		const run = await runCheck('images:\n  - image: nginx\n    badges: [pull]\n');
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/badges\.yml:3:14: images\[0\]\.badges\[0\]\.kind: unknown badge kind "pull"/);
		expect(run.stdout).toBe('');
	});

	it('exits 2 at the nested image for a registry image whose folder is another image’s badge, which the build could not write', async () => {
		const run = await runCheck('images:\n  - image: reg.example.com/acme/app\n    badges: [version]\n  - reg.example.com/acme/app/version.svg\n');
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/badges\.yml:4:5: reg\.example\.com\/acme\/app\/version\.svg would write its badges under badges\/reg\.example\.com\/acme\/app\/version\.svg\//);
	});

	it('exits 2 naming both registries when two hosts would read the same credentials', async () => {
		const run = await runCheck('images:\n  - reg.example.com:5000/acme/app\n  - reg.example.com.5000/acme/app\n');
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('the registries reg.example.com:5000 and reg.example.com.5000 would both read REGISTRY_REG_EXAMPLE_COM_5000_USERNAME');
	});
});
