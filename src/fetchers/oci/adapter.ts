import type {Fetched, ImageData, TagList} from '../../badges/types.ts';
import {defaultImage, imageFor} from '../../badges/tag-choice.ts';
import {highestVersion} from '../../badges/version.ts';
import type {ConfiguredBadge} from '../../config/load.ts';
import {repositoryPath} from '../../config/image-name.ts';
import {single} from '../../hub/header.ts';
import {HubError} from '../../hub/errors.ts';
import type {PlannedImage} from '../../plan.ts';
import type {OpenRegistry, RegistryAccess, RegistryAdapter, RegistryImage} from '../adapter.ts';
import type {Image, Repository, Tag} from '../schemas.ts';
import {isDockerTag} from '../tag-names.ts';
import {nextLink} from './challenge.ts';
import {imageConfigSchema, manifestSchema, tagsListSchema, type ImageConfig, type ImageIndex, type ImageManifest} from './schemas.ts';
import {OciSession} from './session.ts';

// n per page: registries may send fewer, and say so with a Link.
const tagsPerPage = 1000;
// More than nearly any repository has, and a bound on what a hostile registry costs: the pages
// bound the requests of a Link chain, the names the memory and work of pages larger than asked for.
const maxTagPages = 20;
const maxTagNames = 20_000;
const manifestTypes = [
	'application/vnd.oci.image.index.v1+json',
	'application/vnd.docker.distribution.manifest.list.v2+json',
	'application/vnd.oci.image.manifest.v1+json',
	'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');
const configTypes = 'application/vnd.oci.image.config.v1+json, application/vnd.docker.container.image.v1+json, application/json';
// The OCI image spec's digest grammar, for the algorithms registries use: digests come from the registry and go into paths.
const digestPattern = /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
const createdAnnotation = 'org.opencontainers.image.created';
const descriptionAnnotation = 'org.opencontainers.image.description';

/** What the badges of one tag need beyond its name. */
export type TagNeed = {platforms: boolean; date: boolean; sizes: Array<{arch: string | undefined; variant: string | undefined}>};

/**
 * GHCR and any OCI Distribution registry. Which requests an image costs:
 * - once per build and registry, `GET /v2/`: how the registry wants to be asked (session.ts);
 * - a pull token from the realm, when the registry uses the token flow (GHCR does);
 * - `tags/list`, one page per 1,000 tags, following the Link (at most 20 pages and 20,000 names);
 * - per tag a size, updated or platforms badge reads: its manifest (an index, or a single image's);
 * - per platform a size badge measures: that platform's manifest (layers + config = the size);
 * - for updated without a `created` annotation: the default platform's manifest and its config
 *   blob, which GHCR redirects to its storage (one more request, another origin, no credentials);
 *   a single-platform image's config also tells its platform.
 * A version badge alone costs the token and the tag pages. Nothing is asked for twice: tags
 * sharing a platform manifest or a config read it once. Attestations are never read.
 */
export const ociAdapter: RegistryAdapter = {
	open(access: RegistryAccess): OpenRegistry {
		const session = new OciSession(access);
		return {fetch: async image => fetchImage(session, image)};
	},
	estimate(image: PlannedImage) {
		const needs = needsOf(image.badges, undefined);
		// The token, the first page of tags, and each tag's manifest.
		return {minimum: 2 + needs.size, mayNeedMore: [...needs.values()].some(need => need.sizes.length > 0 || need.date)};
	},
	once: 1,
};

async function fetchImage(session: OciSession, image: RegistryImage): Promise<ImageData> {
	const repository = repositoryPath(image);
	const read = await readTags(session, repository);
	const needs = needsOf(image.badges, read.names);
	const reader = new ManifestReader(session, repository);
	const details = new Map<string, Fetched<Tag>>();
	const descriptions = new Map<string, string>();
	await Promise.all(
		[...needs].map(async ([name, need]) => {
			try {
				const detail = await reader.tag(name, need);
				details.set(name, {ok: true, value: detail.tag});
				if (detail.description !== undefined) descriptions.set(name, detail.description);
			} catch (error) {
				if (!(error instanceof HubError)) throw error;
				details.set(name, {ok: false, error});
			}
		}),
	);

	// Tag lists carry no dates: the tags read in detail come first (the default tag first of all,
	// which is what a badge without `tag` reads), the others after in the registry's order.
	const fallback = defaultTagName(read.names);
	const detailed = [...needs.keys()]
		.toSorted((a, b) => Number(b === fallback) - Number(a === fallback))
		.flatMap(name => {
			const detail = details.get(name);
			return detail?.ok ? [detail.value] : [];
		});
	const failed = [...details].flatMap(([name, detail]) => (detail.ok ? [] : [{name, error: detail.error}]));
	const rest = read.names.filter(name => !needs.has(name)).map((name): Tag => ({name, images: []}));
	const list: TagList = {
		tags: [...detailed, ...rest],
		// The failed tags are among the names: counted once.
		// A tag list gives no total: past the cap, how many there are is not known.
		count: read.capped ? undefined : read.names.length + read.dropped,
		// A tag whose manifest could not be read is missing from the list: it is not whole.
		complete: read.complete && failed.length === 0,
		capped: read.capped,
		order: 'registry',
		dropped: read.dropped,
		pageError: read.pageError ?? failed[0]?.error,
	};
	const facts: Repository = {
		name: image.repo,
		namespace: image.namespace,
		// The image's own words: the default tag's description annotation, when it was read.
		description: (fallback && descriptions.get(fallback)) ?? null,
		is_private: false,
		// Never shown: the config refuses pulls and stars on these registries.
		pull_count: 0,
		star_count: 0,
		last_updated: null,
	};
	// A badge without `tag` reads the list's first tag, the default one; when that could not be read,
	// no other tag may stand in for it: the tag badges keep their last good values. (`latest` needs
	// no such care: the badges find its failure among the lookups.)
	const defaultFailure = fallback === 'latest' ? undefined : failed.find(({name}) => name === fallback)?.error;
	return {
		repository: {ok: true, value: facts},
		tags: defaultFailure ? {ok: false, error: defaultFailure} : {ok: true, value: list},
		lookups: new Map(failed.map(({name, error}) => [name, {ok: false, error}])),
	};
}

