import type {BadgeFailure} from './problem.ts';

/** How to name an image's credentials in advice: Docker Hub's unless the image is on another registry. */
export type CredentialsHint = {
	/** The environment variables that carry them. */
	variables: string;
	/** Who reads the image when they are set. */
	holder: string;
	/** Docker Hub allows more requests a minute to a login than to anonymous builds. */
	loginRaisesLimit: boolean;
};

export const dockerHubHint: CredentialsHint = {variables: 'DOCKERHUB_USERNAME and DOCKERHUB_TOKEN', holder: 'the DOCKERHUB_USERNAME account', loginRaisesLimit: true};

/** What the user can do about a failed badge, for the build log and the index page. */
export function adviceFor(failure: BadgeFailure, authenticated: boolean, hint: CredentialsHint = dockerHubHint): string {
	switch (failure.problem) {
		case 'repo not found':
			return authenticated
				? `check the image name, and that ${hint.holder} can read it`
				: `check the image name; for a private repository set ${hint.variables}`;
		case 'tag not found':
			return 'check the badge\'s `tag` in badges.yml';
		case 'architecture not found':
			return failure.transient ? 'the next build looks again' : 'check the badge\'s `arch` and `variant` in badges.yml';
		case 'inaccessible':
			break;
	}
	switch (failure.cause) {
		case 'rate-limited':
			return authenticated || !hint.loginRaisesLimit
				? 'rate limited: lower fetch.concurrency or build less often'
				: `rate limited: add ${hint.variables} to get 600 requests a minute`;
		case 'forbidden':
			return authenticated ? 'the token cannot read this repository: check its scope' : `set ${hint.variables} to read it`;
		case 'not-found':
		case 'rejected':
		case 'unavailable':
		case 'invalid-response':
		case undefined:
			return 'the next build tries again';
	}
}
