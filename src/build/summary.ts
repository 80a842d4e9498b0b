import {z} from 'zod';
import type {HubStats} from '../hub/client.ts';
import type {Manifest} from '../render/manifest.ts';
import {logLine} from '../text/log-line.ts';

type Inputs = {
	manifest: Manifest;
	/** Every request of the build, other registries' included. */
	stats: HubStats;
	seconds: number;
	authenticated: boolean;
	/** Each other registry's share of `stats`. */
	registries?: Array<{registry: string; stats: HubStats}>;
};

/** Docker Hub's figures and every other registry's, added up. */
export function withRegistries(hub: HubStats, registries: ReadonlyArray<{stats: HubStats}>): HubStats {
	return registries.reduce(
		(total, {stats}) => ({
			requests: total.requests + stats.requests,
			logins: total.logins + stats.logins,
			tooManyRequests: total.tooManyRequests + stats.tooManyRequests,
			retries: total.retries + stats.retries,
			rateLimitWaitMs: total.rateLimitWaitMs + stats.rateLimitWaitMs,
		}),
		hub,
	);
}

/** Error badges and stale badges (a stale badge shows an earlier good value, never an error). */
export function countProblems(manifest: Manifest): {errors: number; stale: number} {
	const {errors, stale} = problemBadges(manifest);
	return {errors: errors.length, stale: stale.length};
}

const count = z.number().int().nonnegative();

/** What a build made and what needs a look, for machines (the action's outputs and job summary); text fields are cleaned of controls, not escaped. */
export const buildFiguresSchema = z.object({
	images: count,
	badges: count,
	errors: count,
	stale: count,
	requests: count,
	problems: z.array(z.object({status: z.enum(['error', 'stale']), image: z.string(), file: z.string(), message: z.string(), problem: z.string()})),
});
export type BuildFigures = z.infer<typeof buildFiguresSchema>;

export function buildFigures(manifest: Manifest, stats: HubStats): BuildFigures {
	const {badges, errors, stale} = problemBadges(manifest);
	const problem = (status: 'error' | 'stale', badge: (typeof badges)[number]) => ({
		status,
		image: badge.image,
		file: badge.file,
		message: badge.message,
		problem: badge.problem ?? (status === 'stale' ? 'fetch failed' : ''),
	});
	return {
		images: manifest.images.length,
		badges: badges.length,
		errors: errors.length,
		stale: stale.length,
		requests: stats.requests,
		problems: [...errors.map(badge => problem('error', badge)), ...stale.map(badge => problem('stale', badge))],
	};
}

/** The closing report: what was built, what it cost, and every badge that needs a look; each line safe for a terminal and a CI log. */
export function summarize({manifest, stats, seconds, authenticated, registries = []}: Inputs): string {
	const images = manifest.images.length;
	const {badges, errors, stale} = problemBadges(manifest);

	const lines = [
		`Built ${images} images, ${badges.length} badges in ${seconds.toFixed(1)} s: ${errors.length} errors, ${stale.length} stale.`,
		`Requests: ${stats.requests} (${images === 0 ? 0 : (stats.requests / images).toFixed(2)} per image; shields.io would make at least ${badges.length}), ` +
			`logins: ${stats.logins}${authenticated ? '' : ' (anonymous)'}, 429s: ${stats.tooManyRequests}, retries: ${stats.retries}, ` +
			`waited on the rate limit: ${(stats.rateLimitWaitMs / 1000).toFixed(1)} s.`,
	];
	if (registries.length > 0) {
		const elsewhere = registries.reduce((sum, {stats: {requests}}) => sum + requests, 0);
		const shares = registries.map(({registry, stats: {requests, retries, tooManyRequests}}) => `${registry} ${requests}${retries + tooManyRequests > 0 ? ` (${retries} retries, ${tooManyRequests} 429s)` : ''}`);
		lines.push(`Requests by registry: Docker Hub ${stats.requests - elsewhere}, ${shares.join(', ')}.`);
	}
	for (const badge of errors) {
		lines.push(`  error ${badge.image} ${badge.file}: ${badge.message}${badge.problem ? ` (${badge.problem})` : ''}`);
	}
	for (const badge of stale) {
		lines.push(`  stale ${badge.image} ${badge.file}: kept "${badge.message}" from ${badge.fetchedAt ?? 'an earlier build'} (${badge.problem ?? 'fetch failed'})`);
	}
	for (const badge of badges.filter(badge => badge.note && !badge.stale)) {
		lines.push(`  note ${badge.image} ${badge.file}: ${badge.message} is ${badge.note}`);
	}
	for (const image of manifest.images.filter(image => image.droppedTags)) {
		lines.push(`  warning ${image.image}: ignored ${image.droppedTags} tag name(s) Docker could not have pushed (over 128 characters or outside [A-Za-z0-9_][A-Za-z0-9_.-]*)`);
	}
	return lines.map(line => logLine(line)).join('\n');
}

function problemBadges(manifest: Manifest) {
	const badges = [
		...manifest.images.flatMap(image => image.badges.map(badge => ({image: image.image, ...badge}))),
		...(manifest.groups ?? []).flatMap(group => group.badges.map(badge => ({image: `groups/${group.name}`, ...badge}))),
	];
	return {
		badges,
		errors: badges.filter(badge => badge.isError),
		stale: badges.filter(badge => badge.stale),
	};
}
