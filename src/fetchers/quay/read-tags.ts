import {siblingSearchOpen} from '../../badges/tag-choice.ts';
import type {ImageData, TagList} from '../../badges/types.ts';
import {HubError} from '../../hub/errors.ts';
import type {TagNeeds} from '../../plan.ts';
import type {ImageRef} from '../paths.ts';
import type {Tag} from '../schemas.ts';
import {lookUpNamedTags} from '../named-tags.ts';
import {sortNewestFirst} from '../timestamp.ts';
import {fetchQuayTag, fetchQuayTagsPage, type JsonSource} from './fetch.ts';
import {tagFromQuay} from './image-data.ts';

// 5,000 tags, as on Docker Hub: a bound on what a repository of CI tags costs.
export const quayPageLimit = 50;

/**
 * An image's tags from Quay, as the badges need them: page 1, then (Quay gives no total,
 * only `has_additional`) further pages one at a time while a semver sort or a version
 * badge's search needs them, up to the page cap; then every named tag not among them,
 * one `specificTag` request each. A later page that fails leaves the list incomplete.
 */
export async function readQuayTags(client: JsonSource, image: ImageRef, needs: TagNeeds): Promise<Pick<ImageData, 'tags' | 'lookups'>> {
	const tags = new Map<string, Tag>();
	let dropped = 0;
	let pagesRead = 0;
	let more = true;
	let pageError: HubError | undefined;
	// Quay dates tags to the second and lists a push's tags by name: `latest` speaks for its push.
	const newestFirst = () => sortNewestFirst(tags.values(), (a, b) => Number(b.name === 'latest') - Number(a.name === 'latest'));
	const wanted = () => needs.allPages || needs.siblings.some(target => siblingSearchOpen(newestFirst(), target));

	do {
		try {
			const page = await fetchQuayTagsPage(client, image, pagesRead + 1);
			pagesRead++;
			more = page.has_additional;
			dropped += page.dropped;
			for (const tag of page.tags) {
				// Tags pushed while we read move between pages; the first sighting is the newest.
				if (!tags.has(tag.name)) tags.set(tag.name, tagFromQuay(tag));
			}
		} catch (error) {
			if (!(error instanceof HubError)) throw error;
			if (pagesRead === 0) return {tags: {ok: false, error}, lookups: new Map()};
			pagesRead++;
			pageError = error;
		}
	} while (more && !pageError && pagesRead < quayPageLimit && wanted());

	const complete = !more && !pageError;
	const list: TagList = {
		tags: newestFirst(),
		count: complete ? tags.size + dropped : undefined,
		complete,
		capped: more && !pageError && pagesRead === quayPageLimit,
		pageError,
		dropped,
	};
	const lookups = await lookUpNamedTags(needs, tags, complete, async name => {
		const found = await fetchQuayTag(client, image, name);
		return found && tagFromQuay(found);
	});
	return {tags: {ok: true, value: list}, lookups};
}
