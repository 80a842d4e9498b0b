import {setImmediate} from 'node:timers/promises';
import pMap from 'p-map';
import {siblingSearchOpen} from './badges/tag-choice.ts';
import type {Fetched, ImageData, TagList} from './badges/types.ts';
import {lookUpNamedTags} from './fetchers/named-tags.ts';
import {fetchNamespacePage} from './fetchers/namespace.ts';
import {settle} from './fetchers/settle.ts';
import {HubError} from './hub/errors.ts';
import {pageSize} from './fetchers/paths.ts';
import {fetchRepository} from './fetchers/repository.ts';
import type {Repository, Tag} from './fetchers/schemas.ts';
import {fetchTag} from './fetchers/tag.ts';
import {fetchTagsPage, type ReadTagsPage} from './fetchers/tags.ts';
import {sortNewestFirst} from './fetchers/timestamp.ts';
import type {HubClient} from './hub/client.ts';
import type {RegistryImage} from './fetchers/adapter.ts';
import {isRegistryImage} from './fetchers/other-registries.ts';
import {shouldReadRemainingPages, type Plan, type PlannedImage, type TagNeeds} from './plan.ts';
import {noTagReuse, type TagReuse} from './tag-reuse.ts';

// Docker Hub answers 403 to anonymous paging past offset 1,000.
const anonymousPageLimit = 10;
// 5,000 tags: more than nearly any image has, and a bound on what a hostile `count` can cost.
const authenticatedPageLimit = 50;

/**
 * Runs the plan: every image's repository and tags fetched once, many at a time
 * (the hub client keeps it within the concurrency and the rate limit), each image
 * handed to `use` as soon as its data is complete. One image's failure is recorded
 * in its data, never thrown. Results come back in the plan's order.
 */
export async function collect<T>(
	plan: Plan,
	hub: HubClient,
	use: (image: PlannedImage, data: ImageData) => T,
	/** Repositories a wildcard's listing already returned. */
	listed: ReadonlyMap<string, Repository> = new Map(),
	/** Whether an image's tag badges may be carried over from the previous build instead of reading its tags. */
	reuse: TagReuse = noTagReuse,
	/** An image on another registry: its adapter's data (src/fetchers/other-registries.ts). */
	fetchElsewhere?: (image: RegistryImage) => Promise<ImageData>,
): Promise<T[]> {
	// Listings start when their namespace's first image does, and are shared by the rest.
	const listingMembers = new Map(plan.listings.map(listing => [listing.namespace, listing.images]));
	const listings = new Map<string, Promise<Map<string, Fetched<Repository>>>>();
	const repositoryOf = async (image: PlannedImage): Promise<Fetched<Repository>> => {
		const known = listed.get(image.key);
		if (known) {
			return {ok: true, value: known};
		}
		const members = listingMembers.get(image.namespace);
		if (!members) {
			return settle(fetchRepository(hub, image));
		}
		let listing = listings.get(image.namespace);
		if (!listing) {
			listing = listRepositories(hub, image.namespace, members);
			listings.set(image.namespace, listing);
		}
		return (await listing).get(image.key)!;
	};

	// A bounded window of images in progress keeps every request slot busy while
	// holding a few dozen responses in memory instead of all of them.
	return pMap(
		plan.images,
		async image => {
			if (isRegistryImage(image)) {
				if (!fetchElsewhere) throw new Error(`${image.key} is on another registry, and collect was given no way to fetch it`);
				const data = await fetchElsewhere(image);
				await setImmediate();
				return use(image, data);
			}
			// The repository first: its last_updated may make the tags unnecessary, and read after it, they hold every push it shows.
			const repository = await repositoryOf(image);
			const carried = image.tags && repository.ok ? reuse(image)?.(repository.value) : undefined;
			const tagData = carried ? {lookups: new Map(), carried} : await collectTags(hub, image, image.tags);
			// Making the badges is CPU work: let the answers that have arrived free their
			// request slots first, so the next requests leave before it starts.
			await setImmediate();
			return use(image, {repository, ...tagData});
		},
		{concurrency: hub.concurrency * 4},
	);
}

