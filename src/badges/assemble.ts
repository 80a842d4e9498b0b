import type {Series} from '../history/history.ts';
import type {ConfiguredBadge} from '../config/load.ts';
import type {PlannedImage} from '../plan.ts';
import type {PreviousBadge, PreviousImage, PreviousManifest} from '../build/previous-manifest.ts';
import {badgePath, textLimits, type ManifestBadge, type ManifestImage} from '../render/manifest.ts';
import {badgeReuseFields, imageReuseFields} from '../tag-reuse.ts';
import {cleanText, type Redact} from '../text/untrusted.ts';
import {adviceFor, dockerHubHint, type CredentialsHint} from './advice.ts';
import {chartsOf, isChart} from './chart.ts';
import {badgeKinds} from './kinds.ts';
import {optionsOf, sameQuestion} from './same-question.ts';
import type {BadgeProblem, ImageData} from './types.ts';

// shields.io's colors for errors: a definite "no" is red, "could not ask" is grey.
const problemColors: Record<BadgeProblem, string> = {
	'repo not found': 'red',
	'tag not found': 'red',
	'architecture not found': 'red',
	inaccessible: 'lightgrey',
};

type Inputs = {
	/** The last build's manifest, for badges Docker Hub could not answer for this time. */
	previous?: PreviousManifest | undefined;
	now: Date;
	/** Whether the build logged in, which changes the advice on failed badges. */
	authenticated: boolean;
	/** The same for each other registry, by host, with the names of its credentials. */
	registries?: ReadonlyMap<string, {authenticated: boolean; hint: CredentialsHint}> | undefined;
	/** Hides secrets in the text that comes from Docker Hub or the previous manifest. */
	redact?: Redact | undefined;
};

type BadgeInputs = {now: Date; history: Series | undefined; fetchedAt: string; authenticated: boolean; hint: CredentialsHint; text: (value: string, maxLength: number) => string};

/**
 * Returns the function that turns one image's fetched data into its manifest entry:
 * every badge's final text, color and freshness. It runs as each image arrives, so
 * the build keeps the small manifest instead of every tag page it read.
 */
export function imageAssembler({previous, now, authenticated, registries, redact}: Inputs): (image: PlannedImage, data: ImageData, series?: Series) => ManifestImage {
	const fetchedAt = now.toISOString();
	// Every text that enters the manifest from outside passes here: Docker Hub's words and the previous build's alike.
	const text = (value: string, maxLength: number) => cleanText(value, maxLength, redact);
	// By image, then by file among its few badges: a map of every previous badge was 600,000 entries and keys at 100,000 images.
	const previousImages = new Map<string, PreviousImage>((previous?.images ?? []).map(image => [image.image, image]));

	// `series`: the image's points from earlier builds, for trend badges, unpacked once by the caller.
	return (image, data, series) => {
		const access = (image.registry === undefined ? undefined : registries?.get(image.registry)) ?? {authenticated, hint: dockerHubHint};
		const before = previousImages.get(image.key);
		const description = data.repository.ok ? data.repository.value.description : before?.description;
		return {
			image: image.key,
			namespace: image.namespace,
			repo: image.repo,
			description: text(description ?? '', textLimits.description) || null,
			...(data.tags?.ok && data.tags.value.dropped > 0 ? {droppedTags: data.tags.value.dropped} : {}),
			...(data.carried?.droppedTags === undefined ? {} : {droppedTags: data.carried.droppedTags}),
			...imageReuseFields(data, now),
			badges: image.badges.filter(spec => !isChart(spec)).map(spec => assembleBadge(image.key, spec, data, before?.badges.findLast(badge => badge.file === spec.file), {now, history: series, fetchedAt, ...access, text})),
			...chartsOf(image.badges, file => badgePath(image.key, file)),
		};
	};
}

function assembleBadge(
	image: string,
	spec: Exclude<ConfiguredBadge, {kind: 'chart'}>,
	data: ImageData,
	previous: PreviousBadge | undefined,
	{now, history, fetchedAt, authenticated, hint, text}: BadgeInputs,
): ManifestBadge {
	const kind = badgeKinds[spec.kind];
	const options = optionsOf(spec);
	const presentation = {
		kind: spec.kind,
		...(Object.keys(options).length === 0 ? {} : {options}),
		file: spec.file,
		path: badgePath(image, spec.file),
		label: spec.label ?? kind.label,
		style: spec.style,
		...(spec.labelColor === undefined ? {} : {labelColor: spec.labelColor}),
		...(spec.logo === undefined ? {} : {logo: spec.logo}),
	};

	const result = data.carried?.badges.get(spec.file) ?? kind.render(data, options, {now, history});
	if (result.ok) {
		// Messages carry tag and platform names as Docker Hub wrote them.
		return {...presentation, message: text(result.message, textLimits.message), color: result.pending ? result.color : (spec.color ?? result.color), isError: false, ...(result.note === undefined ? {} : {note: result.note}), fetchedAt, ...badgeReuseFields(spec.kind, result)};
	}
	// The detail may quote Docker Hub's answer; bounded apart, so the advice always shows.
	const problem = `${text(result.detail, textLimits.detail)}; ${adviceFor(result, result.credentials?.authenticated ?? authenticated, result.credentials?.hint ?? hint)}`;
	// Only a good value stands in: an error kept as stale would turn a lasting failure into a green run.
	if (result.transient && previous && !previous.isError && sameQuestion(previous, spec)) {
		// What Docker Hub said last time is a better badge than "inaccessible" now.
		return {
			...presentation,
			message: text(previous.message, textLimits.message),
			color: previous.color,
			isError: false,
			problem,
			fetchedAt: previous.fetchedAt,
			stale: true,
		};
	}
	return {
		...presentation,
		message: result.problem,
		color: problemColors[result.problem],
		isError: true,
		problem,
		fetchedAt: result.problem === 'inaccessible' ? null : fetchedAt,
	};
}

/**
 * The options that change a badge's value, only those set, in the schema's order;
 * the rest only change how it looks. The config was validated, so this only picks.
 */
