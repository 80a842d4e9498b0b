import type {TagFilter} from './badges/tag-filter.ts';
import {imageKey} from './config/image-name.ts';
import type {Config, ConfiguredBadge, ConfiguredImage} from './config/load.ts';

/**
 * A version badge that names its version by digest, as shields.io does: the most
 * dotted tag sharing the `arch` image of a named tag, or (no `tag`) of `latest`
 * when that is the newest tag. With `include`/`exclude`, only the tags they let
 * through are candidates, and the newest such tag stands in for the newest tag.
 */
export type SiblingTarget = TagFilter & {tag: string | undefined; arch: string};

/** What an image's badges need from its tags. */
export type TagNeeds = {
	/** Every page (up to the page cap), for sorting by semver. */
	allPages: boolean;
	/** Version badges whose siblings may be on later pages; those are read one by one until found. */
	siblings: SiblingTarget[];
	/** Tags badges name; looked up one by one when they are not among the listed tags. */
	named: string[];
	/** A badge uses the default tag, `latest` when it exists, else the newest. */
	latest: boolean;
};

export type PlannedImage = ConfiguredImage & {
	/** `namespace/repo` (`ghcr.io/owner/app` on another registry), the image's identity throughout the build. */
	key: string;
	/** Undefined when no badge reads tags (only pulls and stars). */
	tags: TagNeeds | undefined;
};

export type Plan = {
	images: PlannedImage[];
	/** `namespace/*` entries: their images are planned once the listing is read (expandWildcards), and planned again with them. */
	wildcards: Config['wildcards'];
	/** Namespaces with several images: one listing page may answer for all of them. */
	listings: Array<{namespace: string; images: PlannedImage[]}>;
	/** Images whose repository is asked for on its own. */
	single: PlannedImage[];
};

/**
 * Decides, before any request, how each image's data will be fetched. `listed`: images
 * whose repository a wildcard's listing already returned, which need no request for it.
 */
export function planBuild(config: Config, listed: ReadonlySet<string> = new Set()): Plan {
	const images = config.images.map(image => ({
		...image,
		key: imageKey(image),
		tags: tagNeeds(image.badges),
	}));

	const byNamespace = new Map<string, PlannedImage[]>();
	// Docker Hub's listings only; other registries' images go to their adapters (src/fetchers/other-registries.ts).
	for (const image of images.filter(image => !listed.has(image.key) && image.registry === undefined)) {
		const members = byNamespace.get(image.namespace);
		if (members) {
			members.push(image);
		} else {
			byNamespace.set(image.namespace, [image]);
		}
	}
	const listings: Plan['listings'] = [];
	const single: PlannedImage[] = [];
	for (const [namespace, members] of byNamespace) {
		// A listing page costs what one repository call costs; it only pays with two or more.
		if (members.length >= 2) {
			listings.push({namespace, images: members});
		} else {
			single.push(...members);
		}
	}
	return {images, wildcards: config.wildcards, listings, single};
}

/**
 * After page 1 of a namespace listing, with `pages` in all and `missing` images not on
 * page 1: read the other pages only when that costs fewer requests than asking for
 * the missing repositories one by one.
 */
export function shouldReadRemainingPages(pages: number, missing: number): boolean {
	return pages - 1 < missing;
}

function tagNeeds(badges: ConfiguredBadge[]): TagNeeds | undefined {
	const needs: TagNeeds = {allPages: false, siblings: [], named: [], latest: false};
	let used = false;
	for (const badge of badges) {
		// Counts come with the repository; a chart draws the pull counts.
		if (badge.kind === 'pulls' || badge.kind === 'stars' || badge.kind === 'chart') {
			continue;
		}
		used = true;
		// With a tag, the version is read from that tag's digest, not from sorting every tag.
		if (badge.kind === 'version' && badge.sort === 'semver' && badge.tag === undefined) {
			needs.allPages = true;
		} else if (badge.kind === 'version') {
			needs.siblings.push({tag: badge.tag, arch: badge.arch ?? 'amd64', include: badge.include, exclude: badge.exclude});
		}
		if ('tag' in badge && badge.tag !== undefined) {
			needs.named.push(badge.tag);
		} else if (badge.kind === 'size' || badge.kind === 'platforms') {
			needs.latest = true;
		}
	}
	needs.named = [...new Set(needs.named)];
	needs.siblings = [...new Map(needs.siblings.map(target => [JSON.stringify([target.tag, target.arch, target.include, target.exclude]), target])).values()];
	return used ? needs : undefined;
}

export type RequestEstimate = {
	/** Requests the build makes for certain: listing first pages, repository calls, first tag pages. */
	minimum: number;
	/** Images whose badges may need more: semver sorting, version siblings, or named tags older than the newest 100. */
	mayNeedMore: number;
	/** What shields.io spends on the same badges: at least one request each. */
	shieldsMinimum: number;
};

/** `reused`: images whose tag badges the previous build's may stand for (src/tag-reuse.ts); their tag pages are not counted. */
export function estimateRequests(plan: Plan, reused: ReadonlySet<string> = new Set()): RequestEstimate {
	const withTags = plan.images.filter(image => image.tags !== undefined && image.registry === undefined && !reused.has(image.key));
	return {
		// A wildcard costs its listing's first page; its images are counted once it is read.
		minimum: plan.wildcards.length + plan.listings.length + plan.single.length + withTags.length,
		mayNeedMore: withTags.filter(({tags}) => tags!.allPages || tags!.siblings.length > 0 || tags!.named.length > 0 || tags!.latest).length,
		// shields draws no charts.
		shieldsMinimum: plan.images.reduce((sum, image) => sum + image.badges.filter(badge => badge.kind !== 'chart').length, 0),
	};
}
