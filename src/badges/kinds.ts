import {platforms, platformsLabel} from './platforms.ts';
import {pulls, pullsLabel} from './pulls.ts';
import {size, sizeLabel} from './size.ts';
import {stars, starsLabel} from './stars.ts';
import type {BadgeContext, BadgeOptions, BadgeResult, ImageData} from './types.ts';
import {updated, updatedLabel} from './updated.ts';
import {version, versionLabel} from './version.ts';

export type BadgeRender = (data: ImageData, options: BadgeOptions, context: BadgeContext) => BadgeResult;

export const badgeKinds = {
	pulls: {label: pullsLabel, render: pulls},
	stars: {label: starsLabel, render: stars},
	version: {label: versionLabel, render: version},
	size: {label: sizeLabel, render: size},
	updated: {label: updatedLabel, render: updated},
	platforms: {label: platformsLabel, render: platforms},
} as const satisfies Record<string, {label: string; render: BadgeRender}>;

