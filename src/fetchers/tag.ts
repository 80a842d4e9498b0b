import type {HubClient} from '../hub/client.ts';
import {tagPath, type ImageRef} from './paths.ts';
import {tagSchema, type Tag} from './schemas.ts';

/** One tag by name, for a badge whose tag is older than the first page of tags. */
export async function fetchTag(hub: HubClient, image: ImageRef, tag: string): Promise<Tag> {
	return hub.getJson(tagPath(image, tag), tagSchema);
}