/** Reads a namespace listing and falls back to one call per repository it did not cover. */
async function listRepositories(hub: HubClient, namespace: string, images: PlannedImage[]): Promise<Map<string, Fetched<Repository>>> {
	const answers = new Map<string, Fetched<Repository>>();
	const wanted = new Set(images.map(image => image.key));
	const record = (results: Repository[]) => {
		for (const repository of results) {
			const key = `${namespace}/${repository.name}`;
			if (wanted.has(key)) {
				answers.set(key, {ok: true, value: repository});
			}
		}
	};

	const first = await settle(fetchNamespacePage(hub, namespace, 1));
	if (first.ok) {
		record(first.value.results);
		const pages = Math.ceil(first.value.count / pageSize);
		const missing = images.filter(image => !answers.has(image.key)).length;
		if (missing > 0 && pages > 1 && shouldReadRemainingPages(pages, missing)) {
			const rest = await Promise.all(
				range(2, pages).map(async page =>
					settle(fetchNamespacePage(hub, namespace, page, first.value.next)),
				),
			);
			for (const page of rest) {
				if (page.ok) {
					record(page.value.results);
				}
			}
		}
	}

	// Not listed: private and anonymous, renamed, or the listing failed. Its own call says which.
	await Promise.all(
		images
			.filter(image => !answers.has(image.key))
			.map(async image => {
				answers.set(image.key, await settle(fetchRepository(hub, image)));
			}),
	);
	return answers;
}

type TagData = Pick<ImageData, 'tags' | 'lookups' | 'carried'>;

async function collectTags(hub: HubClient, image: PlannedImage, needs: TagNeeds | undefined): Promise<TagData> {
	if (!needs) {
		return {lookups: new Map()};
	}

	const first = await settle(fetchTagsPage(hub, image, 1));
	if (!first.ok) {
		return {tags: first, lookups: new Map()};
	}

	const {count, next} = first.value;
	const pages = Math.ceil(count / pageSize);
	// However many tags Docker Hub claims, a badge reads at most this many pages.
	const last = Math.min(pages, hub.authenticated ? authenticatedPageLimit : anonymousPageLimit);
	const tags = new Map<string, Tag>();
	let dropped = 0;
	let pagesRead = 0;
	let pageError: HubError | undefined;
	const add = (page: Fetched<ReadTagsPage>) => {
		pagesRead++;
		// Page 1 still serves the other badges; the badges needing more see the list is not whole.
		if (!page.ok) {
			pageError ??= page.error;
			return;
		}
		dropped += page.value.dropped;
		for (const tag of page.value.results) {
			// Tags pushed while we read move between pages; the first sighting is the newest.
			if (!tags.has(tag.name)) {
				tags.set(tag.name, tag);
			}
		}
	};
	const read = async (page: number) => settle(fetchTagsPage(hub, image, page, next));
	const newestFirst = () => sortNewestFirst(tags.values());
	const searching = () => {
		if (needs.siblings.length === 0) return false;
		const sorted = newestFirst();
		return needs.siblings.some(target => siblingSearchOpen(sorted, target));
	};

	add(first);
	if (needs.allPages) {
		for (const page of await Promise.all(range(2, last).map(read))) {
			add(page);
		}
	}
	// A version badge matching by digest reads on, page by page, only until its answer is in the tags read.
	while (pagesRead < last && !pageError && searching()) {
		add(await read(pagesRead + 1));
	}

	const list: TagList = {
		tags: newestFirst(),
		count,
		complete: tags.size + dropped >= count,
		capped: pagesRead === last && last < pages,
		pageError,
		dropped,
	};
	const lookups = await lookUpNamedTags(needs, tags, list.complete, async name =>
		fetchTag(hub, image, name).catch((error: unknown) => {
			// Docker Hub answers 404 for a tag it does not have.
			if (error instanceof HubError && error.failure === 'not-found') return null;
			throw error;
		}),
	);
	return {tags: {ok: true, value: list}, lookups};
}

function range(from: number, to: number): number[] {
	return Array.from({length: Math.max(0, to - from + 1)}, (_, index) => from + index);
}
