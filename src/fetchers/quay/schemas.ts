import {z} from 'zod';

// Quay's API, as its own code answers (quay/quay: endpoints/api/repository.py `Repository.get`,
// endpoints/api/tag.py `ListRepositoryTags.get` and `_tag_dict`). Only the fields the badges
// read are required; unknown keys pass through untouched.

/** One day of pulls: quay's RepositoryActionCount, `date` an ISO day (`2024-06-01`). */
export const quayDailyCountSchema = z.object({
	date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
	count: z.number().int().nonnegative(),
});

/** `GET /api/v1/repository/{namespace}/{name}?includeStats=true&includeTags=false`. */
export const quayRepositorySchema = z.object({
	namespace: z.string(),
	name: z.string(),
	description: z.string().nullish(),
	is_public: z.boolean(),
	/** The last 91 days before quay's today, zero-filled, in no particular order. */
	stats: z.array(quayDailyCountSchema).max(1000).default([]),
});

// Seconds since the epoch, 2010 to 2100: quay.io began in 2013, and a time outside these is no
// push time, whatever the server says (1e15 would make an invalid Date, whose toISOString throws).
// One such tag makes the whole page invalid-response: with a made-up time, "newest" means nothing.
const quaySeconds = z
	.number()
	.int()
	.min(Date.UTC(2010, 0, 1) / 1000)
	.max(Date.UTC(2100, 0, 1) / 1000);

export const quayTagSchema = z.object({
	name: z.string(),
	/** When the tag was pushed (moved here). */
	start_ts: quaySeconds.nullish(),
	/** Set only on tags that were moved on or deleted, which `onlyActiveTags=true` leaves out. */
	end_ts: quaySeconds.nullish(),
	manifest_digest: z.string().nullish(),
	is_manifest_list: z.boolean().nullish(),
	/** The manifest's compressed layers; null for a manifest list, which has none of its own. */
	size: z.number().int().nonnegative().nullish(),
});

/** `GET /api/v1/repository/{namespace}/{name}/tag/?onlyActiveTags=true&limit=100&page=N`: newest first. */
export const quayTagsPageSchema = z.object({
	tags: z.array(quayTagSchema),
	page: z.number().int().positive(),
	has_additional: z.boolean(),
});

export type QuayDailyCount = z.infer<typeof quayDailyCountSchema>;
export type QuayRepository = z.infer<typeof quayRepositorySchema>;
export type QuayTag = z.infer<typeof quayTagSchema>;
export type QuayTagsPage = z.infer<typeof quayTagsPageSchema>;
