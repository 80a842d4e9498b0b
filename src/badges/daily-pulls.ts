import type {DailyCount, RegistryPeriod} from './types.ts';

const dayMs = 86_400_000;
const periodDays: Record<RegistryPeriod, number> = {day: 1, week: 7, month: 30};

/**
 * The pulls of the last whole UTC day, 7 days or 30 days before the build's day, added up
 * from the registry's daily counts. The build's own day is not over, so never counted;
 * undefined when a day of the period is not among the counts, rather than counted as none.
 */
export function pullsOver(days: readonly DailyCount[], per: RegistryPeriod, now: Date): number | undefined {
	const byDay = new Map<string, number>();
	for (const {date, count} of days) {
		// A day listed twice (quay lists counted days, then zero-fills the rest) counts once, at its larger value.
		byDay.set(date, Math.max(byDay.get(date) ?? 0, count));
	}
	const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
	let sum = 0;
	for (let back = 1; back <= periodDays[per]; back++) {
		const count = byDay.get(new Date(today - back * dayMs).toISOString().slice(0, 10));
		if (count === undefined) return undefined;
		sum += count;
	}
	return sum;
}
