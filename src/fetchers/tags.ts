import type {HubClient} from '../hub/client.ts';
import {pageFromNext, tagsPath, type ImageRef} from './paths.ts';
import {tagsPageSchema, type TagsPage} from './schemas.ts';
import {isDockerTag} from './tag-names.ts';

/** A page of tags without the names Docker could not have pushed, and how many those were. */
export type ReadTagsPage = TagsPage & {dropped: number};

/**
 * A page of tags, newest first. Later pages are built from page 1's `next` link when
 * Docker Hub sent one; a malformed link fails this call, like any bad answer.
 */
export async function fetchTagsPage(hub: HubClient, image: ImageRef, page: number, next?: string | null): Promise<ReadTagsPage> {
	// `ordering` again, since a `next` link on the legacy path has been seen to carry only `page`.
	const target = next ? pageFromNext(next, page, hub.origin, {ordering: 'last_updated'}) : tagsPath(image, page);
	const read = await hub.getJson(target, tagsPageSchema);
	const results = read.results.filter(tag => isDockerTag(tag.name));
	return {...read, results, dropped: read.results.length - results.length};
}
