import type {HubClient} from '../hub/client.ts';
import {repositorySchema, type Repository} from './schemas.ts';
import {repositoryPath, type ImageRef} from './paths.ts';

/** One repository's counts and description: the fallback when a namespace listing does not cover it. */
export async function fetchRepository(hub: HubClient, image: ImageRef): Promise<Repository> {
	return hub.getJson(repositoryPath(image), repositorySchema);
}
