import {makeBadge} from 'badge-maker';
import type {ManifestBadge} from './manifest.ts';

/** The badge as shields.io would draw it: same renderer, same inputs. */
export function renderSvg(badge: ManifestBadge, logoDataUri?: string): string {
	return makeBadge({
		label: badge.label,
		message: badge.message,
		color: badge.color,
		style: badge.style,
		...(badge.labelColor === undefined ? {} : {labelColor: badge.labelColor}),
		...(logoDataUri === undefined ? {} : {logoBase64: logoDataUri}),
	});
}
