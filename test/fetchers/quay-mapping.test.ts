import {describe, expect, it} from 'vitest';
import {tagFromQuay} from '../../src/fetchers/quay/image-data.ts';
import {quayTagSchema, type QuayTag} from '../../src/fetchers/quay/schemas.ts';

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

describe('quayTagSchema', () => {
	// new Date(seconds * 1000).toISOString() throws past year 275760; no real push is outside 2010 to 2100.
	it.each([
		['start_ts', 1e15],
		['start_ts', 0],
		['end_ts', 5_000_000_000],
		['end_ts', -1],
	])('refuses %s %d', (field, value) => {
		expect(quayTagSchema.safeParse({name: 'a', [field]: value}).success).toBe(false);
	});

	it('takes times within 2010 to 2100', () => {
		expect(quayTagSchema.safeParse({name: 'a', start_ts: 1_717_243_200, end_ts: 1_717_243_260}).success).toBe(true);
	});
});
