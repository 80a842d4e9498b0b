import type {HubClient} from '../hub/client.ts';
import {namespacePath} from './paths.ts';
import {repositoriesPageSchema, type RepositoriesPage} from './schemas.ts';

/**
 * One page of a namespace's repositories: pulls, stars and descriptions of up to 100
 * repositories in one request. `target` is a page number, or for later pages a URL
 * derived from page 1's `next` link.
 */
export async function fetchNamespacePage(hub: HubClient, namespace: string, target: number | string): Promise<RepositoriesPage> {
	return hub.getJson(typeof target === 'number' ? namespacePath(namespace, target) : target, repositoriesPageSchema);
}
