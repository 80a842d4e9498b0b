import type {ConfiguredBadge} from '../config/load.ts';
import type {Plan} from '../plan.ts';
import type {Manifest, ManifestBadge, ManifestImage} from '../render/manifest.ts';
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
	plan: Plan;
	collected: ReadonlyMap<string, ImageData>;
	/** The last build's manifest, for badges Docker Hub could not answer for this time. */
	previous?: Manifest | undefined;
	now: Date;
};

/** Turns fetched data into the manifest: every badge's final text, color and freshness. */
export function assembleManifest({plan, collected, previous, now}: Inputs): Manifest {
	const fetchedAt = now.toISOString();
	const previousBadges = new Map<string, ManifestBadge>();
	const previousImages = new Map<string, ManifestImage>();
	for (const image of previous?.images ?? []) {
		previousImages.set(image.image, image);
		for (const badge of image.badges) {
			previousBadges.set(`${image.image}/${badge.file}`, badge);
		}
	}

	const images = plan.images.map((image): ManifestImage => {
		const data = collected.get(image.key)!;
		return {
			image: image.key,
			namespace: image.namespace,
			repo: image.repo,
			description: data.repository.ok
				? data.repository.value.description || null
				: (previousImages.get(image.key)?.description ?? null),
			badges: image.badges.map(spec => assembleBadge(image.key, spec, data, previousBadges.get(`${image.key}/${spec.file}`), now, fetchedAt)),
		};
	});
	return {generatedAt: fetchedAt, images};
}

function assembleBadge(
	image: string,
	spec: ConfiguredBadge,
	data: ImageData,
	previous: ManifestBadge | undefined,
	now: Date,
	fetchedAt: string,
): ManifestBadge {
	const kind = badgeKinds[spec.kind];
	const presentation = {
		kind: spec.kind,
		file: spec.file,
		path: `badges/${image}/${spec.file}.svg`,
		label: spec.label ?? kind.label,
		style: spec.style,
		...(spec.labelColor === undefined ? {} : {labelColor: spec.labelColor}),
		...(spec.logo === undefined ? {} : {logo: spec.logo}),
	};

	const result = kind.render(data, optionsOf(spec), {now});
	if (result.ok) {
		return {...presentation, message: result.message, color: spec.color ?? result.color, isError: false, fetchedAt};
	}
	if (result.transient && previous) {
		// Whatever Docker Hub said last time is a better badge than "inaccessible" now.
		return {
			...presentation,
			message: previous.message,
			color: previous.color,
			isError: previous.isError,
			problem: result.detail,
			fetchedAt: previous.fetchedAt,
			stale: true,
		};
	}
	return {
		...presentation,
		message: result.problem,
		color: problemColors[result.problem],
		isError: true,
		problem: result.detail,
		fetchedAt: result.problem === 'inaccessible' ? null : fetchedAt,
	};
}

/** The options that change a badge's value; the rest only change how it looks. */
function optionsOf(spec: ConfiguredBadge): BadgeOptions {
	return {
		tag: 'tag' in spec ? spec.tag : undefined,
		arch: 'arch' in spec ? spec.arch : undefined,
		variant: 'variant' in spec ? spec.variant : undefined,
		sort: 'sort' in spec ? spec.sort : undefined,
	};
}
