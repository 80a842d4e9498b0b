import {describe, expect, it} from 'vitest';
import {buildTimeFrom, hubSettingsFrom} from '../../src/build/settings.ts';

describe('hubSettingsFrom', () => {
	it.each([
		[{}, {baseUrl: 'https://hub.docker.com', credentials: undefined}],
		[{DOCKERHUB_API_URL: 'http://127.0.0.1:8080/'}, {baseUrl: 'http://127.0.0.1:8080', credentials: undefined}],
		[{DOCKERHUB_API_URL: 'http://localhost:8080'}, {baseUrl: 'http://localhost:8080', credentials: undefined}],
		[{DOCKERHUB_USERNAME: ' me ', DOCKERHUB_TOKEN: 'dckr_pat_x'}, {baseUrl: 'https://hub.docker.com', credentials: {username: 'me', secret: 'dckr_pat_x'}}],
		[{DOCKERHUB_USERNAME: '', DOCKERHUB_TOKEN: ''}, {baseUrl: 'https://hub.docker.com', credentials: undefined}],
	])('%j', (env, expected) => {
		expect(hubSettingsFrom(env)).toEqual(expected);
	});

	it.each([
		[{DOCKERHUB_API_URL: 'hub.docker.com'}, 'DOCKERHUB_API_URL is not a URL'],
		[{DOCKERHUB_API_URL: 'ftp://hub.docker.com'}, 'must be an origin'],
		[{DOCKERHUB_API_URL: 'https://hub.docker.com/v2'}, 'must be an origin'],
		[{DOCKERHUB_API_URL: 'http://mirror.example.com'}, 'must use https (plain http only for this machine)'],
		[{DOCKERHUB_USERNAME: 'me'}, 'DOCKERHUB_TOKEN is not set'],
		[{DOCKERHUB_TOKEN: 'dckr_pat_x'}, 'DOCKERHUB_USERNAME is not set'],
	])('refuses %j', (env, message) => {
		expect(() => hubSettingsFrom(env)).toThrow(message);
	});

	it('refuses credentials in the URL without repeating them', () => {
		expect(() => hubSettingsFrom({DOCKERHUB_API_URL: 'https://me:s3cret@hub.docker.com'})).toThrow(/^DOCKERHUB_API_URL must not carry credentials/);
		try {
			hubSettingsFrom({DOCKERHUB_API_URL: 'https://me:s3cret@hub.docker.com'});
		} catch (error) {
			expect((error as Error).message).not.toContain('s3cret');
		}
	});
});

describe('buildTimeFrom', () => {
	it.each([
		[{}, undefined],
		[{SOURCE_DATE_EPOCH: ''}, undefined],
		[{SOURCE_DATE_EPOCH: '0'}, '1970-01-01T00:00:00.000Z'],
		[{SOURCE_DATE_EPOCH: '1700000000'}, '2023-11-14T22:13:20.000Z'],
	])('%j', (env, expected) => {
		expect(buildTimeFrom(env)?.().toISOString()).toBe(expected);
	});

	it.each(['-1', '1.5', '1e9', ' 1', 'yesterday', '9999999999999'])('refuses %j', raw => {
		expect(() => buildTimeFrom({SOURCE_DATE_EPOCH: raw})).toThrow('SOURCE_DATE_EPOCH must be whole seconds');
	});

	it('refuses a time after this machine’s clock, whose points no later build could follow, and takes one within a day of it', () => {
		const inTwoDays = String(Math.floor(Date.now() / 1000) + 2 * 86_400);
		expect(() => buildTimeFrom({SOURCE_DATE_EPOCH: inTwoDays})).toThrow(`SOURCE_DATE_EPOCH ${inTwoDays} is `);
		expect(() => buildTimeFrom({SOURCE_DATE_EPOCH: '999999999999'})).toThrow('a build cannot be dated in the future');
		expect(buildTimeFrom({SOURCE_DATE_EPOCH: String(Math.floor(Date.now() / 1000) + 3600)})).toBeDefined();
	});
});
