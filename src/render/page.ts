import {badgePath, type Manifest, type ManifestBadge, type ManifestGroup, type ManifestImage} from './manifest.ts';

/** Text with `code` spans (our advice quotes badges.yml keys in backquotes): the page shows those as code. */
export type Segment = {text: string; code: boolean};

export type BadgeState = 'fresh' | 'stale' | 'error';

export type PageBadge = {
	/** The file stem: the SVG is `badges/<image>/<file>.svg`, its endpoint JSON beside it. */
	file: string;
	kind: ManifestBadge['kind'];
	/** The label, told apart by tag, arch, variant or sort when another badge of the image has the same one. */
	name: string;
	message: string;
	width: number;
	height: number;
	state: BadgeState;
	/** Why it is an error, or what to know about a good value; a stale badge's reason is on its image. */
	note?: Segment[];
};

export type PageImage = {
	/** `namespace/repo`, also the card's id. */
	id: string;
	/** As people write it: `nginx` for official images. */
	name: string;
	hub: string;
	/** What the `hub` link is called when it is not Docker Hub: the registry's host (`ghcr.io`). */
	hubName?: string;
	/** The page of the site that shows the image. */
	page: string;
	description?: string;
	/** One per distinct reason its stale badges kept an earlier value. */
	notes?: Segment[][];
	badges: PageBadge[];
};

/** A group of badges.yml: a card like an image's, without a Docker Hub page; its description lists its images. */
export type PageGroup = Omit<PageImage, 'hub' | 'hubName'> & {group: true};

export type SitePage = {
	file: string;
	number: number;
	/** Only on the first page, before the images. */
	groups?: PageGroup[];
	images: PageImage[];
	previous?: string;
	next?: string;
};

export type Page = {
	title: string;
	/** For people: `2026-11-30 06:23 UTC`. */
	generatedAt: string;
	/** For the `<time datetime>` attribute. */
	generatedAtIso: string;
	/** Where copied snippets point; undefined: the page's own address, with a banner that says so. */
	baseUrl: string | undefined;
	/** What the page's `<code>` URLs start with: the baseUrl and a slash, or nothing. */
	urlPrefix: string;
	/** Badges, stale and errors count the groups' badges too: the filter's is:stale and is:error find groups as well. */
	totals: {images: number; groups: number; badges: number; stale: number; errors: number};
	/** The site's pages, in order; each has `pageSize` images at most. */
	pages: SitePage[];
	/** Every page, for the list of pages: its file, number and the first and last image it shows. */
	pageList: {file: string; number: number; first: string; last: string}[];
};

/** Images per page. */
export const pageSize = 50;

/**
 * Without JavaScript, Chromium loads every image of a page at once (`loading="lazy"`
 * needs scripting), so a page holds this many badges at most (an image with more has a page of its own).
 * The groups' badges count on the first page.
 */
export const badgesPerPage = 300;

export type SiteSettings = {title: string; baseUrl?: string | undefined};
export type BadgeSize = {width: number; height: number};

/** Everything the index pages show, computed here so the templates only place it. */
export function pageOf(manifest: Manifest, site: SiteSettings, sizes: ReadonlyMap<string, BadgeSize>): Page {
	const groups = (manifest.groups ?? []).map(group => pageGroupOf(group, sizes));
	const pages: SitePage[] = [{file: pageFile(1), number: 1, ...(groups.length > 0 ? {groups} : {}), images: []}];
	let pageBadges = groups.reduce((sum, group) => sum + group.badges.length, 0);
	for (const image of manifest.images) {
		let page = pages.at(-1)!;
		const full = page.images.length >= pageSize || (pageBadges + image.badges.length > badgesPerPage && (page.images.length > 0 || page.groups !== undefined));
		if (full) {
			page = {file: pageFile(pages.length + 1), number: pages.length + 1, images: []};
			pages.push(page);
			pageBadges = 0;
		}
		page.images.push(pageImageOf(image, page.file, sizes));
		pageBadges += image.badges.length;
	}
	for (const [index, page] of pages.entries()) {
		if (index > 0) page.previous = pages[index - 1]!.file;
		if (index < pages.length - 1) page.next = pages[index + 1]!.file;
	}
	const images = pages.flatMap(page => page.images);
	let badges = 0;
	let stale = 0;
	let errors = 0;
	for (const badge of [...groups, ...images].flatMap(card => card.badges)) {
		badges += 1;
		stale += badge.state === 'stale' ? 1 : 0;
		errors += badge.state === 'error' ? 1 : 0;
	}
	return {
		title: site.title,
		generatedAt: utcMinute(manifest.generatedAt),
		generatedAtIso: manifest.generatedAt,
		baseUrl: site.baseUrl,
		urlPrefix: site.baseUrl ? `${site.baseUrl}/` : '',
		totals: {images: images.length, groups: groups.length, badges, stale, errors},
		pages,
		pageList: pages.map(page => ({file: page.file, number: page.number, first: page.images[0]?.name ?? '', last: page.images.at(-1)?.name ?? ''})),
	};
}

