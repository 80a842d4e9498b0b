import type {BuildFigures} from '../build/summary.ts';
import {markdownCell} from '../text/markdown-cell.ts';

/** The job summary: the figures, then one table row per badge that needs a look; every outside text escaped for its cell. */
export function jobSummary(figures: BuildFigures | undefined, exitCode: number): string {
	if (!figures) {
		return `### Docker Hub badges\n\nThe build stopped before making badges (exit ${exitCode}); its log says why.\n`;
	}
	const lines = [
		'### Docker Hub badges',
		'',
		'| images | badges | errors | stale | requests |',
		'|---:|---:|---:|---:|---:|',
		`| ${figures.images} | ${figures.badges} | ${figures.errors} | ${figures.stale} | ${figures.requests} |`,
		'',
	];
	if (figures.problems.length > 0) {
		lines.push('| | image | badge | shows | why |', '|---|---|---|---|---|');
		for (const problem of figures.problems) {
			const cells = [problem.status, problem.image, problem.file, problem.message, problem.problem].map(markdownCell);
			lines.push(`| ${cells.join(' | ')} |`);
		}
	} else {
		lines.push('Every badge is fresh.');
	}
	return `${lines.join('\n')}\n`;
}
