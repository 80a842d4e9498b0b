import type {BadgeSpec} from '../config/schema.ts';

/**
 * What a registry can show, known before any request: the config refuses a badge its
 * registry cannot draw (with the reason, at file:line:col) and gives its badges the
 * registry's defaults. Pure; the fetching half of an adapter is in `adapters.ts`.
 */
export type RegistryRules = {
	/** Which adapter fetches its images (`adapters.ts`). */
	adapter: 'oci' | 'quay';
	/** How messages name it: `ghcr.io`, `registry.example.com:5000`. */
	name: string;
	/** Why the registry cannot show this badge; undefined when it can. */
	refuse(badge: BadgeSpec): string | undefined;
	/** The badge as this registry reads it when the user left an option out (applied after the file name is chosen). */
	withDefaults(badge: BadgeSpec): BadgeSpec;
	/** The badges of `defaults.badges` an image of this registry gets: those it can show. */
	canShow(badge: BadgeSpec): boolean;
	/** What it can show and why not the rest, in a sentence, for `npm run check`. */
	explain: string;
};

const noPullCounts = 'has no pull or star counts: the OCI Distribution API, the only one it offers, serves manifests, tags and blobs, not statistics';
const noTagDates = 'tag lists carry no push dates, so the newest tag is not known; a version badge sorts tags by version (sort: semver, the default here)';
const noDigestSiblings = 'matching a tag\'s siblings by digest would cost one manifest request per tag; show the tag with a size, updated or platforms badge, or the highest version with sort: semver';

/** GHCR, and any registry that speaks the OCI Distribution API. */
function ociRules(host: string): RegistryRules {
	const name = host;
	return {
		adapter: 'oci',
		name,
		refuse(badge) {
			if (badge.kind === 'pulls' || badge.kind === 'stars' || badge.kind === 'chart') {
				return `${name} ${noPullCounts}`;
			}
			if (badge.kind === 'version' && badge.sort === 'date') {
				return `sort: date is not offered on ${name}: ${noTagDates}`;
			}
			if (badge.kind === 'version' && badge.tag !== undefined) {
				return `tag on a version badge is not offered on ${name}: ${noDigestSiblings}`;
			}
			return undefined;
		},
		withDefaults(badge) {
			return badge.kind === 'version' && badge.sort === undefined ? {...badge, sort: 'semver'} : badge;
		},
		canShow(badge) {
			return this.refuse(badge) === undefined;
		},
		explain: `${name} speaks the OCI Distribution API: it shows version (the highest by semver), size, updated and platforms; not pulls or stars (the API serves manifests, tags and blobs, not statistics), and no version by date (tag lists carry no push dates).`,
	};
}

const quayNoTotal = 'quay.io counts pulls per day for about three months and keeps no lifetime total';

/** Quay.io: its API has tags with push dates and daily pull counts; platforms come from its registry API. */
function quayRules(): RegistryRules {
	return {
		adapter: 'quay',
		name: 'quay.io',
		refuse(badge) {
			if (badge.kind === 'pulls' && badge.per === undefined) {
				return `${quayNoTotal}; show the pulls of a period with per: day, week or month`;
			}
			if (badge.kind === 'pulls' && badge.per === 'year') {
				return `${quayNoTotal}, so not a year's; use per: day, week or month`;
			}
			if (badge.kind === 'stars') {
				return 'quay.io\'s API gives no star count (only whether the caller starred the repository)';
			}
			if (badge.kind === 'chart') {
				return `${quayNoTotal}, and a chart draws the total over time`;
			}
			return undefined;
		},
		withDefaults(badge) {
			return badge;
		},
		canShow(badge) {
			return this.refuse(badge) === undefined;
		},
		explain:
			'quay.io has an API of its own beside the registry: it shows version (by date or semver, with tag siblings), size, updated, platforms, and pulls per day, week or month (from its daily counts of about three months); not a pulls total or a chart of it (it keeps none), or stars (its API gives no count).',
	};
}

/** The rules of the registry at `host` (as parseImageName gives it); Docker Hub images have none. */
export function registryRules(host: string): RegistryRules {
	return host === 'quay.io' ? quayRules() : ociRules(host);
}
