import type {HubClient} from '../hub/client.ts';
import {tagsPath, type ImageRef} from './paths.ts';
import {tagsPageSchema, type TagsPage} from './schemas.ts';

/** A page of tags, newest first; `target` is a page URL derived from page 1's `next` link for later pages. */
export async function fetchTagsPage(hub: HubClient, image: ImageRef, target: number | string): Promise<TagsPage> {
	return hub.getJson(typeof target === 'number' ? tagsPath(image, target) : target, tagsPageSchema);
}
