import {ConfigError, loadConfig} from '../config/load.ts';
import {estimateRequests, planBuild} from '../plan.ts';
import {exitCodes} from './exit-codes.ts';
import type {Output} from './progress.ts';

type CheckOptions = {config: string; stdout: Output; stderr: Output};

/** Validates badges.yml offline and shows what a build would make and ask; for pull requests. */
export async function check(options: CheckOptions): Promise<number> {
	let plan;
	try {
		plan = planBuild(await loadConfig(options.config));
	} catch (error) {
		if (error instanceof ConfigError) {
			options.stderr.write(`${error.message}\n`);
			return exitCodes.unusable;
		}
		throw error;
	}

	const lines = plan.images.map(image => `${image.key}: ${image.badges.map(badge => `badges/${image.key}/${badge.file}.svg`).join(', ')}`);
	const estimate = estimateRequests(plan);
	const badges = plan.images.reduce((sum, image) => sum + image.badges.length, 0);
	lines.push(
		'',
		`${options.config} is valid: ${plan.images.length} images, ${badges} badges.`,
		`Planned requests: ${estimate.minimum}, plus one login with credentials.` +
			(estimate.mayNeedMore > 0
				? ` ${estimate.mayNeedMore} of the images may need more: semver sorting reads every tag page, and a tag older than the newest 100 costs one call.`
				: ''),
		`shields.io would make at least ${estimate.shieldsMinimum}, on every view of the badges.`,
	);
	options.stdout.write(`${lines.join('\n')}\n`);
	return exitCodes.ok;
}
