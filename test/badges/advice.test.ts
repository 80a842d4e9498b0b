import {describe, expect, it} from 'vitest';
import {adviceFor} from '../../src/badges/advice.ts';
import {failure, fetchProblem} from '../../src/badges/problem.ts';
import {failed} from './factories.ts';

describe('adviceFor', () => {
	it.each([
		['a missing repository, anonymous', fetchProblem(failed('not-found', 404)), false, 'for a private repository set DOCKERHUB_USERNAME and DOCKERHUB_TOKEN'],
		['a missing repository, logged in', fetchProblem(failed('not-found', 404)), true, 'that the DOCKERHUB_USERNAME account can read it'],
		['a missing tag', failure('tag not found', 'tag "1.2" not found'), true, 'check the badge\'s `tag`'],
		['a missing platform', failure('architecture not found', 'no arm64 image'), true, '`arch` and `variant`'],
		['rate limited, anonymous', fetchProblem(failed('rate-limited', 429)), false, 'rate limited: add DOCKERHUB_USERNAME and DOCKERHUB_TOKEN to get 600 requests a minute'],
		['rate limited, logged in', fetchProblem(failed('rate-limited', 429)), true, 'lower fetch.concurrency'],
		['forbidden, logged in', fetchProblem(failed('forbidden', 403)), true, 'the token cannot read this repository'],
		['Docker Hub down', fetchProblem(failed('unavailable', 503)), true, 'the next build tries again'],
	])('%s', (_case, result, authenticated, expected) => {
		expect(adviceFor(result, authenticated)).toContain(expected);
	});
});
