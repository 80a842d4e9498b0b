import type {Image, Repository, Tag} from '../../src/fetchers/schemas.ts';
import type {BadgeResult, Fetched, ImageData, TagList} from '../../src/badges/types.ts';
import {HubError, type HubFailure} from '../../src/hub/errors.ts';

export function image(platform: string, fields: Partial<Image> = {}): Image {
	const [architecture = '', variant] = platform.split('/');
	return {architecture, variant, os: 'linux', digest: `sha256:${platform}`, size: 2048, ...fields};
}

/** The images of one push: tags made with the same push name share each platform's digest. */
export function pushedAs(push: string, platforms: string[] = ['amd64']): Image[] {
	return platforms.map(platform => image(platform, {digest: `${push}-${platform}`}));
}

export function tag(name: string, fields: Partial<Tag> = {}): Tag {
	return {name, last_updated: '2024-06-01T12:00:00Z', images: [image('amd64')], ...fields};
}

export function repository(fields: Partial<Repository> = {}): Repository {
	return {name: 'app', namespace: 'myorg', is_private: false, pull_count: 0, star_count: 0, ...fields};
}

export function failed(failure: HubFailure, status?: number): {ok: false; error: HubError} {
	return {ok: false, error: new HubError(failure, `Docker Hub said ${failure}`, status)};
}

export function tagList(tags: Tag[], fields: Partial<TagList> = {}): Fetched<TagList> {
	return {ok: true, value: {tags, count: tags.length, complete: true, capped: false, dropped: 0, ...fields}};
}

export function imageData(fields: Partial<ImageData> = {}): ImageData {
	return {repository: {ok: true, value: repository()}, tags: tagList([]), lookups: new Map(), ...fields};
}

/** Image data whose listed tags are these, newest first. */
export function withTags(tags: Tag[], fields: Partial<ImageData> = {}): ImageData {
	return imageData({tags: tagList(tags), ...fields});
}

export function lookups(entries: Record<string, Fetched<Tag | null>>): ImageData['lookups'] {
	return new Map(Object.entries(entries));
}

/** What the badge's right half shows: the message, or the problem in its place. */
export function shown(result: BadgeResult): string {
	return result.ok ? result.message : result.problem;
}
