import type {ConfiguredGroup} from '../config/load.ts';
import type {HistoryPoint, Series} from '../history/history.ts';
import type {ManifestBadge, ManifestGroup} from '../render/manifest.ts';
import {chartsOf, isChart, type PullSeries} from './chart.ts';
import {metric} from './metric.ts';
import {dockerBlue, pullsLabel} from './pulls.ts';
import {starsLabel} from './stars.ts';
import {growthPer, trendResult} from './trend.ts';

/** What the build knows of one member: this build's counts when its fetch worked, and its history. */
export type GroupMember = {image: string; fresh: HistoryPoint | undefined; history: Series | undefined};

type Count = 'pulls' | 'stars';

/**
 * A group's badges: its members' counts added up. A member whose fetch failed counts
 * with its last value in the history, and makes the badge stale; one without any makes
 * it an error, since a sum missing a member would be a wrong number, not an old one.
 * Trends read the group's own series: the members' totals added up at each build, from
 * the first build at which every member has one (a member added later would otherwise
 * look like a surge).
 */
export function assembleGroup(group: ConfiguredGroup, members: readonly GroupMember[], now: Date): ManifestGroup {
	const fetchedAt = now.toISOString();
	return {
		name: group.name,
		images: members.map(member => member.image),
		badges: group.badges.filter(spec => !isChart(spec)).map((spec): ManifestBadge => {
			const count: Count = spec.kind;
			const presentation = {
				kind: spec.kind,
				...(spec.per === undefined ? {} : {options: {per: spec.per}}),
				file: spec.file,
				path: groupBadgePath(group.name, spec.file),
				label: spec.label ?? (count === 'pulls' ? pullsLabel : starsLabel),
				style: spec.style,
				...(spec.labelColor === undefined ? {} : {labelColor: spec.labelColor}),
				...(spec.logo === undefined ? {} : {logo: spec.logo}),
			};
			const missing = members.filter(member => !member.fresh && lastValue(member.history, count) === undefined);
			if (missing.length > 0 || members.length === 0) {
				const names = missing.map(member => member.image).join(', ');
				return {
					...presentation,
					message: 'inaccessible',
					color: 'lightgrey',
					isError: true,
					problem: members.length === 0 ? 'the group has no images in this build' : `no value yet for ${names}; the group's total would be wrong without it`,
					fetchedAt: null,
				};
			}
			const stale = members.filter(member => !member.fresh);
			const current = currentTotal(members, count)!;
			const result =
				spec.per === undefined
					? {message: metric(current), color: dockerBlue}
					: trendResult(growthPer(groupSeries(members, count), current, now.getTime() / 1000, spec.per), spec.per, count === 'stars' ? '+' : '');
			const oldest = Math.min(...stale.map(member => lastValue(member.history, count)!.time));
			return {
				...presentation,
				message: result.message,
				color: 'pending' in result ? result.color : (spec.color ?? result.color),
				isError: false,
				...(stale.length > 0
					? {stale: true, problem: `counts the last value of ${stale.map(member => member.image).join(', ')}: its fetch failed`, fetchedAt: new Date(oldest * 1000).toISOString()}
					: {fetchedAt}),
			};
		}),
		...chartsOf(group.badges, file => groupBadgePath(group.name, file)),
	};
}

/** What a group's chart draws: its pull totals over the builds, and now when every member has a value. */
export function groupPulls(members: readonly GroupMember[], now: Date): PullSeries {
	const series = groupSeries(members, 'pulls');
	return {times: series?.times ?? [], values: series?.values ?? [], current: currentTotal(members, 'pulls'), now: now.getTime() / 1000};
}

/** The group's images among those of the build, in the group's order: `namespace/*` stands for every image of the namespace. */
export function groupMembers(group: ConfiguredGroup, images: readonly string[]): string[] {
	const members = group.members.flatMap(member => (member.endsWith('/*') ? images.filter(image => image.startsWith(member.slice(0, -1))) : images.filter(image => image === member)));
	return [...new Set(members)];
}

/** Where a group's badge is written: beside the images' folders, under badges/groups/. */
function groupBadgePath(group: string, file: string): string {
	return `badges/groups/${group}/${file}.svg`;
}

/** The members' counts added up, a member whose fetch failed with its last value; undefined when one has none. */
function currentTotal(members: readonly GroupMember[], count: Count): number | undefined {
	let sum = 0;
	for (const member of members) {
		const value = member.fresh?.[count] ?? lastValue(member.history, count)?.value;
		if (value === undefined) return undefined;
		sum += value;
	}
	return sum;
}

function lastValue(history: Series | undefined, count: Count): {time: number; value: number} | undefined {
	const values = history?.[count];
	for (let index = (values?.length ?? 0) - 1; index >= 0; index--) {
		if (!Number.isNaN(values![index])) return {time: history!.times[index]!, value: values![index]!};
	}
	return undefined;
}

/** The members' totals added up at each build time, each member's last value carried over its gaps; NaN until every member has one. */
function groupSeries(members: readonly GroupMember[], count: Count): {times: readonly number[]; values: Float64Array} | undefined {
	const times = members.find(member => member.history)?.history?.times;
	if (!times) return undefined;
	const carried = new Float64Array(members.length).fill(Number.NaN);
	const values = new Float64Array(times.length);
	for (let index = 0; index < times.length; index++) {
		let sum = 0;
		members.forEach((member, at) => {
			const value = member.history?.[count][index];
			if (value !== undefined && !Number.isNaN(value)) carried[at] = value;
			sum += carried[at]!;
		});
		values[index] = sum;
	}
	return {times, values};
}
