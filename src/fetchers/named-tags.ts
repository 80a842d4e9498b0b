import type {Fetched} from '../badges/types.ts';
import type {TagNeeds} from '../plan.ts';
import type {Tag} from './schemas.ts';
import {settle} from './settle.ts';

/**
 * The tags badges name (and `latest`, for those that default to it) that the pages read did
 * not hold, each asked for on its own; none when the list read is whole, since a tag missing
 * from a whole list does not exist. `fetchOne` answers null where the registry has no such tag.
 */
export async function lookUpNamedTags(
	needs: TagNeeds,
	read: {has(name: string): boolean},
	complete: boolean,
	fetchOne: (name: string) => Promise<Tag | null>,
): Promise<Map<string, Fetched<Tag | null>>> {
	const lookups = new Map<string, Fetched<Tag | null>>();
	if (complete) {
		return lookups;
	}
	const wanted = needs.latest ? [...needs.named, 'latest'] : needs.named;
	await Promise.all(
		[...new Set(wanted)]
			.filter(name => !read.has(name))
			.map(async name => {
				lookups.set(name, await settle(fetchOne(name)));
			}),
	);
	return lookups;
}
