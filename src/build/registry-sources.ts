import {parseImageName} from '../config/image-name.ts';
import type {Manifest, ManifestSources} from '../render/manifest.ts';
import type {RegistrySettings} from './registry-settings.ts';

/** `sources.registries` of the manifest: each other registry's origin, by host; absent when the build reads Docker Hub alone. */
export function registrySources(settings: ReadonlyMap<string, RegistrySettings>): Pick<ManifestSources, 'registries'> {
	if (settings.size === 0) {
		return {};
	}
	// Quay's values come from its API as much as from its registry: a previous value stands in only when both are the same.
	return {registries: Object.fromEntries([...settings.values()].map(({host, origin, apiOrigin}) => [host, apiOrigin === undefined || apiOrigin === origin ? origin : `${origin}, API ${apiOrigin}`]))};
}

/**
 * The previous manifest's images whose values this build may stand behind: an image of
 * another registry only when the previous build asked the same origin for it (a fake's or
 * a mirror's numbers never stand in for the registry's). Docker Hub's origin is checked
 * for the whole manifest by previous.ts.
 */
export function sameRegistryOrigins<M extends {images: ReadonlyArray<Pick<Manifest['images'][number], 'image'>>}>(manifest: M, recorded: ManifestSources['registries'], current: ManifestSources['registries']): {manifest: M; dropped: string[]} {
	const dropped = new Set<string>();
	const images = manifest.images.filter(image => {
		const parsed = parseImageName(image.image);
		if ('error' in parsed || parsed.registry === undefined) {
			return true;
		}
		const host = parsed.registry;
		const same = recorded !== undefined && Object.hasOwn(recorded, host) && current !== undefined && recorded[host] === current[host];
		// A registry this build does not ask at all lost its images from badges.yml: nothing to warn about.
		if (!same && current !== undefined && Object.hasOwn(current, host)) {
			dropped.add(host);
		}
		return same;
	});
	return {manifest: {...manifest, images}, dropped: [...dropped]};
}
