import {z} from 'zod';
import {badgeKindNames, badgeOptionsSchema, badgeStyles} from '../config/schema.ts';

/**
 * badges.json: what a build made, badge by badge. The SVGs, the endpoint JSON and
 * the index page are all rendered from it, and the next build reads it back to
 * keep the last good value of a badge Docker Hub could not answer for.
 */
export const manifestBadgeSchema = z.object({
	kind: z.enum(badgeKindNames),
	/** The options that shaped the value (tag, arch, variant, sort), when any were set. */
	options: badgeOptionsSchema.optional(),
	file: z.string(),
	/** The SVG's path inside the site, e.g. `badges/library/nginx/pulls.svg`. */
	path: z.string(),
	label: z.string(),
	message: z.string(),
	color: z.string(),
	labelColor: z.string().optional(),
	style: z.enum(badgeStyles),
	logo: z.string().optional(),
	isError: z.boolean(),
	/** Why the badge is an error or stale, for the log and the page; never a secret. */
	problem: z.string().optional(),
	/** What a reader should know about a good value, e.g. that the page cap left older tags unread. */
	note: z.string().optional(),
	/** When Docker Hub last gave the answer shown; null when it never has. */
	fetchedAt: z.string().nullable(),
	/** The fetch failed this time and the badge shows the previous build's value. */
	stale: z.boolean().optional(),
});

export const manifestImageSchema = z.object({
	image: z.string(),
	namespace: z.string(),
	repo: z.string(),
	description: z.string().nullable(),
	/** Tag names Docker Hub sent that Docker could not have pushed, left out of every badge. */
	droppedTags: z.number().int().positive().optional(),
	badges: z.array(manifestBadgeSchema),
});

export const manifestSchema = z.object({
	generatedAt: z.string(),
	images: z.array(manifestImageSchema),
});

export type ManifestBadge = z.infer<typeof manifestBadgeSchema>;
export type ManifestImage = z.infer<typeof manifestImageSchema>;
export type Manifest = z.infer<typeof manifestSchema>;
