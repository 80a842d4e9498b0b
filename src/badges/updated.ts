import {parseTimestamp} from '../fetchers/timestamp.ts';
import {failure} from './problem.ts';
import {namedTag, newestTag} from './tag-choice.ts';
import type {BadgeContext, BadgeOptions, BadgeResult, ImageData} from './types.ts';

export const updatedLabel = 'last updated';

const dayMs = 24 * 60 * 60 * 1000;

// shields.io's age(): the color steps down as the whole days since the push pass each limit.
const colorsByAge = [
	{before: 7, color: 'brightgreen'},
	{before: 30, color: 'green'},
	{before: 180, color: 'yellowgreen'},
	{before: 365, color: 'yellow'},
	{before: 730, color: 'orange'},
] as const;

export function updated(data: ImageData, options: BadgeOptions, context: BadgeContext): BadgeResult {
	const tag = options.tag ? namedTag(data, options.tag) : newestTag(data);
	if (!tag.ok) return tag;
	// Read strictly: Date would take "1" for 2001-01-01.
	const pushed = parseTimestamp(tag.value.last_updated);
	if (!pushed) {
		return failure('inaccessible', `tag "${tag.value.name}" has no valid last_updated date`);
	}
	return {ok: true, message: new Date(pushed.ms).toISOString().slice(0, 10), color: ageColor(pushed.ms, context.now), pushedAt: pushed.ms};
}

/** The color of a push `pushedMs` old at `now`. */
export function ageColor(pushedMs: number, now: Date): string {
	const days = Math.trunc((now.getTime() - pushedMs) / dayMs);
	return colorsByAge.find(step => days < step.before)?.color ?? 'red';
}
