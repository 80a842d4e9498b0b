import {HubError} from '../hub/errors.ts';

export type ImageRef = {namespace: string; repo: string};

// Names are validated by the config, but Docker Hub's paths are built here only,
// so encode anyway: a path is never assembled from raw text.
const encode = encodeURIComponent;

export const pageSize = 100;

export function repositoryPath({namespace, repo}: ImageRef): string {
	return `/v2/namespaces/${encode(namespace)}/repositories/${encode(repo)}`;
}

export function namespacePath(namespace: string, page: number): string {
	return `/v2/namespaces/${encode(namespace)}/repositories?page_size=${pageSize}&page=${page}`;
}

export function tagsPath(image: ImageRef, page: number): string {
	return `${repositoryPath(image)}/tags?page_size=${pageSize}&ordering=last_updated&page=${page}`;
}

export function tagPath(image: ImageRef, tag: string): string {
	return `${repositoryPath(image)}/tags/${encode(tag)}`;
}

/**
 * Page N of a listing, built from Docker Hub's own `next` link so that its other
 * parameters are kept. The hub client checks the link's origin before any request.
 * `page_size` is set again: a `next` link on the legacy path (`/v2/repositories/ubuntu/tags/?page=2`)
 * has been seen to carry only `page`, and Docker Hub's default page is 10 entries, not 100.
 */
export function pageFromNext(next: string, page: number, origin: string, query: Record<string, string> = {}): string {
	let url: URL;
	try {
		url = new URL(next, origin);
	} catch {
		throw new HubError('invalid-response', `Docker Hub sent a malformed next link: ${JSON.stringify(next.slice(0, 200))}`);
	}
	url.searchParams.set('page_size', String(pageSize));
	for (const [key, value] of Object.entries(query)) {
		url.searchParams.set(key, value);
	}
	url.searchParams.set('page', String(page));
	return url.href;
}
