import {makeBadge} from 'badge-maker';
import {withoutUnsafeCharacters} from '../text/untrusted.ts';
import type {ManifestBadge} from './manifest.ts';

/**
 * The badge as shields.io would draw it: same renderer, same inputs. badge-maker escapes
 * markup, but XML has no escape for most control characters: one left in makes an image
 * no browser draws, so whatever the text, they go.
 */
export function renderSvg(badge: ManifestBadge, logoDataUri?: string): string {
	return makeBadge({
		label: withoutUnsafeCharacters(badge.label),
		message: withoutUnsafeCharacters(badge.message),
		color: badge.color,
		style: badge.style,
		...(badge.labelColor === undefined ? {} : {labelColor: badge.labelColor}),
		...(logoDataUri === undefined ? {} : {logoBase64: logoDataUri}),
	});
}
