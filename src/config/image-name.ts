/**
 * Repository names as the Docker reference grammar defines them
 * (distribution/reference): lowercase components joined by `.`, `_`, `__` or dashes.
 */
const component = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

// Users write what they would type after `docker pull`, so accept Docker Hub's own hostnames.
const hubHosts = ['docker.io/', 'index.docker.io/', 'registry-1.docker.io/', 'hub.docker.com/r/'];

// distribution/reference's domain: dot-separated labels, an optional port. Checked before any
// regex runs on it: a host longer than DNS allows is not one.
const hostPattern = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::[0-9]{1,5})?$/;
const maxHostLength = 253 + 6;

/**
 * `registry` is the host (with its port) of an image outside Docker Hub, undefined for Docker
 * Hub. For those, `namespace` is the path before the last component ('' when there is none):
 * `ghcr.io/owner/app` is {registry: 'ghcr.io', namespace: 'owner', repo: 'app'}.
 */
export type ImageName = {registry?: string; namespace: string; repo: string};

/** The image's identity throughout the build and its folder under badges/: `library/nginx`, `ghcr.io/owner/app`. */
export function imageKey({registry, namespace, repo}: ImageName): string {
	return registry === undefined ? `${namespace}/${repo}` : [registry, namespace, repo].filter(part => part !== '').join('/');
}

/** The repository path a registry knows the image by: `owner/app` for `ghcr.io/owner/app`. */
export function repositoryPath({namespace, repo}: ImageName): string {
	return namespace === '' ? repo : `${namespace}/${repo}`;
}

/**
 * Turns `nginx`, `grafana/grafana`, `docker.io/library/nginx` or `ghcr.io/owner/app` into its
 * parts, or says what is wrong. As in Docker, a first part with a dot or a port, or `localhost`,
 * is a registry host; `docker.io` and its aliases stay Docker Hub.
 */
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
	const parts = name.split('/');
	const first = parts[0] ?? '';
	const onRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
	const path = onRegistry ? parts.slice(1) : parts;
	if (path.some(part => part.includes(':'))) {
		return {error: `"${input}" has a tag; list the repository and set \`tag\` on the badge instead`};
	}
	if (onRegistry) {
		const host = first.toLowerCase();
		if (host.length > maxHostLength || !hostPattern.test(host)) {
			return {error: `"${input}" does not start with a registry host such as ghcr.io or registry.example.com:5000`};
		}
		// The pattern allows five digits; a port past 65535 would only fail later, as an unusable origin.
		const port = host.split(':')[1];
		if (port !== undefined && (Number(port) < 1 || Number(port) > 65_535)) {
			return {error: `"${input}" has the port ${port}; a port is 1 to 65535`};
		}
		if (name.length > 255 || !path.every(part => component.test(part))) {
			return {error: `"${input}" is not a valid repository path (lowercase letters, digits and single ., _, __ or - between them)`};
		}
		// Quay's API knows a repository only as namespace/name: anything else would ask for /api/v1/repository//name.
		if (host === 'quay.io' && path.length !== 2) {
			return {error: `"${input}" is not a Quay repository: Quay repositories are namespace/name, such as quay.io/prometheus/node-exporter`};
		}
		return {registry: host, namespace: path.slice(0, -1).join('/'), repo: path.at(-1)!};
	}
	if (parts.length > 2) {
		return {error: `"${input}" is not a Docker Hub repository (namespace/name); an image on another registry starts with its host, such as ghcr.io/owner/name`};
	}
	if (name.length > 255 || !parts.every(part => component.test(part))) {
		return {
			error: `"${input}" is not a valid Docker repository name (lowercase letters, digits and single ., _, __ or - between them)`,
		};
	}

	const [namespace, repo] = parts.length === 1 ? ['library', parts[0]!] : [parts[0]!, parts[1]!];
	return {namespace, repo};
}
