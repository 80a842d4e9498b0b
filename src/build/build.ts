import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {setFlagsFromString} from 'node:v8';
import {imageAssembler} from '../badges/assemble.ts';
import {imagePulls, type PullSeries} from '../badges/chart.ts';
import {assembleGroup, groupMembers, groupPulls} from '../badges/group.ts';
import {collect} from '../collect.ts';
import {ConfigError, loadConfig, type Config, type ConfiguredGroup} from '../config/load.ts';
import {expandWildcards} from '../expand.ts';
import type {Repository} from '../fetchers/schemas.ts';
import {writeHistoryFile} from '../history/file.ts';
import {mergeHistory, seriesOf, type History, type HistoryPoint} from '../history/history.ts';
import {HubClient, type HubClientOptions, type HubStats} from '../hub/client.ts';
import {CredentialsError, HubError} from '../hub/errors.ts';
import {planBuild} from '../plan.ts';
import {OtherRegistries} from '../fetchers/other-registries.ts';
import {Redactor} from '../hub/redactor.ts';
import {credentialsAdvice, registrySettingsFrom, type RegistrySettings} from './registry-settings.ts';
import {registrySources} from './registry-sources.ts';
import {loadLogos} from '../render/logo.ts';
import type {Manifest, ManifestGroup} from '../render/manifest.ts';
import {tagReuse} from '../tag-reuse.ts';
import {logLine} from '../text/log-line.ts';
import {exitCodes} from './exit-codes.ts';
import {claimOutputDirectory, OutputDirectoryError, type ClaimedOutput} from './output-dir.ts';
import {readPreviousHistory, readPreviousManifest} from './previous.ts';
import {startProgress, type Output} from './progress.ts';
import {hubSettingsFrom, SettingsError, type HubSettings} from './settings.ts';
import {buildFigures, countProblems, summarize, withRegistries} from './summary.ts';
import {createSiteWriter} from './write-site.ts';

export type BuildOptions = {
	config: string;
	out: string;
	/** A badges.json path or URL; defaults to the one in `out`. */
	previous?: string | undefined;
	allowErrors?: boolean;
	strict?: boolean;
	/** Read every image's tags, even those the previous build's could stand for (`--full`). */
	full?: boolean;
	/** Where to write the build's figures as JSON (`BuildFigures`), for CI steps that act on them. */
	summaryJson?: string | undefined;
	env: Record<string, string | undefined>;
	stdout: Output;
	stderr: Output;
	now?: () => Date;
	/** Timing knobs for tests; the origin and credentials always come from `env`. */
	hubTuning?: Pick<HubClientOptions, 'retryBaseMs' | 'headersTimeoutMs' | 'bodyTimeoutMs' | 'exchangeTimeoutMs' | 'callTimeoutMs' | 'maxRateLimitRetries'>;
};

export type BuildReport = {
	exitCode: number;
	/** Seconds spent in each step, for the benchmark; badges are made as images arrive, within fetch. */
	phases: {config: number; fetch: number; write: number};
	/** Seconds reading the previous history (within config) and merging and writing the next (within write). */
	historySeconds: {read: number; write: number};
	stats: HubStats | undefined;
};

