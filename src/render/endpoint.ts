import type {ManifestBadge} from './manifest.ts';

/**
 * shields.io's endpoint-badge schema (https://shields.io/badges/endpoint-badge), so the
 * same value can also be drawn through `img.shields.io/endpoint?url=…`.
 */
export function renderEndpointJson(badge: ManifestBadge): string {
	return `${JSON.stringify({
		schemaVersion: 1,
		label: badge.label,
		message: badge.message,
		color: badge.color,
		...(badge.labelColor === undefined ? {} : {labelColor: badge.labelColor}),
		isError: badge.isError,
		...(badge.logo === undefined ? {} : {namedLogo: badge.logo}),
		style: badge.style,
	})}\n`;
}
