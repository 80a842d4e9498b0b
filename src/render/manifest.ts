import {z} from 'zod';
import {imageKey, parseImageName} from '../config/image-name.ts';
import {badgeColor, badgeKindNames, badgeOptionsSchema, badgeStyles, chartRanges, fileStem} from '../config/schema.ts';
import {parseTimestamp} from '../fetchers/timestamp.ts';
import {cleanText} from '../text/untrusted.ts';

/**
 * The longest text each field keeps, in UTF-16 code units; longer text from outside is
 * cut with "…", so neither Docker Hub nor a previous manifest can make a large badge or page.
 */
export const textLimits = {
	/** A tag name (Docker allows 128 characters) with its "v", or a platform list; 256 already makes a badge ~1,800 px wide. */
	message: 256,
	/** badges.yml's own limit for a label. */
	label: 100,
	/** Docker Hub keeps short descriptions to 100 characters; three times that leaves room and still keeps a card small. */
	description: 300,
	/** What a server said about a failure (error messages quote it), before our advice is added. */
	detail: 300,
	/** The detail, "; " and our advice (under 100). */
	problem: 500,
} as const;

/** A string that may come from outside: read back clean and bounded, whatever the file held. */
function untrustedText(maxLength: number) {
	return z.string().transform(value => cleanText(value, maxLength));
}

/** Each item stands alone: one that is not what a build writes is dropped, and the others are still used. */
function eachValid<T extends z.ZodType>(item: T) {
	return z.array(z.unknown()).transform(values =>
		values.flatMap(value => {
			const parsed = item.safeParse(value);
			return parsed.success ? [parsed.data] : [];
		}),
	);
}

/** Where a badge's SVG is written inside the site. */
export function badgePath(image: string, file: string): string {
	return `badges/${image}/${file}.svg`;
}

/** `namespace/repo` of a Docker Hub repository (`host/path/repo` of another registry's), so that the image's folder is one of the site's. */
function isImageKey({image, namespace, repo}: {image: string; namespace: string; repo: string}): boolean {
	const parsed = parseImageName(image);
	return !('error' in parsed) && parsed.namespace === namespace && parsed.repo === repo && image === imageKey(parsed);
}

/**
 * badges.json: what a build made, badge by badge. The SVGs, the endpoint JSON and
 * the index page are all rendered from it, and the next build reads it back to
 * keep the last good value of a badge Docker Hub could not answer for. Read back,
 * it is hostile input like any other: its texts are cleaned and bounded, and an image
 * that is not a Docker Hub name, or a badge with a color badge-maker would not draw,
 * a path other than its own or a time that is not one, is dropped.
 */
export const manifestBadgeSchema = z.object({
	kind: z.enum(badgeKindNames).exclude(['chart']),
	/** The options that shaped the value (tag, arch, variant, sort, per, include, exclude), when any were set. */
	options: badgeOptionsSchema.optional(),
	file: fileStem,
	/** The SVG's path inside the site, e.g. `badges/library/nginx/pulls.svg`. */
	path: z.string(),
	label: untrustedText(textLimits.label),
	message: untrustedText(textLimits.message),
	color: badgeColor,
	labelColor: badgeColor.optional(),
	style: z.enum(badgeStyles),
	logo: z.string().optional(),
	isError: z.boolean(),
	/** Why the badge is an error or stale, for the log and the page; never a secret. */
	problem: untrustedText(textLimits.problem).optional(),
	/** What a reader should know about a good value, e.g. that the page cap left older tags unread. */
	note: untrustedText(textLimits.problem).optional(),
	/** When Docker Hub last gave the answer shown; null when it never has. */
	fetchedAt: z.iso.datetime().nullable(),
	/** The fetch failed this time and the badge shows the previous build's value. */
	stale: z.boolean().optional(),
	/** A good tag badge: what a later build needs to show it again without reading tags (src/tag-reuse.ts). Unusable read back: ignored, and the tags are read. */
	reuse: z.object({color: badgeColor, pushedAt: z.iso.datetime().optional()}).optional().catch(undefined),
});

/**
 * A chart (kind `chart` in badges.yml): an SVG drawn from the history at `path`, listed
 * apart from the badges because it is not one (no message, no endpoint JSON for shields).
 */
export const manifestChartSchema = z.object({
	kind: z.literal('chart'),
	range: z.enum(chartRanges),
	file: fileStem,
	path: z.string(),
	/** What it counts, in its title: `docker pulls` unless badges.yml gives a label. */
	label: untrustedText(textLimits.label),
});

export const manifestImageSchema = z
	.object({
		image: z.string(),
		namespace: z.string(),
		repo: z.string(),
		description: untrustedText(textLimits.description).nullable(),
		/** Tag names Docker Hub sent that Docker could not have pushed, left out of every badge. */
		droppedTags: z.number().int().positive().optional(),
		/** The repository's `last_updated` when its tags were read (src/tag-reuse.ts); unusable read back: ignored, and the tags are read. */
		lastUpdated: z.string().refine(value => parseTimestamp(value) !== undefined).optional().catch(undefined),
		/** When the tags behind the image's badges were read from Docker Hub. */
		tagsReadAt: z.iso.datetime().optional().catch(undefined),
		badges: eachValid(manifestBadgeSchema),
		charts: eachValid(manifestChartSchema).optional(),
	})
	.refine(isImageKey)
	// A badge or chart belongs in its own image's folder, at the path this build would give it.
	.transform(({charts, ...image}) => ({
		...image,
		badges: image.badges.filter(badge => badge.path === badgePath(image.image, badge.file)),
		...(charts ? {charts: charts.filter(chart => chart.path === badgePath(image.image, chart.file))} : {}),
	}));

/** A group of images (`groups:` in badges.yml) and its badges, which add up the images' counts. */
export const manifestGroupSchema = z.object({
	name: z.string(),
	images: z.array(z.string()),
	badges: z.array(manifestBadgeSchema),
	charts: z.array(manifestChartSchema).optional(),
});

/**
 * The origin each registry's data came from, by registry: Docker Hub's, and each other
 * registry's by host (`{"ghcr.io": "https://ghcr.io"}`). A build uses a previous value only
 * when it asks the same origin, so numbers from the demo's fakes or a mirror never stand in
 * for the registry's.
 */
export const manifestSourcesSchema = z.object({dockerhub: z.string(), registries: z.record(z.string(), z.string()).optional()});

export const manifestSchema = z.object({
	generatedAt: z.string(),
	sources: manifestSourcesSchema,
	images: eachValid(manifestImageSchema),
	/** Made from this build's counts and the history, never from a previous manifest: read back, they are not needed. */
	groups: z.array(manifestGroupSchema).optional(),
});

/** A badges.json as a previous build may have left it: those written before `sources` existed lack it. */
export const previousManifestSchema = manifestSchema.omit({groups: true}).extend({sources: manifestSourcesSchema.optional()});

export type ManifestBadge = z.infer<typeof manifestBadgeSchema>;
export type ManifestImage = z.infer<typeof manifestImageSchema>;
export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestGroup = z.infer<typeof manifestGroupSchema>;
export type ManifestChart = z.infer<typeof manifestChartSchema>;
export type ManifestSources = z.infer<typeof manifestSourcesSchema>;
