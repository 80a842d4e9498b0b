import {describe, expect, it} from 'vitest';
import {periodPullsFrom, tagFromQuay} from '../../src/fetchers/quay/image-data.ts';
import type {QuayTag} from '../../src/fetchers/quay/schemas.ts';

describe('tagFromQuay', () => {
	const quayTag = (fields: Partial<QuayTag>): QuayTag => ({name: '2.4.1', start_ts: 1_717_243_200, manifest_digest: 'sha256:aa', is_manifest_list: false, size: 31_457_280, ...fields});

	it.each([
		['a single manifest: its size', quayTag({}), {name: '2.4.1', last_updated: '2024-06-01T12:00:00.000Z', digest: 'sha256:aa', full_size: 31_457_280, images: []}],
		['a manifest list: no size of its own', quayTag({is_manifest_list: true, size: null}), {name: '2.4.1', last_updated: '2024-06-01T12:00:00.000Z', digest: 'sha256:aa', full_size: null, images: []}],
		['no push time', quayTag({start_ts: null}), {name: '2.4.1', last_updated: null, digest: 'sha256:aa', full_size: 31_457_280, images: []}],
		['no digest', quayTag({manifest_digest: null}), {name: '2.4.1', last_updated: '2024-06-01T12:00:00.000Z', digest: null, full_size: 31_457_280, images: []}],
	])('%s', (_case, tag, expected) => {
		expect(tagFromQuay(tag)).toEqual(expected);
	});
});

describe('periodPullsFrom: Quay’s daily counts added up per period', () => {
	const now = new Date('2024-06-10T08:00:00Z');
	/** Days 1 to n before 2024-06-10, each counting `count`, in quay's order: counted days first, zeros after. */
	const days = (n: number, count: (back: number) => number) =>
		Array.from({length: n}, (_, index) => ({date: new Date(Date.UTC(2024, 5, 10) - (index + 1) * 86_400_000).toISOString().slice(0, 10), count: count(index + 1)}));

	it.each([
		['91 days of 10: the day, week and month before today', days(91, () => 10), {day: 10, week: 70, month: 300}],
		['yesterday alone is the day', days(91, back => (back === 1 ? 7 : 1)), {day: 7, week: 13, month: 36}],
		['today, if listed, is never counted: it is not over', [{date: '2024-06-10', count: 999}, ...days(91, () => 1)], {day: 1, week: 7, month: 30}],
		['a day listed twice (counted, then zero-filled) counts once', [...days(91, () => 0), {date: '2024-06-09', count: 5}], {day: 5, week: 5, month: 5}],
		['in any order', days(91, back => back).reverse(), {day: 1, week: 28, month: 465}],
		['only 10 days reported: no month', days(10, () => 2), {day: 2, week: 14}],
		['nothing reported', [], {}],
	])('%s', (_case, stats, expected) => {
		expect(periodPullsFrom(stats, now)).toEqual(expected);
	});
});