type ReadTags = {names: string[]; dropped: number; complete: boolean; capped: boolean; pageError: HubError | undefined};

/**
 * Every page of `tags/list`, following the registry's Link, up to the caps; a later page that
 * fails leaves the list partial, and a Link back to a page already read ends it.
 */
async function readTags(session: OciSession, repository: string): Promise<ReadTags> {
	const names: string[] = [];
	let dropped = 0;
	let target: string | undefined = `/v2/${repository}/tags/list?n=${tagsPerPage}`;
	const read = new Set<string>();
	let pageError: HubError | undefined;
	let capped = false;
	while (target !== undefined && !read.has(pageKey(target, session))) {
		if (read.size === maxTagPages || names.length + dropped === maxTagNames) {
			capped = true;
			break;
		}
		read.add(pageKey(target, session));
		let answer;
		try {
			answer = await session.get(repository, target, 'application/json');
			const tags = session.client.parse(answer, tagsListSchema).tags ?? [];
			const room = maxTagNames - names.length - dropped;
			for (const name of tags.slice(0, room)) {
				if (isDockerTag(name)) names.push(name);
				else dropped++;
			}
			// A page larger than asked for, past the cap: the rest of it is not read.
			if (tags.length > room) {
				capped = true;
				break;
			}
		} catch (error) {
			// The first page is the repository's answer: its failure is the image's.
			if (read.size === 1 || !(error instanceof HubError)) throw error;
			pageError = error;
			break;
		}
		target = nextLink(single(answer.headers.link));
	}
	return {names: [...new Set(names)], dropped, complete: !capped && !pageError, capped, pageError};
}

/** Where a Link leads, as a key: it may name a page read already, relative or absolute. */
function pageKey(target: string, session: OciSession): string {
	try {
		return new URL(target, session.client.origin).href;
	} catch {
		// Not an address: asking for it fails that page.
		return target;
	}
}

/**
 * Which tags the badges read beyond their names, and what of each. A badge without `tag`
 * reads the default tag: `latest` when the repository has it, else the highest version
 * (a tag list has no dates to find the newest by). `names` undefined: offline, for the estimate.
 */
function needsOf(badges: readonly ConfiguredBadge[], names: readonly string[] | undefined): Map<string, TagNeed> {
	const fallback = names === undefined ? 'latest' : defaultTagName(names);
	const needs = new Map<string, TagNeed>();
	for (const badge of badges) {
		if (badge.kind !== 'size' && badge.kind !== 'updated' && badge.kind !== 'platforms') continue;
		const name = badge.tag ?? fallback;
		// A named tag missing from the complete list is "tag not found" without asking.
		if (name === undefined || (names !== undefined && !names.includes(name))) continue;
		const need = needs.get(name) ?? {platforms: false, date: false, sizes: []};
		if (badge.kind === 'platforms') need.platforms = true;
		if (badge.kind === 'updated') need.date = true;
		if (badge.kind === 'size') need.sizes.push({arch: badge.arch, variant: badge.variant});
		needs.set(name, need);
	}
	return needs;
}

/** What a badge without `tag` reads: `latest`, else the highest version (a tag list has no dates to find the newest by). */
function defaultTagName(names: readonly string[]): string | undefined {
	return names.includes('latest') ? 'latest' : highestVersion(names);
}

type Detail = {tag: Tag; description: string | undefined};

/** An image's manifests and config blobs, each asked for at most once. */
export class ManifestReader {
	readonly #manifests = new Map<string, Promise<{manifest: ImageIndex | ImageManifest; digest: string | undefined}>>();
	readonly #configs = new Map<string, Promise<ImageConfig>>();

