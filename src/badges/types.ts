import type {Series} from '../history/history.ts';
import type {Repository, Tag} from '../fetchers/schemas.ts';
import type {HubError, HubFailure} from '../hub/errors.ts';
import type {CredentialsHint} from './advice.ts';

export type Fetched<T> = {ok: true; value: T} | {ok: false; error: HubError};

export type TagList = {
	/** The tags read, newest push first (sorted here: Docker Hub documents no order for them). */
	tags: Tag[];
	/** The total the registry reports; more than tags.length when only some pages were read. Undefined where it reports none (Quay says only whether more pages follow). */
	count: number | undefined;
	/** Every tag is here (semver sorting and "tag not found" need this). */
	complete: boolean;
	/** Reading stopped at the page cap (50 pages, 10 anonymous) with more pages left: the newest are all here, the oldest are not. */
	capped: boolean;
	/**
	 * The order of `tags` when capped: newest push first (unset: Docker Hub's, Quay's), or the
	 * registry's own (an OCI tags/list, by name as a rule), which says nothing of which are older.
	 */
	order?: 'registry' | undefined;
	/** Names Docker could not have pushed (too long, outside the tag grammar), left out of `tags`. */
	dropped: number;
	/** A later page that could not be read: the list is not whole, for reasons that may pass. */
	pageError?: HubError | undefined;
};

/** Everything fetched for one image; the badge rules read only this. */
export type ImageData = {
	repository: Fetched<Repository>;
	/** Missing when no badge of the image reads tags (only pulls and stars). */
	tags?: Fetched<TagList> | undefined;
	/** Tags asked for by name because they were not among the listed ones; null when Docker Hub answered 404. */
	lookups: ReadonlyMap<string, Fetched<Tag | null>>;
	/** The tag badges of the previous build, carried over instead of reading tags (src/tag-reuse.ts decides). */
	carried?: CarriedTags | undefined;
	/**
	 * Pulls per UTC day as the registry itself counts them (Quay's, about three months). Absent
	 * for registries that count no days (Docker Hub): trend badges read the build's history instead.
	 */
	dailyPulls?: readonly DailyCount[] | undefined;
	/**
	 * Where one API gave the tags and the registry API their platforms and sizes (Quay), and the
	 * registry API failed: only the size and platforms badges fail, with that API's credentials.
	 */
	detailsFailure?: DetailsFailure | undefined;
};

/** Whether credentials were set, and their names, for a failed badge's advice. */
export type CredentialsAccess = {authenticated: boolean; hint: CredentialsHint};

export type DetailsFailure = {error: HubError; credentials: CredentialsAccess};

/** Tag badges carried over from the previous build, by file, with their values for this build's clock. */
export type CarriedTags = {
	/** When the tags were read, by the build that first read them. */
	readAt: string;
	droppedTags?: number;
	badges: ReadonlyMap<string, Extract<BadgeResult, {ok: true}>>;
};

/** One UTC day's pulls: `date` is `2024-06-01`. */
export type DailyCount = {date: string; count: number};

/** The periods a registry's own daily counts cover: Quay keeps about three months. */
export type RegistryPeriod = 'day' | 'week' | 'month';

export type {BadgeOptions} from '../config/schema.ts';

export type BadgeProblem = 'repo not found' | 'tag not found' | 'architecture not found' | 'inaccessible';

export type BadgeResult =
	/** note: what a reader should know about a good value, e.g. that not every tag was read. */
	/** pending: no value yet (a trend collecting data), drawn grey whatever color the badge is given. */
	/** pushedAt: the push time (ms) `updated` ages its color from, kept so that a later build can age a carried badge alike. */
	| {ok: true; message: string; color: string; note?: string; pending?: true; pushedAt?: number}
	/** transient: Docker Hub may well answer next build, so the last good badge is worth keeping. */
	/** credentials: the ones the advice names when not the image's registry's own (Quay's registry API beside its API). */
	| {ok: false; problem: BadgeProblem; detail: string; transient: boolean; cause?: HubFailure; credentials?: CredentialsAccess};

export type BadgeContext = {
	now: Date;
	/** The image's points from earlier builds, oldest first; trend badges add the current totals to them. */
	history?: Series | undefined;
};
