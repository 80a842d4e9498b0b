import {z} from 'zod';
import {formatDuration, parseDuration} from '../duration.ts';
import {dockerTagPattern} from '../fetchers/tag-names.ts';
import {globProblem} from '../badges/tag-filter.ts';
import {isKnownLogo} from '../render/logo.ts';
import {withoutUnsafeCharacters} from '../text/untrusted.ts';
import {registryRules} from '../fetchers/registries.ts';
import {parseImageName, type ImageName} from './image-name.ts';

export const badgeStyles = ['flat', 'flat-square', 'plastic', 'for-the-badge', 'social'] as const;
/** The kinds an image gets when badges.yml names none. */
const defaultBadgeKinds = ['pulls', 'stars', 'version', 'size', 'updated', 'platforms'] as const;
/** `chart` is opt-in: a chart is an image of its own, not a badge a README row shows by default. */
export const badgeKindNames = [...defaultBadgeKinds, 'chart'] as const;
/** How far back a chart reaches; `all`: from the first build's point. */
export const chartRanges = ['30d', '90d', '1y', 'all'] as const;

const namedColors = [
	'brightgreen', 'green', 'yellowgreen', 'yellow', 'orange', 'red', 'blue', 'lightgrey', 'lightgray',
	'grey', 'gray', 'success', 'important', 'critical', 'informational', 'inactive', 'blueviolet',
];

// The colors badge-maker understands; anything else it would silently replace.
export const badgeColor = z.string().refine(
	value => namedColors.includes(value) || /^#?(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(value) || /^(?:rgb|rgba|hsl|hsla)\([\d\s.,%]+\)$/i.test(value),
	{message: 'is not a color: use a name (blue, brightgreen, …), hex (#066da5) or rgb()/hsl()'},
);

// Docker's tag grammar; it also keeps tags from carrying path separators into file names.
const tag = z.string().regex(dockerTagPattern, 'is not a valid Docker tag');
const arch = z.string().regex(/^[a-z0-9_]{1,32}$/, 'is not an architecture name such as amd64 or arm64');
const variant = z.string().regex(/^[a-z0-9]{1,16}$/, 'is not a variant name such as v7 or v8');
/** `include: "v*"` or a list of globs over tag names; kept as a list, so both spellings are one badge. */
const tagGlobs = z.preprocess(
	value => (Array.isArray(value) ? value : [value]),
	z
		.array(
			z.string().superRefine((glob, context) => {
				const problem = globProblem(glob);
				if (problem) context.addIssue({code: 'custom', message: problem});
			}),
		)
		.min(1)
		.max(32),
);
const text = z
	.string()
	.min(1)
	.max(100)
	// They would end up in SVG (where most break the XML) and HTML; nothing legitimate needs them.
	.refine(value => withoutUnsafeCharacters(value) === value, {message: 'must not contain control characters, line breaks or bidi overrides'});

/** A badge's output file name without `.svg`. No separators and no leading dot, so a badge can never be written outside its image's folder. */
export const fileStem = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/, 'must be a plain file name stem (letters, digits, ., _, -)');

/** A length of time written with its unit (`90s`, `30m`, `2h`, `1d`, `1h30m`), as milliseconds within the limits. */
export function duration({min, max}: {min: number; max: number}) {
	return z.unknown().transform((value, context) => {
		const ms = typeof value === 'string' ? parseDuration(value) : undefined;
		if (ms === undefined) {
			context.addIssue({code: 'custom', message: `must be a duration with its unit, such as 90s, 30m or 2h (got ${JSON.stringify(value)})`});
			return z.NEVER;
		}
		if (ms < min || ms > max) {
			context.addIssue({code: 'custom', message: `must be between ${formatDuration(min)} and ${formatDuration(max)} (got ${value as string})`});
			return z.NEVER;
		}
		return ms;
	});
}

const defaultFetchDeadlineMs = 30 * 60_000;
const defaultRefreshTagsAfterMs = 24 * 3_600_000;

const presentation = {
	file: fileStem.optional(),
	label: text.optional(),
	color: badgeColor.optional(),
	labelColor: badgeColor.optional(),
	style: z.enum(badgeStyles).optional(),
	logo: z
		.string()
		.regex(/^[a-z0-9]{1,64}$/, 'must be a simple-icons slug such as docker')
		.refine(isKnownLogo, {message: 'is not a simple-icons slug (see simpleicons.org; the slug is the lowercase name, e.g. docker)'})
		.optional(),
};

/** The options that change a badge's value; each kind takes some of them. */
export const badgeOptionsSchema = z.object({
	sort: z.enum(['date', 'semver']).optional(),
	tag: tag.optional(),
	arch: arch.optional(),
	variant: variant.optional(),
	/** pulls and stars: the growth over this period, from the history, instead of the total. */
	per: z.enum(['day', 'week', 'month', 'year']).optional(),
	/** chart: how far back it reaches (default 90d). */
	range: z.enum(chartRanges).optional(),
	/** version: only tags matching one of these globs, and none of `exclude`, are shown. */
	include: tagGlobs.optional(),
	exclude: tagGlobs.optional(),
});
const {sort: sortOption, tag: tagOption, arch: archOption, variant: variantOption, per: perOption, range: rangeOption, include: includeOption, exclude: excludeOption} = badgeOptionsSchema.shape;