	constructor(
		private readonly session: OciSession,
		private readonly repository: string,
	) {}

	async tag(name: string, need: TagNeed): Promise<Detail> {
		const {manifest, digest} = await this.#manifest(name);
		return 'manifests' in manifest ? this.#fromIndex(name, digest, manifest, need) : this.#fromManifest(name, digest, manifest, need);
	}

	async #fromIndex(name: string, digest: string | undefined, index: ImageIndex, need: TagNeed): Promise<Detail> {
		// Attestations (buildx's provenance and SBOMs) stay in, as unknown/unknown images, as Docker Hub lists them:
		// the badges' own rule (isRunnable) leaves them out of every choice, so none is ever read.
		const platforms = index.manifests.filter(descriptor => descriptor.platform !== undefined);
		const images: Image[] = platforms.map(descriptor => ({
			architecture: descriptor.platform!.architecture,
			os: descriptor.platform!.os,
			variant: descriptor.platform!.variant ?? null,
			digest: descriptor.digest,
			size: null,
		}));
		const shape: Tag = {name, images};
		const measured = new Set<Image>();
		for (const {arch, variant} of need.sizes) {
			const image = arch === undefined && variant === undefined ? defaultImage(shape) : imageFor(shape, arch ?? 'amd64', variant);
			if (image) measured.add(image);
		}
		const dated = need.date && index.annotations?.[createdAnnotation] === undefined ? defaultImage(shape) : undefined;
		const manifests = new Map<Image, ImageManifest>();
		await Promise.all(
			[...new Set([...measured, ...(dated ? [dated] : [])])].map(async image => {
				manifests.set(image, await this.#platformManifest(image.digest!));
			}),
		);
		for (const image of measured) {
			image.size = sizeOf(manifests.get(image)!);
		}
		let created = index.annotations?.[createdAnnotation];
		if (created === undefined && dated) {
			const manifest = manifests.get(dated)!;
			created = manifest.annotations?.[createdAnnotation] ?? (await this.#config(manifest)).created;
		}
		return {tag: {name, digest: digest ?? null, last_updated: created ?? null, images}, description: index.annotations?.[descriptionAnnotation]};
	}

	async #fromManifest(name: string, digest: string | undefined, manifest: ImageManifest, need: TagNeed): Promise<Detail> {
		let created = manifest.annotations?.[createdAnnotation];
		// A single-platform image says its platform only in its config.
		const config = need.platforms || need.sizes.length > 0 || (need.date && created === undefined) ? await this.#config(manifest) : undefined;
		created ??= config?.created;
		const size = sizeOf(manifest);
		const images: Image[] =
			config?.architecture && config.os ? [{architecture: config.architecture, os: config.os, variant: config.variant ?? null, digest: digest ?? null, size}] : [];
		return {tag: {name, digest: digest ?? null, last_updated: created ?? null, full_size: size, images}, description: manifest.annotations?.[descriptionAnnotation]};
	}

	async #platformManifest(digest: string): Promise<ImageManifest> {
		const {manifest} = await this.#manifest(checkedDigest(digest, this.session));
		if ('manifests' in manifest) {
			throw new HubError('invalid-response', `${this.session.name} answered a platform's manifest with an index`);
		}
		return manifest;
	}

	async #manifest(reference: string): Promise<{manifest: ImageIndex | ImageManifest; digest: string | undefined}> {
		let pending = this.#manifests.get(reference);
		if (!pending) {
			// A digest goes as the spec writes it (`sha256:…`, checked); a tag name has nothing to encode, but is encoded anyway.
			const path = `/v2/${this.repository}/manifests/${digestPattern.test(reference) ? reference : encodeURIComponent(reference)}`;
			pending = this.session.get(this.repository, path, manifestTypes).then(answer => {
				const digest = single(answer.headers['docker-content-digest']);
				return {manifest: this.session.client.parse(answer, manifestSchema), digest: digest !== undefined && digestPattern.test(digest) ? digest : undefined};
			});
			this.#manifests.set(reference, pending);
		}
		return pending;
	}

	async #config(manifest: ImageManifest): Promise<ImageConfig> {
		const digest = checkedDigest(manifest.config.digest, this.session);
		let pending = this.#configs.get(digest);
		if (!pending) {
			pending = this.session.blob(this.repository, `/v2/${this.repository}/blobs/${digest}`, configTypes).then(({answer, client}) => client.parse(answer, imageConfigSchema));
			this.#configs.set(digest, pending);
		}
		return pending;
	}
}

/** The compressed image: its layers and its config, as a pull downloads them. */
function sizeOf(manifest: ImageManifest): number {
	return manifest.layers.reduce((sum, layer) => sum + layer.size, manifest.config.size);
}

function checkedDigest(digest: string, session: OciSession): string {
	if (!digestPattern.test(digest)) {
		throw new HubError('invalid-response', `${session.name} sent a digest that is not sha256 or sha512 hex`);
	}
	return digest;
}
