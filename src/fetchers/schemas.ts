import {z} from 'zod';

// Only the fields the badges read are required; Docker Hub sends many more and
// adds new ones without notice, so unknown keys pass through untouched.

export const imageSchema = z.object({
	architecture: z.string(),
	os: z.string(),
	variant: z.string().nullish(),
	digest: z.string().nullish(),
	size: z.number().int().nonnegative().nullish(),
});

export const tagSchema = z.object({
	name: z.string(),
	last_updated: z.string().nullish(),
	digest: z.string().nullish(),
	full_size: z.number().int().nonnegative().nullish(),
	images: z.array(imageSchema).default([]),
});

export const repositorySchema = z.object({
	name: z.string(),
	namespace: z.string(),
	description: z.string().nullish(),
	is_private: z.boolean().default(false),
	pull_count: z.number().int().nonnegative(),
	star_count: z.number().int().nonnegative(),
	last_updated: z.string().nullish(),
});

function pageOf<T extends z.ZodType>(item: T) {
	return z.object({
		count: z.number().int().nonnegative(),
		next: z.string().nullish(),
		previous: z.string().nullish(),
		results: z.array(item),
	});
}

export const tagsPageSchema = pageOf(tagSchema);
export const repositoriesPageSchema = pageOf(repositorySchema);

export type Image = z.infer<typeof imageSchema>;
export type Tag = z.infer<typeof tagSchema>;
export type Repository = z.infer<typeof repositorySchema>;
export type TagsPage = z.infer<typeof tagsPageSchema>;
export type RepositoriesPage = z.infer<typeof repositoriesPageSchema>;
