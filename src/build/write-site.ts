import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {loadLogos, logoDataUri} from '../render/logo.ts';
import {renderEndpointJson} from '../render/endpoint.ts';
import type {Manifest} from '../render/manifest.ts';
import {pageOf, svgSize, type BadgeSize, type SiteSettings} from '../render/page.ts';
import {renderSvg} from '../render/svg.ts';
import {writeIndexPage} from '../site.ts';

// Enough to keep the disk busy without holding tens of thousands of open files.
const parallelWrites = 64;

/** Writes every file of the site into `directory`: SVG and endpoint JSON per badge, the manifest, the index page. */
export async function writeSite(directory: string, manifest: Manifest, site: SiteSettings): Promise<void> {
	const logos = await loadLogos(manifest.images.flatMap(image => image.badges.flatMap(badge => (badge.logo ? [badge.logo] : []))));
	const sizes = new Map<string, BadgeSize>();

	await Promise.all(manifest.images.map(async image => mkdir(path.join(directory, 'badges', image.namespace, image.repo), {recursive: true})));

	const badges = manifest.images.flatMap(image => image.badges);
	for (let start = 0; start < badges.length; start += parallelWrites) {
		await Promise.all(
			badges.slice(start, start + parallelWrites).map(async badge => {
				const icon = badge.logo ? logos.get(badge.logo) : undefined;
				const svg = renderSvg(badge, icon && logoDataUri(icon, badge.style));
				sizes.set(badge.path, svgSize(svg));
				const file = path.join(directory, badge.path);
				await Promise.all([writeFile(file, svg), writeFile(file.replace(/\.svg$/, '.json'), renderEndpointJson(badge))]);
			}),
		);
	}

	await writeFile(path.join(directory, 'badges.json'), `${JSON.stringify(manifest, null, '\t')}\n`);
	await writeIndexPage(directory, pageOf(manifest, site, sizes));
}
