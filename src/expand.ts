import {parseImageName} from './config/image-name.ts';
import type {Config, ConfiguredImage, ConfiguredWildcard} from './config/load.ts';
import {fetchNamespacePage} from './fetchers/namespace.ts';
import {pageSize} from './fetchers/paths.ts';
import type {Repository} from './fetchers/schemas.ts';
import type {HubClient} from './hub/client.ts';
import {HubError} from './hub/errors.ts';

// 10,000 repositories: more than any organization on Docker Hub has, and a bound on what a hostile `count` can cost.
const maxListingPages = 100;

export type Expansion = {
	/** The configured images, then each wildcard's repositories in name order. */
	images: ConfiguredImage[];
	/** What the listings said of each repository, so the build does not ask again. */
	listed: Map<string, Repository>;
	/** One per wildcard whose listing could not be read; an error when no previous build knew its images either. */
	problems: Array<{message: string; error: boolean}>;
};

/**
 * Turns every `namespace/*` into the repositories its listing returns (private ones too
 * when logged in), less `exclude` and the images listed on their own. A listing that
 * cannot be read falls back to the namespace's images of the previous build, so a bad
 * minute at Docker Hub does not drop them from the site.
 */
export async function expandWildcards(config: Config, hub: HubClient, previousImages: readonly string[]): Promise<Expansion> {
	const listed = new Map<string, Repository>();
	const problems: Expansion['problems'] = [];
	const explicit = new Set(config.images.map(image => `${image.namespace}/${image.repo}`));
	const expansions = await Promise.all(
		config.wildcards.map(async wildcard => {
			let names: string[];
			try {
				const {repositories, leftOut, claimed} = await listWholeNamespace(hub, wildcard.namespace);
				for (const repository of repositories) {
					listed.set(`${wildcard.namespace}/${repository.name}`, repository);
				}
				names = repositories.map(repository => repository.name);
				if (leftOut > 0) {
					problems.push({message: `${wildcard.namespace}/*: ${leftOut} listed repositories left out, their names not ones Docker Hub gives to ${wildcard.namespace}'s repositories`, error: false});
				}
				if (claimed > maxListingPages * pageSize) {
					problems.push({message: `${wildcard.namespace}/*: the listing claims ${claimed} repositories; only the first ${maxListingPages * pageSize} are read`, error: false});
				}
			} catch (error) {
				if (!(error instanceof HubError)) throw error;
				names = previousImages.filter(key => key.startsWith(`${wildcard.namespace}/`)).map(key => key.slice(wildcard.namespace.length + 1));
				problems.push({
					message: `${wildcard.namespace}/* not expanded (${error.message}); ${names.length > 0 ? `its ${names.length} image(s) of the previous build are kept` : 'no previous build lists its images'}`,
					error: names.length === 0,
				});
			}
			return imagesOf(wildcard, names, explicit);
		}),
	);
	return {images: [...config.images, ...expansions.flat()], listed, problems};
}

/** A wildcard's images: in name order, without those excluded or listed on their own. */
export function imagesOf(wildcard: ConfiguredWildcard, names: readonly string[], explicit: ReadonlySet<string>): ConfiguredImage[] {
	const excluded = new Set(wildcard.exclude);
	return [...new Set(names)]
		.filter(name => !excluded.has(name) && !explicit.has(`${wildcard.namespace}/${name}`))
		.sort()
		.map(repo => ({namespace: wildcard.namespace, repo, badges: wildcard.badges}));
}

/**
 * Every page of a namespace's listing, up to the page cap. Repositories whose name could
 * not be Docker's, or that belong elsewhere, are left out and counted: they can only come
 * from a broken or hostile server, and would otherwise vanish from the site unexplained.
 */
async function listWholeNamespace(hub: HubClient, namespace: string): Promise<{repositories: Repository[]; leftOut: number; claimed: number}> {
	const first = await fetchNamespacePage(hub, namespace, 1);
	const pages = Math.min(Math.ceil(first.count / pageSize), maxListingPages);
	const rest = await Promise.all(Array.from({length: Math.max(0, pages - 1)}, async (_, index) => fetchNamespacePage(hub, namespace, index + 2, first.next)));
	const all = [first, ...rest].flatMap(page => page.results);
	const repositories = all.filter(repository => {
		const parsed = parseImageName(`${namespace}/${repository.name}`);
		return repository.namespace === namespace && !('error' in parsed) && parsed.repo === repository.name;
	});
	return {repositories, leftOut: all.length - repositories.length, claimed: first.count};
}
