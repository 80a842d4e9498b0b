import type {Manifest, ManifestBadge, ManifestImage} from './manifest.ts';

export type PageBadge = {
	alt: string;
	label: string;
	src: string;
	url: string;
	width: number;
	height: number;
	stale: boolean;
	isError: boolean;
	note: string | undefined;
};

export type PageImage = {
	id: string;
	name: string;
	hubUrl: string;
	description: string | undefined;
	badges: PageBadge[];
};

export type Page = {
	title: string;
	/** For people: `2026-11-30 06:23 UTC`. */
	generatedAt: string;
	/** For the `<time datetime>` attribute. */
	generatedAtIso: string;
	totals: {images: number; badges: number; stale: number; errors: number};
	images: PageImage[];
	/** `groups:` of badges.yml, each with the images it adds up; shown like images, without a Docker Hub page. */
	groups: Array<Omit<PageImage, 'hubUrl'> & {hubUrl?: undefined}>;
};

export type SiteSettings = {title: string; baseUrl?: string | undefined};
export type BadgeSize = {width: number; height: number};

/** Everything the index page shows, computed here so the template only places it. */
export function pageOf(manifest: Manifest, site: SiteSettings, sizes: ReadonlyMap<string, BadgeSize>): Page {
	const pageBadge = (badge: ManifestBadge): PageBadge => {
		const size = sizes.get(badge.path) ?? {width: 0, height: 0};
		return {
			alt: `${badge.label}: ${badge.message}`,
			label: badge.label,
			src: badge.path,
			url: site.baseUrl ? `${site.baseUrl}/${badge.path}` : badge.path,
			width: size.width,
			height: size.height,
			stale: badge.stale === true,
			isError: badge.isError,
			note: badge.stale ? `stale: kept from ${badge.fetchedAt ? utcMinute(badge.fetchedAt) : 'an earlier build'}; ${badge.problem}` : (badge.problem ?? badge.note),
		};
	};
	const images = manifest.images.map((image): PageImage => ({
		id: image.image,
		name: image.namespace === 'library' ? image.repo : image.image,
		hubUrl: hubUrlOf(image),
		description: image.description ?? undefined,
		badges: image.badges.map(pageBadge),
	}));
	const groups = (manifest.groups ?? []).map(group => ({
		id: `groups/${group.name}`,
		name: group.name,
		description: `${group.images.length} images: ${group.images.join(', ')}`,
		badges: group.badges.map(pageBadge),
	}));
	const badges = images.flatMap(image => image.badges);
	return {
		title: site.title,
		generatedAt: utcMinute(manifest.generatedAt),
		generatedAtIso: manifest.generatedAt,
		totals: {
			images: images.length,
			badges: badges.length,
			stale: badges.filter(badge => badge.stale).length,
			errors: badges.filter(badge => badge.isError && !badge.stale).length,
		},
		images,
		groups,
	};
}

function utcMinute(iso: string): string {
	return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** Docker Hub's page for the image: official images live under /_/. */
export function hubUrlOf(image: Pick<ManifestImage, 'namespace' | 'repo'>): string {
	return image.namespace === 'library' ? `https://hub.docker.com/_/${image.repo}` : `https://hub.docker.com/r/${image.namespace}/${image.repo}`;
}

/** badge-maker writes the size on the root element; the page reserves that space before images load. */
export function svgSize(svg: string): BadgeSize {
	const match = /^<svg[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"/.exec(svg);
	return match ? {width: Math.ceil(Number(match[1])), height: Math.ceil(Number(match[2]))} : {width: 0, height: 0};
}
