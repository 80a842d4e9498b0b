import path from 'node:path';
import {ConfigError, loadConfig} from '../config/load.ts';
import {estimateRequests, planBuild} from '../plan.ts';
import {logLine} from '../text/log-line.ts';
import {exitCodes} from './exit-codes.ts';
import {checkOutput} from './output-dir.ts';
import {isPreviousUrl, readPreviousManifest} from './previous.ts';
import type {Output} from './progress.ts';
import {hubSettingsFrom, SettingsError} from './settings.ts';
import {estimateElsewhere} from '../fetchers/other-registries.ts';
import {registrySettingsFrom} from './registry-settings.ts';
import {registrySources} from './registry-sources.ts';

type CheckOptions = {
	config: string;
	out: string;
	/** A badges.json path (read, offline) or URL (left to the build); defaults to the one in `out`. */
	previous?: string | undefined;
	env: Record<string, string | undefined>;
	stdout: Output;
	stderr: Output;
};

/**
 * Validates offline what the build would refuse (badges.yml, the environment, the
 * output directory) and shows what it would make and ask; for pull requests.
 */
export async function check(options: CheckOptions): Promise<number> {
	// Problems quote file names and previous manifests: each is made one harmless line.
	const report = (text: string) => {
		for (const line of text.split('\n')) {
			options.stderr.write(`${logLine(line)}\n`);
		}
	};
	let config;
	let plan;
	let sources;
	try {
		config = await loadConfig(options.config);
		plan = planBuild(config);
		const registries = registrySettingsFrom(options.env, config.images.flatMap(image => (image.registry === undefined ? [] : [image.registry])));
		sources = {dockerhub: hubSettingsFrom(options.env).baseUrl, ...registrySources(registries)};
	} catch (error) {
		if (error instanceof ConfigError || error instanceof SettingsError) {
			report(error.message);
			return exitCodes.unusable;
		}
		throw error;
	}
	const outputProblem = await checkOutput(options.out, [process.cwd(), options.config]);
	if (outputProblem) {
		report(outputProblem);
		return exitCodes.unusable;
	}
	const previous = options.previous ?? path.join(options.out, 'badges.json');
	if (!isPreviousUrl(previous)) {
		// Only to warn, as the build would: a previous manifest never stops a build.
		await readPreviousManifest(previous, {sources, warn: line => report(`warning: ${line}`)});
	}

	if (config.site.baseUrl === undefined) {
		report(`warning: ${options.config}: site.baseUrl is not set, so the index page's copied snippets use whatever address the page is opened at; set it to where the site is served (https://<user>.github.io/<repo>)`);
	}

	const lines = plan.images.map(image => `${image.key}: ${image.badges.map(badge => `badges/${image.key}/${badge.file}.svg`).join(', ')}`);
	// Offline, a wildcard's repositories are unknown: say what each of them will get.
	for (const wildcard of plan.wildcards) {
		const except = wildcard.exclude.length > 0 ? ` except ${wildcard.exclude.join(', ')}` : '';
		lines.push(`${wildcard.namespace}/*: every repository its listing returns${except}, each: ${wildcard.badges.map(badge => `badges/${wildcard.namespace}/<repo>/${badge.file}.svg`).join(', ')}`);
	}
	for (const group of config.groups) {
		lines.push(`group ${group.name} (${group.members.join(', ')}): ${group.badges.map(badge => `badges/groups/${group.name}/${badge.file}.svg`).join(', ')}`);
	}
	const estimate = estimateRequests(plan);
	const badges = plan.images.reduce((sum, image) => sum + image.badges.length, 0);
	lines.push(
		'',
		`${options.config} is valid: ${plan.images.length} images, ${badges} badges${plan.wildcards.length > 0 ? `, plus the repositories of ${plan.wildcards.length} namespace wildcard(s)` : ''}.`,
		`Planned requests${plan.images.some(image => image.registry !== undefined) ? ' to Docker Hub' : ''}: ${estimate.minimum}${plan.images.some(image => image.registry === undefined) || plan.wildcards.length > 0 ? ', plus one login with credentials' : ''}${plan.wildcards.length > 0 ? ', plus one listing page per further 100 repositories of a wildcard and the tag pages of its repositories' : ''}.` +
			(estimate.mayNeedMore > 0
				? ` ${estimate.mayNeedMore} of the images may need more: semver sorting reads every tag page, and a tag older than the newest 100 costs one call.`
				: ''),
		`shields.io would make at least ${estimate.shieldsMinimum}, on every view of the badges.`,
	);
	for (const registry of estimateElsewhere(plan.images)) {
		lines.push(
			`${registry.registry}: ${registry.minimum} more requests at least${registry.mayNeedMore > 0 ? `, and ${registry.mayNeedMore} of its images more for their tags' platform manifests and config blobs` : ''}. ${registry.explain}`,
		);
	}
	options.stdout.write(`${lines.join('\n')}\n`);
	return exitCodes.ok;
}
