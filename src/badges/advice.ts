import type {BadgeFailure} from './problem.ts';

/** What the user can do about a failed badge, for the build log and the index page. */
export function adviceFor(failure: BadgeFailure, authenticated: boolean): string {
	switch (failure.problem) {
		case 'repo not found':
			return authenticated
				? 'check the image name, and that the DOCKERHUB_USERNAME account can read it'
				: 'check the image name; for a private repository set DOCKERHUB_USERNAME and DOCKERHUB_TOKEN';
		case 'tag not found':
			return 'check the badge\'s `tag` in badges.yml';
		case 'architecture not found':
			return failure.transient ? 'the next build looks again' : 'check the badge\'s `arch` and `variant` in badges.yml';
		case 'inaccessible':
			break;
	}
	switch (failure.cause) {
		case 'rate-limited':
			return authenticated
				? 'rate limited: lower fetch.concurrency or build less often'
				: 'rate limited: add DOCKERHUB_USERNAME and DOCKERHUB_TOKEN to get 600 requests a minute';
		case 'forbidden':
			return authenticated ? 'the token cannot read this repository: check its scope' : 'set DOCKERHUB_USERNAME and DOCKERHUB_TOKEN to read it';
		case 'not-found':
		case 'rejected':
		case 'unavailable':
		case 'invalid-response':
		case undefined:
			return 'the next build tries again';
	}
}
