import {describe, expect, it} from 'vitest';
import {updated} from '../../src/badges/updated.ts';
import {failed, imageData, lookups, shown, tag, withTags} from './factories.ts';

const now = new Date('2024-06-01T00:00:00Z');
const context = {now};
const dayMs = 24 * 60 * 60 * 1000;

function pushedDaysAgo(days: number): string {
	return new Date(now.getTime() - days * dayMs).toISOString();
}

describe('updated', () => {
	it.each([
		[0, 'brightgreen'],
		[6, 'brightgreen'],
		[6.99, 'brightgreen'],
		[7, 'green'],
		[29, 'green'],
		[30, 'yellowgreen'],
		[179, 'yellowgreen'],
		[180, 'yellow'],
		[364, 'yellow'],
		[365, 'orange'],
		[729, 'orange'],
		[730, 'red'],
		[2000, 'red'],
	])('%d days old is %s', (days, color) => {
		const result = updated(withTags([tag('latest', {last_updated: pushedDaysAgo(days)})]), {}, context);
		expect(result).toMatchObject({ok: true, color});
	});

	it.each([
		['the newest tag', [tag('2.0', {last_updated: '2024-05-20T10:00:00Z'}), tag('latest', {last_updated: '2024-01-01T10:00:00Z'})], undefined, '2024-05-20'],
		['the tag option', [tag('2.0', {last_updated: '2024-05-20T10:00:00Z'}), tag('latest', {last_updated: '2024-01-01T10:00:00Z'})], 'latest', '2024-01-01'],
		['the UTC date', [tag('latest', {last_updated: '2024-05-20T23:30:00-02:00'})], undefined, '2024-05-21'],
		['tag not found without tags', [], undefined, 'tag not found'],
		['tag not found for an unknown tag', [tag('latest')], '1.0', 'tag not found'],
		['inaccessible without a push date', [tag('latest', {last_updated: null})], undefined, 'inaccessible'],
		['inaccessible for an unreadable push date', [tag('latest', {last_updated: 'yesterday'})], undefined, 'inaccessible'],
		['inaccessible for a number Date would read as a year', [tag('latest', {last_updated: '1'})], undefined, 'inaccessible'],
		['a time with nanoseconds', [tag('latest', {last_updated: '2024-05-20T23:59:59.999999999Z'})], undefined, '2024-05-20'],
		['a time without a fraction', [tag('latest', {last_updated: '2024-05-20T00:00:00Z'})], undefined, '2024-05-20'],
	])('shows %s', (_case, tags, name, expected) => {
		expect(shown(updated(withTags(tags), {tag: name}, context))).toBe(expected);
	});

	it.each([
		['a null lookup', imageData({lookups: lookups({'1.2': {ok: true, value: null}})}), 'tag not found'],
		['a tag list 404', imageData({tags: failed('not-found', 404)}), 'repo not found'],
		['a tag list 503', imageData({tags: failed('unavailable', 503)}), 'inaccessible'],
	])('shows %s as %s', (_case, data, expected) => {
		expect(shown(updated(data, {tag: '1.2'}, context))).toBe(expected);
	});
});
