import type {HubClient} from '../hub/client.ts';
import {HubError} from '../hub/errors.ts';
import {tagPath, type ImageRef} from './paths.ts';
import {tagSchema, type Tag} from './schemas.ts';
import {isDockerTag} from './tag-names.ts';

/** One tag by name, for a badge whose tag is older than the pages of tags read. */
export async function fetchTag(hub: HubClient, image: ImageRef, tag: string): Promise<Tag> {
	const found = await hub.getJson(tagPath(image, tag), tagSchema);
	if (!isDockerTag(found.name)) {
		// The name itself is not repeated: it is what was wrong with it.
		throw new HubError('invalid-response', `Docker Hub answered for tag "${tag}" with a name that is not a Docker tag (${found.name.length} characters)`);
	}
	return found;
}
