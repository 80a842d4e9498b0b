import {mkdirSync, writeFileSync} from 'node:fs';
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {historyFileName} from '../history/file.ts';
import {renderEndpointJson} from '../render/endpoint.ts';
import {renderHeaders} from '../render/headers.ts';
import {logoDataUri, type Icon} from '../render/logo.ts';
import type {Manifest, ManifestBadge, ManifestGroup, ManifestImage} from '../render/manifest.ts';
import {pageOf, searchIndexOf, svgSize, type BadgeSize, type SiteSettings} from '../render/page.ts';
import {renderSvg} from '../render/svg.ts';
import {writeIndexPages} from '../site.ts';

const maxCachedSvgs = 2000;

export type SiteWriter = {
	/** Writes one image's SVG and endpoint JSON files, as soon as its badges are known. */
	addImage(image: ManifestImage): void;
	/** Writes a group's SVG and endpoint JSON files under badges/groups/. */
	addGroup(group: ManifestGroup): void;
	/** Writes what needs every image: the manifest, the history (encoded), the cache headers, the index pages and their search index. */
	finish(manifest: Manifest, site: SiteSettings, history: Buffer): Promise<void>;
	/** Writes nothing more: the build failed, and its directory is being removed. */
	close(): void;
	/** Seconds spent writing, for the benchmark. */
	readonly seconds: number;
};

/**
 * Writes the site into `directory` while the build is still fetching, so the disk
 * work hides behind the network. Badge files are written synchronously: tens of
 * thousands of small files go out several times faster than through the thread pool,
 * and each image's dozen files take a fraction of a millisecond.
 */
export function createSiteWriter(directory: string, logos: ReadonlyMap<string, Icon>): SiteWriter {
	const sizes = new Map<string, BadgeSize>();
	// Many badges read the same ("docker stars: 0", one platform list): draw those once.
	// The cache is emptied when full: repeats recur soon after, unique badges never do.
	const svgs = new Map<string, string>();
	let seconds = 0;
	let closed = false;
	const since = (start: number) => {
		seconds += (performance.now() - start) / 1000;
	};

	const writeBadges = (folder: string, badges: readonly ManifestBadge[]) => {
		if (closed) {
			return;
		}
		const start = performance.now();
		try {
			mkdirSync(path.join(directory, folder), {recursive: true});
			for (const badge of badges) {
				const key = JSON.stringify([badge.label, badge.message, badge.color, badge.labelColor, badge.style, badge.logo]);
				let svg = svgs.get(key);
				if (svg === undefined) {
					const icon = badge.logo ? logos.get(badge.logo) : undefined;
					svg = renderSvg(badge, icon && logoDataUri(icon, badge.style));
					if (svgs.size >= maxCachedSvgs) {
						svgs.clear();
					}
					svgs.set(key, svg);
				}
				sizes.set(badge.path, svgSize(svg));
				const file = path.join(directory, badge.path);
				writeFileSync(file, svg);
				writeFileSync(file.replace(/\.svg$/, '.json'), renderEndpointJson(badge));
			}
		} finally {
			since(start);
		}
	};

	return {
		addImage(image) {
			// badges/<namespace>/<repo>, or badges/<host>/<path>/<repo> for another registry's image.
			writeBadges(path.join('badges', image.image), image.badges);
		},
		addGroup(group) {
			writeBadges(path.join('badges', 'groups', group.name), group.badges);
		},
		async finish(manifest, site, history) {
			svgs.clear();
			const start = performance.now();
			try {
				// Compact: a machine file, read back by the next build, and twice the size indented.
				await writeFile(path.join(directory, 'badges.json'), JSON.stringify(manifest));
				await writeFile(path.join(directory, historyFileName), history);
				await writeFile(path.join(directory, '_headers'), renderHeaders());
				const page = pageOf(manifest, site, sizes);
				sizes.clear();
				await writeFile(path.join(directory, 'index.json'), searchIndexOf(page));
				await writeIndexPages(directory, page);
			} finally {
				since(start);
			}
		},
		close() {
			closed = true;
		},
		get seconds() {
			return seconds;
		},
	};
}