function pageFile(number: number): string {
	return number === 1 ? 'index.html' : `page-${number}.html`;
}

function pageImageOf(image: ManifestImage, page: string, sizes: ReadonlyMap<string, BadgeSize>): PageImage {
	return {
		id: image.image,
		name: image.namespace === 'library' ? image.repo : image.image,
		...hubOf(image),
		page,
		...(image.description ? {description: image.description} : {}),
		...pageBadgesOf(image.image, image.badges, sizes),
	};
}

/** The group's card: its id is the folder under badges/ that its files are in (`groups/<name>`). */
function pageGroupOf(group: ManifestGroup, sizes: ReadonlyMap<string, BadgeSize>): PageGroup {
	const id = `groups/${group.name}`;
	return {
		id,
		name: group.name,
		group: true,
		page: pageFile(1),
		description: `Adds up ${group.images.length} ${group.images.length === 1 ? 'image' : 'images'}: ${group.images.join(', ')}`,
		...pageBadgesOf(id, group.badges, sizes),
	};
}

/** A card's badges, and one note per distinct reason its stale badges kept an earlier value. */
function pageBadgesOf(folder: string, manifestBadges: readonly ManifestBadge[], sizes: ReadonlyMap<string, BadgeSize>): Pick<PageImage, 'notes' | 'badges'> {
	const labels = new Map<string, number>();
	for (const badge of manifestBadges) labels.set(badge.label, (labels.get(badge.label) ?? 0) + 1);
	const notes = new Map<string, Segment[]>();
	const badges = manifestBadges.map((badge): PageBadge => {
		const state: BadgeState = badge.stale ? 'stale' : badge.isError ? 'error' : 'fresh';
		if (state === 'stale') {
			const note = `Stale: showing the value fetched ${badge.fetchedAt ? utcMinute(badge.fetchedAt) : 'by an earlier build'}. ${capitalized(badge.problem ?? 'Docker Hub did not answer')}`;
			notes.set(note, segmentsOf(note));
		}
		const size = sizes.get(badgePath(folder, badge.file)) ?? {width: 0, height: 0};
		const note = state === 'stale' ? undefined : (badge.problem ?? badge.note);
		return {
			file: badge.file,
			kind: badge.kind,
			name: labels.get(badge.label)! > 1 ? `${badge.label} (${qualifierOf(badge)})` : badge.label,
			message: badge.message,
			width: size.width,
			height: size.height,
			state,
			...(note ? {note: segmentsOf(note)} : {}),
		};
	});
	return {...(notes.size > 0 ? {notes: [...notes.values()]} : {}), badges};
}

/** What sets two badges with one label apart: their options, else their files. */
function qualifierOf(badge: ManifestBadge): string {
	const {tag, arch, variant, sort, per} = badge.options ?? {};
	const options = [tag, arch && variant ? `${arch}/${variant}` : arch, sort, per && `per ${per}`].filter(Boolean);
	return options.length > 0 ? options.join(', ') : badge.file;
}

/** Splits text at backquotes: every other run is code. An unpaired backquote stays text. */
export function segmentsOf(text: string): Segment[] {
	const parts = text.split('`');
	if (parts.length % 2 === 0) {
		return [{text, code: false}];
	}
	return parts.map((part, index) => ({text: part, code: index % 2 === 1})).filter(segment => segment.text !== '');
}

function capitalized(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

function utcMinute(iso: string): string {
	return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * The page script's index of every card, to filter them all on any page: the groups, then
 * the images, as the pages show them, each badge a tuple `[file, kind, name, message, width, height,
 * state, note?]` (60,000 badges as objects would be twice the size).
 */
export function searchIndexOf(page: Page): string {
	const images = page.pages.flatMap(sitePage =>
		[...(sitePage.groups ?? []), ...sitePage.images].map(image => ({
			...image,
			badges: image.badges.map(badge => [badge.file, badge.kind, badge.name, badge.message, badge.width, badge.height, badge.state, ...(badge.note ? [badge.note] : [])]),
		})),
	);
	return JSON.stringify({images});
}

/** Docker Hub's page for the image (official images live under /_/); another registry's image is its own address, which GHCR serves its package page at, named by the host. */
function hubOf(image: Pick<ManifestImage, 'image' | 'namespace' | 'repo'>): Pick<PageImage, 'hub' | 'hubName'> {
	if (image.image !== `${image.namespace}/${image.repo}`) {
		return {hub: `https://${image.image}`, hubName: image.image.split('/')[0]!};
	}
	return {hub: image.namespace === 'library' ? `https://hub.docker.com/_/${image.repo}` : `https://hub.docker.com/r/${image.namespace}/${image.repo}`};
}

/** badge-maker writes the size on the root element; the page reserves that space before images load. */
export function svgSize(svg: string): BadgeSize {
	const match = /^<svg[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"/.exec(svg);
	return match ? {width: Math.ceil(Number(match[1])), height: Math.ceil(Number(match[2]))} : {width: 0, height: 0};
}
