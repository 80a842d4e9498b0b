import {describe, expect, it} from 'vitest';
import {jobSummary} from '../../src/action/job-summary.ts';
import {outputBlocks} from '../../src/action/outputs.ts';

describe('outputBlocks', () => {
	it('writes every value in the delimiter form, so a line break cannot start another output', () => {
		const text = outputBlocks({'site-dir': '/w/_site\nerrors=0', errors: '3'});
		const delimiter = /^site-dir<<(ghadelimiter_[0-9a-f-]{36})$/m.exec(text)![1]!;
		expect(text).toBe(`site-dir<<${delimiter}\n/w/_site\nerrors=0\n${delimiter}\nerrors<<${delimiter}\n3\n${delimiter}\n`);
		expect(outputBlocks({a: ''})).not.toContain(delimiter);
	});
});

describe('jobSummary', () => {
	const figures = {images: 2, badges: 7, errors: 1, stale: 1, requests: 5, problems: []};

	it('has the figures and says when every badge is fresh', () => {
		expect(jobSummary({...figures, errors: 0, stale: 0}, 0)).toBe(
			'### Docker Hub badges\n\n| images | badges | errors | stale | requests |\n|---:|---:|---:|---:|---:|\n| 2 | 7 | 0 | 0 | 5 |\n\nEvery badge is fresh.\n',
		);
	});

	it('gives each problem one row, whatever its text holds', () => {
		const text = jobSummary(
			{
				...figures,
				problems: [
					{status: 'error', image: 'nobody/nothing', file: 'pulls', message: 'repo not found', problem: 'check the image name'},
					{status: 'stale', image: 'library/nginx', file: 'version', message: 'v1 | <b>x</b>\n| injected | row |', problem: 'HTTP 503'},
				],
			},
			1,
		);
		const rows = text.split('\n').filter(line => line.startsWith('| error') || line.startsWith('| stale'));
		expect(rows).toEqual([
			'| error | nobody/nothing | pulls | repo not found | check the image name |',
			'| stale | library/nginx | version | v1 \\| &lt;b&gt;x&lt;/b&gt; \\| injected \\| row \\| | HTTP 503 |',
		]);
		expect(text).not.toContain('<b>');
	});

	it('says the build stopped when there are no figures', () => {
		expect(jobSummary(undefined, 2)).toContain('The build stopped before making badges (exit 2)');
	});
});
