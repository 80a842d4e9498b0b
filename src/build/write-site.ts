import {mkdirSync, writeFileSync} from 'node:fs';
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {renderEndpointJson} from '../render/endpoint.ts';
import {renderHeaders} from '../render/headers.ts';
import {loadLogos, logoDataUri, type Icon} from '../render/logo.ts';
import type {Manifest} from '../render/manifest.ts';
import {pageOf, svgSize, type BadgeSize, type SiteSettings} from '../render/page.ts';
import {renderSvg} from '../render/svg.ts';
import {writeIndexPage} from '../site.ts';

/** Writes every file of the site into `directory`: SVG and endpoint JSON per badge, the manifest, cache headers, the index page. */
export async function writeSite(directory: string, manifest: Manifest, site: SiteSettings): Promise<void> {
	const logos = await loadLogos(manifest.images.flatMap(image => image.badges.flatMap(badge => (badge.logo ? [badge.logo] : []))));
	const sizes = writeBadges(directory, manifest, logos);
	// Compact: a machine file, read back by the next build, and twice the size indented.
	await writeFile(path.join(directory, 'badges.json'), JSON.stringify(manifest));
	await writeFile(path.join(directory, '_headers'), renderHeaders());
	await writeIndexPage(directory, pageOf(manifest, site, sizes));
}

/**
 * Writes each badge's SVG and endpoint JSON, and returns the SVG sizes for the page.
 * Nothing else runs while the site is written, and tens of thousands of small files
 * go out several times faster synchronously than through the thread pool.
 */
function writeBadges(directory: string, manifest: Manifest, logos: ReadonlyMap<string, Icon>): Map<string, BadgeSize> {
	const sizes = new Map<string, BadgeSize>();
	const svgs = new Map<string, string>();
	for (const image of manifest.images) {
		mkdirSync(path.join(directory, 'badges', image.namespace, image.repo), {recursive: true});
		for (const badge of image.badges) {
			// Many badges read the same ("docker stars: 0", one platform list): draw each once.
			const key = JSON.stringify([badge.label, badge.message, badge.color, badge.labelColor, badge.style, badge.logo]);
			let svg = svgs.get(key);
			if (svg === undefined) {
				const icon = badge.logo ? logos.get(badge.logo) : undefined;
				svg = renderSvg(badge, icon && logoDataUri(icon, badge.style));
				svgs.set(key, svg);
			}
			sizes.set(badge.path, svgSize(svg));
			const file = path.join(directory, badge.path);
			writeFileSync(file, svg);
			writeFileSync(file.replace(/\.svg$/, '.json'), renderEndpointJson(badge));
		}
	}
	return sizes;
}