/** The whole build: config → plan → fetch → badges → files. */
export async function build(options: BuildOptions): Promise<BuildReport> {
	// A build's live data is small (~90 MB for 10,000 images) but it allocates fast, so
	// V8's default growth let garbage pile up to four times that before collecting it.
	// Growing the heap by 20% at a time keeps the peak near what is live (−120 MB for
	// 10,000 images), at no measurable cost in time; V8 reads the flag at each collection.
	setFlagsFromString('--heap-growing-percent=20');
	const startedAt = performance.now();
	const phases = {config: 0, fetch: 0, write: 0};
	const historySeconds = {read: 0, write: 0};
	let mark = startedAt;
	const lap = (phase: keyof typeof phases) => {
		const now = performance.now();
		phases[phase] += (now - mark) / 1000;
		mark = now;
	};
	// Log lines quote server answers, file names and URLs: each is made one harmless line.
	// Until the hub client exists, no secret has been read, let alone issued.
	let redact = (text: string) => text;
	const log = (line: string) => options.stderr.write(`${logLine(line, redact)}\n`);
	const stop = (exitCode: number, stats?: HubStats): BuildReport => ({exitCode, phases, historySeconds, stats});

	let config: Config;
	let settings: HubSettings;
	let registrySettings: Map<string, RegistrySettings>;
	let output: ClaimedOutput;
	try {
		config = await loadConfig(options.config);
		settings = hubSettingsFrom(options.env);
		registrySettings = registrySettingsFrom(options.env, config.images.flatMap(image => (image.registry === undefined ? [] : [image.registry])));
		output = await claimOutputDirectory(options.out, [process.cwd(), options.config], line => log(`warning: ${line}`));
	} catch (error) {
		if (error instanceof ConfigError || error instanceof SettingsError || error instanceof OutputDirectoryError) {
			// A config error lists one problem per line.
			for (const line of error.message.split('\n')) {
				log(line);
			}
			return stop(exitCodes.unusable);
		}
		throw error;
	}
	let plan = planBuild(config);
	const sources = {dockerhub: settings.baseUrl, ...registrySources(registrySettings)};
	// One redactor for every client: a message from any origin hides every secret of the build.
	const redactor = new Redactor();
	const others = new OtherRegistries(registrySettings, {...options.hubTuning, concurrency: config.concurrency}, redactor, Date.now() + config.fetchDeadlineMs);
	const hub = new HubClient({
		...options.hubTuning,
		redactor,
		baseUrl: settings.baseUrl,
		credentials: settings.credentials,
		concurrency: config.concurrency,
		fetchDeadlineMs: config.fetchDeadlineMs,
	});
	redact = text => hub.redact(text);
	try {
		const now = options.now?.() ?? new Date();
		const previousSource = options.previous ?? path.join(options.out, 'badges.json');
		const previousOptions = {sources, warn: (line: string) => log(`warning: ${line}`)};
		const historyRead = performance.now();
		const [previous, history] = await Promise.all([
			readPreviousManifest(previousSource, previousOptions),
			readPreviousHistory(previousSource, {...previousOptions, now}).finally(() => {
				historySeconds.read = (performance.now() - historyRead) / 1000;
			}),
		]);
		const logos = await loadLogos([...config.images, ...config.wildcards].flatMap(image => image.badges.flatMap(badge => ('logo' in badge && badge.logo ? [badge.logo] : []))));
		lap('config');

		// A build of other registries' images alone asks Docker Hub nothing, not even a login.
		const asksDockerHub = config.wildcards.length > 0 || plan.images.some(image => image.registry === undefined);
		if (settings.credentials && asksDockerHub) {
			await loginOrCarryOn(hub, log);
		} else if (asksDockerHub) {
			log('No DOCKERHUB_USERNAME/DOCKERHUB_TOKEN: running anonymously (about 180 requests a minute, no private repositories).');
		}
		let listed: Map<string, Repository> | undefined;
		let wildcardErrors = 0;
		let groupErrors = 0;
		if (config.wildcards.length > 0) {
			const expansion = await expandWildcards(config, hub, previous?.images.map(image => image.image) ?? []);
			for (const problem of expansion.problems) {
				log(`${problem.error ? 'error' : 'warning'}: ${problem.message}`);
			}
			wildcardErrors = expansion.problems.filter(problem => problem.error).length;
			listed = expansion.listed;
			plan = planBuild({...config, images: expansion.images}, new Set(listed.keys()));
		}
		const assemble = imageAssembler({previous, now, authenticated: hub.authenticated, registries: credentialsAdvice(registrySettings), redact});
		// This build's point for each image it fetched; a stale or failed image adds none.
		const points = new Map<string, HistoryPoint>();
		const outcome = await output.replace(async directory => {
			const writer = createSiteWriter(directory, logos);
			const requests = {
				get stats() {
					return withRegistries(hub.stats, others.stats);
				},
				get rateLimitRemaining() {
					return hub.rateLimitRemaining;
				},
			};
			const progress = startProgress(plan.images.length, requests, options.stderr);
			let images;
			try {
				images = await collect(plan, hub, (image, data) => {
					if (data.repository.ok && image.registry === undefined) {
						points.set(image.key, {pulls: data.repository.value.pull_count, stars: data.repository.value.star_count});
					}
					// Unpacked once, for the badges and the charts alike.
					const series = seriesOf(history, image.key);
					const entry = assemble(image, data, series);
					writer.addImage(entry, imagePulls(series, points.get(image.key)?.pulls, now));
					progress.tick();
					return entry;
				}, listed, tagReuse({previous, now, refreshAfterMs: config.refreshTagsAfterMs, full: options.full === true}), async image => others.fetch(image));
			} catch (error) {
				// Images still in flight must not write into the directory being removed, nor ask Docker Hub more.
				writer.close();
				await Promise.all([hub.abort(), others.abort()]);
				throw error;
			} finally {
				progress.stop();
			}
			const groups = makeGroups(config.groups, plan.images.map(image => image.key), points, history, now, log);
			for (const {group, pulls} of groups) {
				writer.addGroup(group, pulls);
			}
			groupErrors = config.groups.length - groups.length;
			const manifest: Manifest = {generatedAt: now.toISOString(), sources, images, ...(groups.length > 0 ? {groups: groups.map(({group}) => group)} : {})};
			const problems = countProblems(manifest);
			const keep = !(options.strict && problems.stale > 0);
			if (keep) {
				const historyStart = performance.now();
				await writeHistoryFile(directory, mergeHistory(history, plan.images.map(image => image.key), points, Math.floor(now.getTime() / 1000)), sources);
				historySeconds.write = (performance.now() - historyStart) / 1000;
				await writer.finish(manifest, config.site);
			}
			return {keep, manifest, ...problems, writeSeconds: writer.seconds + historySeconds.write};
		});
		// Badge files were written while fetching; the writer's clock tells the two apart.
		lap('fetch');
		phases.write = outcome.writeSeconds;
		phases.fetch -= outcome.writeSeconds;
		const {manifest, errors, stale} = outcome;
		for (const reason of [hub.stoppedBecause, others.stoppedBecause]) {
			if (reason) {
				log(`warning: ${reason}; badges not fetched by then keep their last values or show inaccessible.`);
			}
		}

		const stats = withRegistries(hub.stats, others.stats);
		const summary = summarize({manifest, stats, seconds: (performance.now() - startedAt) / 1000, authenticated: hub.authenticated, registries: others.stats});
		options.stdout.write(`${summary}\n`);
		if (options.summaryJson) {
			await writeFile(options.summaryJson, `${JSON.stringify(buildFigures(manifest, stats), null, 2)}\n`).catch((error: unknown) => {
				// The site is built; a figures file that cannot be written must not undo it.
				log(`warning: could not write --summary-json ${options.summaryJson}: ${(error as Error).message}`);
			});
		}
		if (!outcome.keep) {
			log(`--strict: ${stale} stale badge(s); the previous site in ${options.out} was left as it was.`);
			return stop(exitCodes.badgeFailed, stats);
		}
		return stop(errors + wildcardErrors + groupErrors > 0 && !options.allowErrors ? exitCodes.badgeFailed : exitCodes.ok, stats);
	} catch (error) {
		if (error instanceof CredentialsError) {
			log(error.message);
			return stop(exitCodes.unusable, hub.stats);
		}
		throw error;
	} finally {
		await Promise.all([hub.close(), others.close()]);
		await output.release();
	}
}

