import {defaultTag, namedTag} from '../../badges/tag-choice.ts';
import type {CredentialsAccess, Fetched, ImageData} from '../../badges/types.ts';
import {hostVariablePart} from '../../build/registry-settings.ts';
import {repositoryPath} from '../../config/image-name.ts';
import type {HubClient} from '../../hub/client.ts';
import {HubError} from '../../hub/errors.ts';
import type {PlannedImage} from '../../plan.ts';
import type {OpenRegistry, RegistryAccess, RegistryAdapter, RegistryImage} from '../adapter.ts';
import {ManifestReader, type TagNeed} from '../oci/adapter.ts';
import {OciSession} from '../oci/session.ts';
import type {Repository, Tag} from '../schemas.ts';
import {settle} from '../settle.ts';
import {fetchQuayRepository, type JsonSource} from './fetch.ts';
import {readQuayTags} from './read-tags.ts';

/**
 * Quay.io. Costs per image: the repository with its daily pulls (one request), when a badge
 * reads tags the live tags newest first (one page of 100, more only for semver sorting or a
 * version badge's search, one at a time), a named tag older than those (one each); and for
 * the tags a size or platforms badge shows, the registry API as for any OCI registry: a pull
 * token, the tag's manifest, one platform manifest per size (a single-platform image's config
 * blob instead). Version, updated and pulls per period need nothing from the registry API.
 */
export const quayAdapter: RegistryAdapter = {
	open(access: RegistryAccess): OpenRegistry {
		const client = access.client(access.apiOrigin ?? access.origin);
		const api = access.apiToken === undefined ? client : withBearer(client, access.apiToken);
		const session = new OciSession(access);
		const registry = registryCredentials(access);
		return {fetch: async image => fetchQuayImage(api, session, registry, image)};
	},
	estimate(image: PlannedImage) {
		const detailed = new Set(image.badges.flatMap(badge => (badge.kind === 'size' || badge.kind === 'platforms' ? [badge.tag ?? ''] : [])));
		const tags = image.tags;
		// The repository; the first tag page; a registry token and each detailed tag's manifest.
		const minimum = 1 + (tags ? 1 : 0) + (detailed.size > 0 ? 1 + detailed.size : 0);
		const mayNeedMore = tags !== undefined && (tags.allPages || tags.siblings.length > 0 || tags.named.length > 0 || tags.latest || image.badges.some(badge => badge.kind === 'size'));
		return {minimum, mayNeedMore};
	},
	once: 0,
};

/** The registry API's own credentials: QUAY_TOKEN opens only Quay's API. */
function registryCredentials({host, credentials}: RegistryAccess): CredentialsAccess {
	const part = hostVariablePart(host);
	return {
		authenticated: credentials !== undefined,
		hint: {variables: `REGISTRY_${part}_USERNAME and REGISTRY_${part}_PASSWORD`, holder: `the REGISTRY_${part}_USERNAME account`, loginRaisesLimit: false},
	};
}

/** The API client, every request carrying the token: it is made for this origin alone. */
function withBearer(client: HubClient, token: string): JsonSource {
	return {getJson: async (target, schema) => client.parse(await client.exchange(target, {authorization: `Bearer ${token}`}), schema)};
}

async function fetchQuayImage(api: JsonSource, session: OciSession, registry: CredentialsAccess, image: RegistryImage): Promise<ImageData> {
	const [repository, tagData] = await Promise.all([
		settle(fetchQuayRepository(api, image)),
		image.tags ? readQuayTags(api, image, image.tags) : {lookups: new Map<string, Fetched<Tag | null>>()},
	]);
	const facts: Fetched<Repository> = repository.ok
		? {
				ok: true,
				value: {
					name: image.repo,
					namespace: image.namespace,
					description: repository.value.description ?? null,
					is_private: !repository.value.is_public,
					// Never shown: the config refuses a pulls total and stars on quay.io.
					pull_count: 0,
					star_count: 0,
					last_updated: null,
				},
			}
		: repository;
	const data: ImageData = {repository: facts, ...tagData, ...(repository.ok ? {dailyPulls: repository.value.stats} : {})};
	return withPlatforms(data, image, new ManifestReader(session, repositoryPath(image)), registry);
}

/**
 * Quay's tag list names no platforms: the tags a size or platforms badge shows get theirs
 * (and their sizes, layers and config as a pull downloads them) from the registry API. A
 * manifest that cannot be read fails those badges alone (keeping their last values when it
 * may pass); version, updated and pulls, answered by Quay's API, stand.
 */
async function withPlatforms(data: ImageData, image: RegistryImage, reader: ManifestReader, registry: CredentialsAccess): Promise<ImageData> {
	const needs = new Map<Tag, TagNeed>();
	for (const badge of image.badges) {
		if (badge.kind !== 'size' && badge.kind !== 'platforms') continue;
		const tag = badge.tag ? namedTag(data, badge.tag) : defaultTag(data);
		if (!tag.ok) continue;
		const need = needs.get(tag.value) ?? {platforms: false, date: false, sizes: []};
		if (badge.kind === 'platforms') need.platforms = true;
		if (badge.kind === 'size') need.sizes.push({arch: badge.arch, variant: badge.variant});
		needs.set(tag.value, need);
	}
	if (needs.size === 0 || !data.tags?.ok) return data;
	const detailed = new Map<Tag, Tag>();
	try {
		await Promise.all(
			[...needs].map(async ([tag, need]) => {
				const {tag: detail} = await reader.tag(tag.name, need);
				// Quay's push time and digest stay: the registry API knows neither better.
				detailed.set(tag, {...tag, images: detail.images, full_size: detail.full_size ?? tag.full_size ?? null});
			}),
		);
	} catch (error) {
		if (!(error instanceof HubError)) throw error;
		return {...data, detailsFailure: {error, credentials: registry}};
	}
	const replace = (tag: Tag) => detailed.get(tag) ?? tag;
	const lookups = new Map([...data.lookups].map(([name, found]) => [name, found.ok && found.value ? {ok: true as const, value: replace(found.value)} : found]));
	return {...data, tags: {ok: true, value: {...data.tags.value, tags: data.tags.value.tags.map(replace)}}, lookups};
}
