import type {Tag} from '../schemas.ts';
import type {QuayTag} from './schemas.ts';

/**
 * A Quay tag as the badges read a tag: its push time, its manifest digest (an index's for a
 * multi-arch tag, shared by every tag pushed as the same image), and its size when it is a
 * single manifest. Quay's list names no platforms: `images` stays empty until the registry
 * API fills them in for the tags a size or platforms badge shows.
 */
export function tagFromQuay(tag: QuayTag): Tag {
	const pushed = tag.start_ts ?? undefined;
	return {
		name: tag.name,
		// Whole seconds: quay keeps milliseconds but sends seconds; ties keep quay's own order.
		last_updated: pushed === undefined ? null : new Date(pushed * 1000).toISOString(),
		digest: tag.manifest_digest ?? null,
		full_size: tag.is_manifest_list ? null : (tag.size ?? null),
		images: [],
	};
}
