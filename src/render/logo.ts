import {existsSync} from 'node:fs';
import {createRequire} from 'node:module';
import type {BadgeStyle} from '../config/schema.ts';

const require = createRequire(import.meta.url);

export type Icon = {slug: string; svg: string; hex: string};

/** Cheap enough for config validation: simple-icons ships one file per slug. */
export function isKnownLogo(slug: string): boolean {
	try {
		return existsSync(require.resolve(`simple-icons/icons/${slug}.svg`));
	} catch {
		return false;
	}
}

/** Loads the icons a build uses; the full simple-icons module is only imported when some badge has a logo. */
export async function loadLogos(slugs: Iterable<string>): Promise<Map<string, Icon>> {
	const wanted = new Set(slugs);
	const icons = new Map<string, Icon>();
	if (wanted.size === 0) {
		return icons;
	}
	const all = (await import('simple-icons')) as unknown as Record<string, Icon>;
	for (const icon of Object.values(all)) {
		if (wanted.has(icon.slug)) {
			icons.set(icon.slug, icon);
		}
	}
	return icons;
}

/**
 * The logo as a data URI in the colors shields.io picks: the brand color, unless it
 * would vanish on the badge (too dark on a colored badge, too light on a social one).
 */
export function logoDataUri(icon: Icon, style: BadgeStyle): string {
	const level = brightness(icon.hex);
	let fill = `#${icon.hex}`;
	if (style !== 'social' && level <= 0.4) {
		fill = 'whitesmoke';
	} else if (style === 'social' && level >= 0.6) {
		fill = '#333';
	}
	const svg = icon.svg.replace('<svg', `<svg fill="${fill}"`);
	return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

function brightness(hex: string): number {
	const [r, g, b] = [0, 2, 4].map(offset => Number.parseInt(hex.slice(offset, offset + 2), 16)) as [number, number, number];
	return Number(((r * 299 + g * 587 + b * 114) / 255_000).toFixed(2));
}