/**
 * Every group's badges, from this build's counts and the history, with the pull totals its charts draw. A group whose folder
 * an image's would be (the image groups/<name>, from a wildcard) is left out with an error line.
 */
function makeGroups(groups: ConfiguredGroup[], images: string[], points: ReadonlyMap<string, HistoryPoint>, history: History, now: Date, log: (line: string) => void): Array<{group: ManifestGroup; pulls: PullSeries}> {
	return groups.flatMap(group => {
		if (images.includes(`groups/${group.name}`)) {
			log(`error: group ${group.name} not written: the image groups/${group.name} has the folder badges/groups/${group.name}/; rename the group`);
			return [];
		}
		const members = groupMembers(group, images).map(image => ({image, fresh: points.get(image), history: seriesOf(history, image)}));
		return [{group: assembleGroup(group, members, now), pulls: groupPulls(members, now)}];
	});
}

/**
 * Bad credentials stop the build (CredentialsError). Docker Hub being down at login
 * does not: every badge then fails transiently and keeps its last good value.
 */
async function loginOrCarryOn(hub: HubClient, log: (line: string) => void): Promise<void> {
	try {
		await hub.login();
	} catch (error) {
		if (!(error instanceof HubError)) {
			throw error;
		}
		log(`warning: could not log in to Docker Hub (${error.message}); badges keep their last good values where there are some.`);
	}
}
