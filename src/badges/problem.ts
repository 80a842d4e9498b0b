import type {HubError} from '../hub/errors.ts';
import type {BadgeProblem, BadgeResult, DetailsFailure} from './types.ts';

export type BadgeFailure = Extract<BadgeResult, {ok: false}>;

/** A failure read from the data itself, which the next build would only repeat. */
export function failure(problem: BadgeProblem, detail: string): BadgeFailure {
	return {ok: false, problem, detail, transient: false};
}

/**
 * What a failed repository or tag-list fetch shows. Only a 404 is a definite
 * answer; everything else (403, 429, 5xx, bad JSON) says nothing about the image.
 * Tag lookups map their own 404 to "tag not found" before coming here.
 */
export function fetchProblem(fetched: {ok: false; error: HubError}): BadgeFailure {
	const {error} = fetched;
	const problem = error.failure === 'not-found' ? 'repo not found' : 'inaccessible';
	return {ok: false, problem, detail: error.message, transient: error.transient, cause: error.failure};
}

/** A size or platforms badge whose tag's platforms the registry API could not give; its advice names that API's credentials. */
export function detailsProblem({error, credentials}: DetailsFailure): BadgeFailure {
	return {...fetchProblem({ok: false, error}), credentials};
}
