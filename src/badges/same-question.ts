import type {ConfiguredBadge} from '../config/load.ts';
import {badgeOptionsSchema, type BadgeOptions} from '../config/schema.ts';
import type {PreviousBadge} from '../build/previous-manifest.ts';

/** The options that shape a badge's value (tag, arch, variant, sort, per, range, include, exclude): its question. */
export function optionsOf(spec: ConfiguredBadge): BadgeOptions {
	return badgeOptionsSchema.parse(spec);
}

/**
 * Whether a previous build's badge answered the same question as `spec`: the same kind and
 * options. Only then may its value stand in (last-known-good) or be carried over (tag reuse);
 * a file renamed to another kind or tag starts afresh.
 */
export function sameQuestion(previous: Pick<PreviousBadge, 'kind' | 'options'>, spec: ConfiguredBadge): boolean {
	return previous.kind === spec.kind && JSON.stringify(previous.options ?? {}) === JSON.stringify(optionsOf(spec));
}
