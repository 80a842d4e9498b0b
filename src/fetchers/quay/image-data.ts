import type {RegistryPeriod} from '../../badges/types.ts';
import type {Tag} from '../schemas.ts';
import type {QuayDailyCount, QuayTag} from './schemas.ts';

const dayMs = 86_400_000;
const periodDays: Record<RegistryPeriod, number> = {day: 1, week: 7, month: 30};

/**
 * A Quay tag as the badges read a tag: its push time, its manifest digest (an index's for a
 * multi-arch tag, shared by every tag pushed as the same image), and its size when it is a
 * single manifest. Quay's list names no platforms: `images` stays empty until the registry
 * API fills them in for the tags a size or platforms badge shows.
 */
export function tagFromQuay(tag: QuayTag): Tag {
	const pushed = tag.start_ts ?? undefined;
	return {
		name: tag.name,
		// Whole seconds: quay keeps milliseconds but sends seconds; ties keep quay's own order.
		last_updated: pushed === undefined ? null : new Date(pushed * 1000).toISOString(),
		digest: tag.manifest_digest ?? null,
		full_size: tag.is_manifest_list ? null : (tag.size ?? null),
		images: [],
	};
}

/**
 * The pulls of the last whole UTC day, 7 days and 30 days before the build's day, added up
 * from Quay's daily counts. Quay reports the 91 days before its own today, so the build's
 * today (partial) is never counted; a period with a day Quay did not report is left out,
 * rather than counted as no pulls.
 */
export function periodPullsFrom(stats: readonly QuayDailyCount[], now: Date): Partial<Record<RegistryPeriod, number>> {
	const byDay = new Map<string, number>();
	for (const {date, count} of stats) {
		// A day listed twice (quay lists counted days, then zero-fills) counts once, at its larger value.
		byDay.set(date, Math.max(byDay.get(date) ?? 0, count));
	}
	const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
	const periods: Partial<Record<RegistryPeriod, number>> = {};
	for (const [period, days] of Object.entries(periodDays) as Array<[RegistryPeriod, number]>) {
		let sum = 0;
		let whole = true;
		for (let back = 1; back <= days; back++) {
			const count = byDay.get(new Date(today - back * dayMs).toISOString().slice(0, 10));
			if (count === undefined) {
				whole = false;
				break;
			}
			sum += count;
		}
		if (whole) periods[period] = sum;
	}
	return periods;
}
