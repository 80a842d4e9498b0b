import type {ConfiguredBadge} from '../config/load.ts';
import type {PlannedImage} from '../plan.ts';
import type {Manifest, ManifestBadge, ManifestImage} from '../render/manifest.ts';
import {adviceFor} from './advice.ts';
import {badgeOptionsSchema} from '../config/schema.ts';
import {badgeKinds} from './kinds.ts';
import type {BadgeOptions, BadgeProblem, ImageData} from './types.ts';

// shields.io's colors for errors: a definite "no" is red, "could not ask" is grey.
const problemColors: Record<BadgeProblem, string> = {
	'repo not found': 'red',
	'tag not found': 'red',
	'architecture not found': 'red',
	inaccessible: 'lightgrey',
};

type Inputs = {
	/** The last build's manifest, for badges Docker Hub could not answer for this time. */
	previous?: Manifest | undefined;
	now: Date;
	/** Whether the build logged in, which changes the advice on failed badges. */
	authenticated: boolean;
};

/**
 * Returns the function that turns one image's fetched data into its manifest entry:
 * every badge's final text, color and freshness. It runs as each image arrives, so
 * the build keeps the small manifest instead of every tag page it read.
 */
export function imageAssembler({previous, now, authenticated}: Inputs): (image: PlannedImage, data: ImageData) => ManifestImage {
	const fetchedAt = now.toISOString();
	const previousBadges = new Map<string, ManifestBadge>();
	const previousImages = new Map<string, ManifestImage>();
	for (const image of previous?.images ?? []) {
		previousImages.set(image.image, image);
		for (const badge of image.badges) {
			previousBadges.set(`${image.image}/${badge.file}`, badge);
		}
	}

	return (image, data) => ({
		image: image.key,
		namespace: image.namespace,
		repo: image.repo,
		description: data.repository.ok ? data.repository.value.description || null : (previousImages.get(image.key)?.description ?? null),
		...(data.tags?.ok && data.tags.value.dropped > 0 ? {droppedTags: data.tags.value.dropped} : {}),
		badges: image.badges.map(spec => assembleBadge(image.key, spec, data, previousBadges.get(`${image.key}/${spec.file}`), {now, fetchedAt, authenticated})),
	});
}

function assembleBadge(
	image: string,
	spec: ConfiguredBadge,
	data: ImageData,
	previous: ManifestBadge | undefined,
	{now, fetchedAt, authenticated}: {now: Date; fetchedAt: string; authenticated: boolean},
): ManifestBadge {
	const kind = badgeKinds[spec.kind];
	const options = optionsOf(spec);
	const presentation = {
		kind: spec.kind,
		...(Object.keys(options).length === 0 ? {} : {options}),
		file: spec.file,
		path: `badges/${image}/${spec.file}.svg`,
		label: spec.label ?? kind.label,
		style: spec.style,
		...(spec.labelColor === undefined ? {} : {labelColor: spec.labelColor}),
		...(spec.logo === undefined ? {} : {logo: spec.logo}),
	};

	const result = kind.render(data, options, {now});
	if (result.ok) {
		return {...presentation, message: result.message, color: spec.color ?? result.color, isError: false, ...(result.note === undefined ? {} : {note: result.note}), fetchedAt};
	}
	if (result.transient && previous && sameBadge(previous, spec.kind, options)) {
		// Whatever Docker Hub said last time is a better badge than "inaccessible" now.
		return {
			...presentation,
			message: previous.message,
			color: previous.color,
			isError: previous.isError,
			problem: `${result.detail}; ${adviceFor(result, authenticated)}`,
			fetchedAt: previous.fetchedAt,
			stale: true,
		};
	}
	return {
		...presentation,
		message: result.problem,
		color: problemColors[result.problem],
		isError: true,
		problem: `${result.detail}; ${adviceFor(result, authenticated)}`,
		fetchedAt: result.problem === 'inaccessible' ? null : fetchedAt,
	};
}

/**
 * The options that change a badge's value, only those set, in the schema's order;
 * the rest only change how it looks. The config was validated, so this only picks.
 */
function optionsOf(spec: ConfiguredBadge): BadgeOptions {
	return badgeOptionsSchema.parse(spec);
}

/** A previous value only stands in for the same question: a file renamed to another kind or tag starts afresh. */
function sameBadge(previous: ManifestBadge, kind: ConfiguredBadge['kind'], options: BadgeOptions): boolean {
	return previous.kind === kind && JSON.stringify(previous.options ?? {}) === JSON.stringify(options);
}
