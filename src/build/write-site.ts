import {mkdirSync, writeFileSync} from 'node:fs';
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {chartData, type PullSeries} from '../badges/chart.ts';
import {renderChart, renderSparkline, type Sparkline} from '../render/chart.ts';
import {renderEndpointJson} from '../render/endpoint.ts';
import {renderHeaders} from '../render/headers.ts';
import {logoDataUri, type Icon} from '../render/logo.ts';
import type {Manifest, ManifestBadge, ManifestChart, ManifestGroup, ManifestImage} from '../render/manifest.ts';
import {groupChartName, imageNameOf, pageOf, searchIndexOf, svgSize, type BadgeSize, type SiteSettings} from '../render/page.ts';
import {renderSvg} from '../render/svg.ts';
import {writeIndexPages} from '../site.ts';
import {writeManifestFile} from './write-manifest.ts';

const maxCachedSvgs = 2000;
/** A point a day for a month: a line 120 pixels wide shows no more, and index.json carries it for every image (about 200 bytes). */
const sparklineRange = '30d';
const sparklineBuckets = 32;

export type SiteWriter = {
	/** Writes one image's SVG and endpoint JSON files and its charts, drawn from `pulls`, as soon as its badges are known. */
	addImage(image: ManifestImage, pulls: PullSeries): void;
	/** Writes a group's SVG and endpoint JSON files and its charts under badges/groups/. */
	addGroup(group: ManifestGroup, pulls: PullSeries): void;
	/** Writes what needs every image: the manifest, the cache headers, the index pages and their search index. */
	finish(manifest: Manifest, site: SiteSettings): Promise<void>;
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
	// The index page's sparkline of each card, by its folder under badges/: about 200 bytes each.
	const sparklines = new Map<string, Sparkline>();
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

	/** The card's charts as SVG files, and its sparkline for the page: the pulls a day over the last 30 days. */
	const writeCharts = (folder: string, name: string, charts: readonly ManifestChart[], pulls: PullSeries) => {
		if (closed) {
			return;
		}
		const start = performance.now();
		try {
			for (const chart of charts) {
				writeFileSync(path.join(directory, chart.path), renderChart({name, label: chart.label, range: chart.range, data: chartData(pulls, chart.range)}));
			}
			const sparkline = renderSparkline(chartData(pulls, sparklineRange, sparklineBuckets), sparklineRange);
			if (sparkline) {
				sparklines.set(folder, sparkline);
			}
		} finally {
			since(start);
		}
	};

	return {
		addImage(image, pulls) {
			// badges/<namespace>/<repo>, or badges/<host>/<path>/<repo> for another registry's image.
			writeBadges(path.join('badges', image.image), image.badges);
			writeCharts(image.image, imageNameOf(image), image.charts ?? [], pulls);
		},
		addGroup(group, pulls) {
			writeBadges(path.join('badges', 'groups', group.name), group.badges);
			writeCharts(`groups/${group.name}`, groupChartName(group.name), group.charts ?? [], pulls);
		},
		async finish(manifest, site) {
			svgs.clear();
			const start = performance.now();
			try {
				await writeManifestFile(path.join(directory, 'badges.json'), manifest);
				await writeFile(path.join(directory, '_headers'), renderHeaders());
				const page = pageOf(manifest, site, sizes, sparklines);
				sizes.clear();
				sparklines.clear();
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
