import type {HubClient} from '../hub/client.ts';
import {namespacePath, pageFromNext} from './paths.ts';
import {repositoriesPageSchema, type RepositoriesPage} from './schemas.ts';

/**
 * One page of a namespace's repositories: pulls, stars and descriptions of up to 100
 * repositories in one request. Later pages are built from page 1's `next` link when
 * Docker Hub sent one.
 */
export async function fetchNamespacePage(hub: HubClient, namespace: string, page: number, next?: string | null): Promise<RepositoriesPage> {
	return hub.getJson(next ? pageFromNext(next, page, hub.origin) : namespacePath(namespace, page), repositoriesPageSchema);
}
