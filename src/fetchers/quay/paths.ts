import type {ImageRef} from '../paths.ts';

// Quay's largest page (endpoints/api/tag.py: `min(100, limit)`).
export const quayPageSize = 100;

const encode = encodeURIComponent;

/** `ns/name` with each segment encoded: quay's API takes the repository's full path. */
function repositoryOf({namespace, repo}: ImageRef): string {
	return [...namespace.split('/'), repo].map(encode).join('/');
}

/** The repository with its daily pull counts, without the up-to-500 tags it would embed by default. */
export function quayRepositoryPath(image: ImageRef): string {
	return `/api/v1/repository/${repositoryOf(image)}?includeStats=true&includeTags=false`;
}

/** Live tags only: without `onlyActiveTags` quay lists every tag a push ever moved or deleted. */
export function quayTagsPath(image: ImageRef, page: number): string {
	return `/api/v1/repository/${repositoryOf(image)}/tag/?onlyActiveTags=true&limit=${quayPageSize}&page=${page}`;
}

/** One live tag by name: the tag list filtered with quay's `specificTag`. */
export function quayTagPath(image: ImageRef, tag: string): string {
	return `/api/v1/repository/${repositoryOf(image)}/tag/?onlyActiveTags=true&specificTag=${encode(tag)}`;
}
