import type {z} from 'zod';
import type {ImageRef} from '../paths.ts';
import {isDockerTag} from '../tag-names.ts';
import {quayRepositoryPath, quayTagPath, quayTagsPath} from './paths.ts';
import {quayRepositorySchema, quayTagsPageSchema, type QuayRepository, type QuayTag, type QuayTagsPage} from './schemas.ts';

/** What the Quay fetchers need of an HTTP client bound to Quay's API origin. */
export type JsonSource = {getJson<S extends z.ZodType>(target: string, schema: S): Promise<z.output<S>>};

/** The repository's description, visibility and daily pulls: one request. */
export async function fetchQuayRepository(client: JsonSource, image: ImageRef): Promise<QuayRepository> {
	return client.getJson(quayRepositoryPath(image), quayRepositorySchema);
}

/** A page of live tags, newest push first, without the names no registry could have pushed. */
export async function fetchQuayTagsPage(client: JsonSource, image: ImageRef, page: number): Promise<QuayTagsPage & {dropped: number}> {
	const read = await client.getJson(quayTagsPath(image, page), quayTagsPageSchema);
	const tags = read.tags.filter(tag => isDockerTag(tag.name));
	return {...read, tags, dropped: read.tags.length - tags.length};
}

/** A live tag by name, or null when the repository has none of that name. */
export async function fetchQuayTag(client: JsonSource, image: ImageRef, name: string): Promise<QuayTag | null> {
	const read = await client.getJson(quayTagPath(image, name), quayTagsPageSchema);
	return read.tags.find(tag => tag.name === name) ?? null;
}
