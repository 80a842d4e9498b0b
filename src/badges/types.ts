import type {Repository, Tag} from '../fetchers/schemas.ts';
import type {HubError, HubFailure} from '../hub/errors.ts';

export type Fetched<T> = {ok: true; value: T} | {ok: false; error: HubError};

export type TagList = {
	/** Tags as Docker Hub lists them with ordering=last_updated: newest first. */
	tags: Tag[];
	/** The total Docker Hub reports; more than tags.length when only some pages were read. */
	count: number;
	/** Every page was read (semver sorting needs this). */
	complete: boolean;
	/** An anonymous build stopped at Docker Hub's paging limit (1,000 tags): the newest are all here, the oldest are not. */
	capped: boolean;
};

/** Everything fetched for one image; the badge rules read only this. */
export type ImageData = {
	repository: Fetched<Repository>;
	tags: Fetched<TagList>;
	/** Tags asked for by name because they were not among the listed ones; null when Docker Hub answered 404. */
	lookups: ReadonlyMap<string, Fetched<Tag | null>>;
};

export type BadgeOptions = {
	tag?: string | undefined;
	arch?: string | undefined;
	variant?: string | undefined;
	sort?: 'date' | 'semver' | undefined;
};

export type BadgeProblem = 'repo not found' | 'tag not found' | 'architecture not found' | 'inaccessible';

export type BadgeResult =
	| {ok: true; message: string; color: string}
	/** transient: Docker Hub may well answer next build, so the last good badge is worth keeping. */
	| {ok: false; problem: BadgeProblem; detail: string; transient: boolean; cause?: HubFailure};

export type BadgeContext = {now: Date};
