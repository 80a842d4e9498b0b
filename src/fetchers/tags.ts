import type {HubClient} from '../hub/client.ts';
import {pageFromNext, tagsPath, type ImageRef} from './paths.ts';
import {tagsPageSchema, type TagsPage} from './schemas.ts';

/**
 * A page of tags, newest first. Later pages are built from page 1's `next` link when
 * Docker Hub sent one; a malformed link fails this call, like any bad answer.
 */
export async function fetchTagsPage(hub: HubClient, image: ImageRef, page: number, next?: string | null): Promise<TagsPage> {
	return hub.getJson(next ? pageFromNext(next, page, hub.origin) : tagsPath(image, page), tagsPageSchema);
}
