import {sameQuestion} from './badges/same-question.ts';
import {ageColor} from './badges/updated.ts';
import type {BadgeResult, CarriedTags, ImageData} from './badges/types.ts';
import type {ConfiguredBadge} from './config/load.ts';
import type {Repository} from './fetchers/schemas.ts';
import {parseTimestamp} from './fetchers/timestamp.ts';
import type {PlannedImage} from './plan.ts';
import type {PreviousBadge, PreviousManifest} from './build/previous-manifest.ts';
import type {ManifestBadge, ManifestImage} from './render/manifest.ts';

/**
 * How a rebuild decides to skip an image's tags: the whole rule, and what badges.json
 * records for it.
 *
 * Docker Hub moves a repository's `last_updated` with every push, and the listing and
 * repository calls (which the build makes anyway, for pulls and stars) carry it. When it
 * is what the previous build recorded, and that build read the tags less than
 * `fetch.refreshTagsAfter` ago, the tag badges (version, size, updated, platforms) are
 * what reading the tags again would give, so they are carried over. Only a push is
 * seen this way: a deleted tag moves no `last_updated` that Docker documents, which is
 * why the tags are read again after `refreshTagsAfter` whatever it says.
 *
 * A badge is carried only if the previous build showed a good, fresh value for the same
 * question (same file, kind, tag, arch, variant and sort), answered from every tag it
 * needed (no note about unread pages, which depend on the login); otherwise the image's
 * tags are read, as in a full build. `updated`'s color ages with the build's clock, so
 * the push time is kept and the color computed again; badges.yml's `color` and
 * presentation apply as to any value.
 */

/** Kinds whose value comes from the tags. */
const tagKinds: ReadonlySet<ConfiguredBadge['kind']> = new Set(['version', 'size', 'updated', 'platforms']);

export type ReuseOptions = {
	/** The previous build's manifest, already checked to come from the same Docker Hub origin. */
	previous: PreviousManifest | undefined;
	/** The build's clock. */
	now: Date;
	/** `fetch.refreshTagsAfter`. */
	refreshAfterMs: number;
	/** `--full`: read every image's tags. */
	full: boolean;
};

/** Given the repository as this build fetched it, the carried tag badges, or undefined to read the tags. */
export type ReuseCheck = (repository: Repository) => CarriedTags | undefined;

/**
 * The one question collect asks: may this image's tag data be reused? Undefined: no,
 * read the tags. A check: yes, if the repository's `last_updated` has not moved.
 */
export type TagReuse = (image: PlannedImage) => ReuseCheck | undefined;

export const noTagReuse: TagReuse = () => undefined;

export function tagReuse({previous, now, refreshAfterMs, full}: ReuseOptions): TagReuse {
	if (full || !previous) {
		return noTagReuse;
	}
	const previousImages = new Map(previous.images.map(image => [image.image, image]));
	return image => {
		const before = previousImages.get(image.key);
		const readAt = Date.parse(before?.tagsReadAt ?? '');
		// A clock gone backwards (SOURCE_DATE_EPOCH) makes the read time a future one: read again.
		if (!before?.lastUpdated || !(readAt <= now.getTime() && now.getTime() - readAt < refreshAfterMs)) {
			return undefined;
		}
		const badges = new Map<string, Extract<BadgeResult, {ok: true}>>();
		const previousBadges = new Map(before.badges.map(badge => [badge.file, badge]));
		for (const spec of image.badges.filter(badge => tagKinds.has(badge.kind))) {
			const carried = carriedResult(spec, previousBadges.get(spec.file), now);
			if (!carried) {
				return undefined;
			}
			badges.set(spec.file, carried);
		}
		const lastUpdated = before.lastUpdated;
		const tags: CarriedTags = {readAt: before.tagsReadAt!, badges, ...(before.droppedTags === undefined ? {} : {droppedTags: before.droppedTags})};
		return repository => (repository.last_updated === lastUpdated ? tags : undefined);
	};
}

/** The value a previous badge shows again now, or undefined when it cannot stand for a fresh read. */
function carriedResult(spec: ConfiguredBadge, previous: PreviousBadge | undefined, now: Date): Extract<BadgeResult, {ok: true}> | undefined {
	const reuse = previous?.reuse;
	// Only a good, fresh value is recorded with `reuse` (src/badges/assemble.ts): errors and stale values are never carried.
	if (!previous || !reuse || previous.note !== undefined || !sameQuestion(previous, spec)) {
		return undefined;
	}
	if (spec.kind !== 'updated') {
		return {ok: true, message: previous.message, color: reuse.color};
	}
	const pushed = Date.parse(reuse.pushedAt ?? '');
	return Number.isNaN(pushed) ? undefined : {ok: true, message: previous.message, color: ageColor(pushed, now), pushedAt: pushed};
}

/** What badges.json records with a good tag badge so that a later build can carry it: its kind's own color, and the push time `updated` ages from. */
export function badgeReuseFields(kind: ConfiguredBadge['kind'], result: Extract<BadgeResult, {ok: true}>): Pick<ManifestBadge, 'reuse'> {
	if (!tagKinds.has(kind)) {
		return {};
	}
	return {reuse: {color: result.color, ...(result.pushedAt === undefined ? {} : {pushedAt: new Date(result.pushedAt).toISOString()})}};
}

/**
 * What badges.json records with an image for the next build: the repository's
 * `last_updated` and when the tags behind its badges were read (a carried image keeps
 * its first read time, so the tags are read again every `refreshTagsAfter`). Recorded
 * only when both are known: the repository was read before its tags (collect asks in
 * that order), so no push can fall between the two unseen.
 */
export function imageReuseFields(data: ImageData, now: Date): Pick<ManifestImage, 'lastUpdated' | 'tagsReadAt'> {
	const lastUpdated = data.repository.ok ? data.repository.value.last_updated : undefined;
	const readAt = data.carried ? data.carried.readAt : data.tags?.ok ? now.toISOString() : undefined;
	if (readAt === undefined || !parseTimestamp(lastUpdated)) {
		return {};
	}
	return {lastUpdated: lastUpdated!, tagsReadAt: readAt};
}
