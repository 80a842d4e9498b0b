import {z} from 'zod';

// Only the fields the badges read are required; registries add others freely.

/** `GET /v2/<name>/tags/list`: `tags` is null for a repository without tags on some registries. */
export const tagsListSchema = z.object({
	tags: z.array(z.string()).nullish(),
});

/** A token realm's answer: `token`, or OAuth2's `access_token` (the spec allows either). */
export const tokenAnswerSchema = z.object({
	token: z.string().optional(),
	access_token: z.string().optional(),
});

const annotations = z.record(z.string(), z.string()).optional();

const descriptor = z.object({
	mediaType: z.string().optional(),
	digest: z.string(),
	size: z.number().int().nonnegative(),
	annotations,
});

/** An image index or Docker manifest list: one descriptor per platform (and per attestation). */
export const indexSchema = z.object({
	manifests: z.array(
		descriptor.extend({
			platform: z.object({architecture: z.string(), os: z.string(), variant: z.string().optional()}).optional(),
		}),
	),
	annotations,
});

/** One platform's image manifest: its config and layers, whose sizes add up to the compressed image. */
export const imageManifestSchema = z.object({
	config: descriptor,
	layers: z.array(descriptor),
	annotations,
});

/** A manifest of either kind; which one it is shows in its fields. */
export const manifestSchema = z.union([indexSchema, imageManifestSchema]);

/** The image config blob: the platform of a single-platform image, and when it was built. */
export const imageConfigSchema = z.object({
	architecture: z.string().optional(),
	os: z.string().optional(),
	variant: z.string().optional(),
	created: z.string().optional(),
});

export type ImageIndex = z.infer<typeof indexSchema>;
export type ImageManifest = z.infer<typeof imageManifestSchema>;
export type ImageConfig = z.infer<typeof imageConfigSchema>;
