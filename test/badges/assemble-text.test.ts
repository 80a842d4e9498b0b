import {describe, expect, it} from 'vitest';
import {imageAssembler} from '../../src/badges/assemble.ts';
import {HubError} from '../../src/hub/errors.ts';
import type {PlannedImage} from '../../src/plan.ts';
import type {Manifest} from '../../src/render/manifest.ts';
import {image, imageData, repository, tag, withTags} from './factories.ts';

const hostile = '\u0001\u001b[31mred\n::error::pwned\u202e';
const megabyte = 'x'.repeat(1024 * 1024);
const now = new Date('2026-01-01T00:00:00Z');
const planned: PlannedImage = {
	namespace: 'myorg',
	repo: 'app',
	key: 'myorg/app',
	tags: {allPages: false, siblings: [], named: [], latest: true},
	badges: [
		{kind: 'pulls', file: 'pulls', style: 'flat'},
		{kind: 'platforms', file: 'platforms', style: 'flat'},
	],
};
const assemble = (previous?: Manifest, redact?: (text: string) => string) => imageAssembler({now, authenticated: true, previous, redact});

describe('text entering the manifest from Docker Hub', () => {
	it('is cleaned and cut: a description, and a message made of names Docker Hub gave', () => {
		const data = withTags([tag('latest', {images: [image('amd64'), image(`arm64${hostile}${megabyte}`)]})], {
			repository: {ok: true, value: repository({description: `${hostile}${megabyte}`})},
		});
		const entry = assemble()(planned, data);
		expect(entry.description).toHaveLength(300);
		expect(entry.description!.startsWith('[31mred ::error::pwnedxxx')).toBe(true);
		expect(entry.badges[1]!.message).toHaveLength(256);
		expect(entry.badges[1]!.message.startsWith('amd64 | arm64[31mred ::error::pwnedxxx')).toBe(true);
	});

	it('quoted in an error is cut before the advice, which always shows', () => {
		const data = imageData({repository: {ok: false, error: new HubError('not-found', `Docker Hub answered 404 (${hostile}${megabyte})`, 404)}});
		const {problem} = assemble()(planned, data).badges[0]!;
		expect(problem).toMatch(/^Docker Hub answered 404 \(\[31mred ::error::pwnedx+…; check the image name, and that the DOCKERHUB_USERNAME account can read it$/);
		expect(problem!.length).toBeLessThanOrEqual(500);
	});
});

describe('the redactor', () => {
	const redact = (text: string) => text.replaceAll('dckr_pat_demo', '[redacted]');

	it('sees Docker Hub text after its control characters are gone', () => {
		const data = imageData({
			repository: {ok: false, error: new HubError('forbidden', 'Docker Hub refused access (403 you sent dckr_pat\u0001_demo)', 403)},
		});
		expect(assemble(undefined, redact)(planned, data).badges[0]!.problem).toMatch(/^Docker Hub refused access \(403 you sent \[redacted\]\);/);
	});

	it('sees what a previous manifest lends', () => {
		const previous: Manifest = {
			generatedAt: now.toISOString(),
			sources: {dockerhub: 'https://hub.docker.com'},
			images: [
				{
					image: 'myorg/app',
					namespace: 'myorg',
					repo: 'app',
					description: 'about dckr_pat_demo',
					badges: [{kind: 'pulls', file: 'pulls', path: 'badges/myorg/app/pulls.svg', label: 'docker pulls', message: 'dckr_pat_demo', color: 'blue', style: 'flat', isError: false, fetchedAt: now.toISOString()}],
				},
			],
		};
		const data = imageData({repository: {ok: false, error: new HubError('unavailable', 'Docker Hub answered 503 (after 3 tries)', 503)}});
		const entry = assemble(previous, redact)(planned, data);
		expect(entry.badges[0]).toMatchObject({message: '[redacted]', stale: true});
		expect(entry.description).toBe('about [redacted]');
	});
});

describe('a previous value', () => {
	it('stands in only for the badge of its own image and file', () => {
		const lent = {kind: 'pulls', path: 'badges/myorg/app/pulls.svg', label: 'docker pulls', color: 'blue', style: 'flat', isError: false, fetchedAt: now.toISOString()} as const;
		// Image `myorg` with file `app/pulls` reads as `myorg/app/pulls`, the key of myorg/app's pulls badge.
		const previous: Manifest = {
			generatedAt: now.toISOString(),
			sources: {dockerhub: 'https://hub.docker.com'},
			images: [{image: 'myorg', namespace: 'myorg', repo: '', description: null, badges: [{...lent, file: 'app/pulls', message: 'pwned'}]}],
		};
		const data = imageData({repository: {ok: false, error: new HubError('unavailable', 'Docker Hub answered 503 (after 3 tries)', 503)}});
		expect(assemble(previous)(planned, data).badges[0]!.message).toBe('inaccessible');
	});
});