const pullsBadge = z.strictObject({kind: z.literal('pulls'), per: perOption, ...presentation});
const starsBadge = z.strictObject({kind: z.literal('stars'), per: perOption, ...presentation});
/** A chart is not a shields badge: no style, colors or logo; its `label` names the count in its title. */
const chartBadge = z.strictObject({kind: z.literal('chart'), range: rangeOption, file: presentation.file, label: presentation.label});
const badgeObject = z.discriminatedUnion('kind', [
	pullsBadge,
	starsBadge,
	z.strictObject({kind: z.literal('version'), sort: sortOption, tag: tagOption, arch: archOption, include: includeOption, exclude: excludeOption, ...presentation}),
	z.strictObject({kind: z.literal('size'), tag: tagOption, arch: archOption, variant: variantOption, ...presentation}),
	z.strictObject({kind: z.literal('updated'), tag: tagOption, ...presentation}),
	z.strictObject({kind: z.literal('platforms'), tag: tagOption, ...presentation}),
	chartBadge,
]);

/** A badge is written either as its kind alone (`pulls`) or as an object with options. */
const badge = z.preprocess(value => (typeof value === 'string' ? {kind: value} : value), badgeObject);
/** A group's badges add up its images' counts: only pulls and stars add up, and a chart draws the pulls. */
const groupBadgeObject = z.discriminatedUnion('kind', [pullsBadge, starsBadge, chartBadge]);
const groupBadge = z.preprocess(value => (typeof value === 'string' ? {kind: value} : value), groupBadgeObject);

/** `namespace/*`: every repository the namespace's listing returns; else one repository. */
const imageOrWildcard = z.string().transform((value, context): ImageName | {namespace: string; wildcard: true} => {
	const wildcard = value.endsWith('/*');
	const parsed = parseImageName(wildcard ? `${value.slice(0, -2)}/wildcard` : value);
	if ('error' in parsed || (wildcard && parsed.registry !== undefined)) {
		const message = 'error' in parsed ? parsed.error : `"${value}": namespace wildcards list a Docker Hub namespace; other registries have no listing to read`;
		context.addIssue({code: 'custom', message: wildcard && 'error' in parsed ? `"${value}" is not a namespace wildcard such as acme/*` : message});
		return z.NEVER;
	}
	return wildcard ? {namespace: parsed.namespace, wildcard: true} : parsed;
});

/** A repository name within a namespace, for `exclude`. */
const repoName = z.string().refine(value => {
	const parsed = parseImageName(`namespace/${value}`);
	return !('error' in parsed) && parsed.repo === value;
}, {message: 'is not a repository name (the part after the namespace/)'});

const image = z.preprocess(
	value => (typeof value === 'string' ? {image: value} : value),
	z
		.strictObject({
			image: imageOrWildcard,
			badges: z.array(badge).min(1).optional(),
			exclude: z.array(repoName).optional(),
		})
		.superRefine((entry, context) => {
			if (entry.exclude && !('wildcard' in entry.image)) {
				context.addIssue({code: 'custom', path: ['exclude'], message: 'only a namespace wildcard (namespace/*) takes exclude'});
			}
			const host = 'registry' in entry.image ? entry.image.registry : undefined;
			if (host !== undefined) {
				// Its registry decides which badges it can show: refused here, before any request.
				const rules = registryRules(host);
				entry.badges?.forEach((badge, index) => {
					const reason = rules.refuse(badge);
					if (reason !== undefined) {
						context.addIssue({code: 'custom', path: ['badges', index], message: `${badge.kind} badge: ${reason}`});
					}
				});
			}
		}),
);

const group = z.strictObject({
	/** Its folder: badges/groups/<name>/. */
	name: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'must be a group name of lowercase letters, digits, ., _ and - (it names the folder badges/groups/<name>/)'),
	/** Images of `images:`, by name, or `namespace/*` for all of a namespace's. */
	images: z.array(imageOrWildcard).min(1),
	badges: z.array(groupBadge).min(1).default([{kind: 'pulls'}]),
});

export const configSchema = z.strictObject({
	site: z
		.strictObject({
			title: text.default('Docker badges'),
			baseUrl: z
				.url({protocol: /^https?$/, message: 'must be an absolute http(s) URL'})
				.transform(value => value.replace(/\/+$/, ''))
				.optional(),
		})
		.default({title: 'Docker badges'}),
	defaults: z
		.strictObject({
			style: z.enum(badgeStyles).default('flat'),
			badges: z.array(badge).min(1).default(defaultBadgeKinds.map(kind => ({kind}))),
		})
		.default({style: 'flat', badges: defaultBadgeKinds.map(kind => ({kind}))}),
	fetch: z
		.strictObject({
			concurrency: z.number().int().min(1).max(64).default(8),
			// A scheduled build must end: past this, the badges not yet fetched keep their last values.
			deadline: duration({min: 1000, max: 24 * 3_600_000}).default(defaultFetchDeadlineMs),
			// Tags of a repository not pushed since are read again after this anyway: a deleted tag moves no last_updated.
			refreshTagsAfter: duration({min: 0, max: 30 * 24 * 3_600_000}).default(defaultRefreshTagsAfterMs),
		})
		.default({concurrency: 8, deadline: defaultFetchDeadlineMs, refreshTagsAfter: defaultRefreshTagsAfterMs}),
	images: z.array(image).min(1, 'list at least one image'),
	groups: z.array(group).default([]),
});

export type ParsedConfig = z.output<typeof configSchema>;
export type BadgeSpec = z.output<typeof badgeObject>;
export type GroupBadgeSpec = z.output<typeof groupBadgeObject>;
export type BadgeOptions = z.output<typeof badgeOptionsSchema>;
export type BadgeStyle = (typeof badgeStyles)[number];
