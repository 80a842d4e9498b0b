/**
 * Docker Hub repository names as the Docker reference grammar defines them
 * (distribution/reference): lowercase components joined by `.`, `_`, `__` or dashes.
 */
const component = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

// Users write what they would type after `docker pull`, so accept Docker Hub's own hostnames.
const hubHosts = ['docker.io/', 'index.docker.io/', 'registry-1.docker.io/', 'hub.docker.com/r/'];

export type ImageName = {namespace: string; repo: string};

/** Turns `nginx`, `grafana/grafana` or `docker.io/library/nginx` into namespace and repo, or says what is wrong. */
export function parseImageName(input: string): ImageName | {error: string} {
	let name = input.trim();
	for (const host of hubHosts) {
		if (name.startsWith(host)) {
			name = name.slice(host.length);
			break;
		}
	}

	if (/[@]/.test(name)) {
		return {error: `"${input}" has a digest; list the repository alone`};
	}
	if (name.includes(':')) {
		return {error: `"${input}" has a tag; list the repository and set \`tag\` on the badge instead`};
	}
	const parts = name.split('/');
	if (parts.length > 2 || parts[0]?.includes('.')) {
		return {error: `"${input}" is not a Docker Hub repository (images on other registries cannot be read from Docker Hub)`};
	}
	if (name.length > 255 || !parts.every(part => component.test(part))) {
		return {
			error: `"${input}" is not a valid Docker repository name (lowercase letters, digits and single ., _, __ or - between them)`,
		};
	}

	const [namespace, repo] = parts.length === 1 ? ['library', parts[0]!] : [parts[0]!, parts[1]!];
	return {namespace, repo};
}
