import {describe, expect, it} from 'vitest';
import {failure, fetchProblem} from '../../src/badges/problem.ts';
import type {HubFailure} from '../../src/hub/errors.ts';
import {failed} from './factories.ts';

describe('fetchProblem', () => {
	it.each<[HubFailure, number | undefined, string, boolean]>([
		['not-found', 404, 'repo not found', false],
		['forbidden', 403, 'inaccessible', false],
		['rate-limited', 429, 'inaccessible', true],
		['unavailable', 503, 'inaccessible', true],
		['invalid-response', undefined, 'inaccessible', true],
	])('%s (%s) → %s, keeping the Hub message as detail and the failure as cause, transient: %s', (hubFailure, status, problem, transient) => {
		expect(fetchProblem(failed(hubFailure, status))).toEqual({ok: false, problem, detail: `Docker Hub said ${hubFailure}`, transient, cause: hubFailure});
	});

	it('marks failures read from the data as lasting', () => {
		expect(failure('tag not found', 'tag "1.2" not found')).toEqual({ok: false, problem: 'tag not found', detail: 'tag "1.2" not found', transient: false});
	});
});
