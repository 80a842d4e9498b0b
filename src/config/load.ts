import {isMap, isScalar, LineCounter, parse, parseDocument, type Document} from 'yaml';
import type {z} from 'zod';
import {defaultChartRange} from '../badges/chart.ts';
import {logLine} from '../text/log-line.ts';
import {FileRefusedError, readRegularFile} from '../read-regular-file.ts';
import {registryRules} from '../fetchers/registries.ts';
import {imageKey} from './image-name.ts';
import {configSchema, type BadgeSpec, type BadgeStyle, type GroupBadgeSpec, type ParsedConfig} from './schema.ts';

// badges.yml is a short list written by hand; anything this large is a mistake or an attack.
const maxConfigBytes = 1024 * 1024;
// Aliases expand on read: a few lines of nested anchors can otherwise grow into gigabytes.
const maxAliasCount = 1000;

export type ConfiguredBadge = BadgeSpec & {file: string; style: BadgeStyle};
/** `registry`: the host of an image outside Docker Hub (`ghcr.io`); absent for Docker Hub. */
export type ConfiguredImage = {registry?: string; namespace: string; repo: string; badges: ConfiguredBadge[]};
/** `namespace/*`: its images are known only once the namespace's listing is read. */
export type ConfiguredWildcard = {namespace: string; badges: ConfiguredBadge[]; exclude: string[]};
/** A group's members: image keys, or `namespace/*` for every image of the namespace in the build. */
export type ConfiguredGroup = {name: string; members: string[]; badges: Array<GroupBadgeSpec & {file: string; style: BadgeStyle}>};
export type Config = {
	site: ParsedConfig['site'];
	concurrency: number;
	/** `fetch.deadline`: how long the build may talk to Docker Hub. */
	fetchDeadlineMs: number;
	/** `fetch.refreshTagsAfter`: how long tags read from an unchanged repository may be reused. */
	refreshTagsAfterMs: number;
	images: ConfiguredImage[];
	wildcards: ConfiguredWildcard[];
	groups: ConfiguredGroup[];
};

export type ConfigProblem = {line: number; col: number; message: string};

export class ConfigError extends Error {
	override readonly name = 'ConfigError';

	constructor(
		readonly file: string,
		readonly problems: ConfigProblem[],
	) {
		// One log line per problem, whatever the file holds: a problem may quote a key or a value from it.
		super(problems.map(problem => logLine(`${file}:${problem.line}:${problem.col}: ${problem.message}`)).join('\n'));
	}
}

/** Reads and validates a badges.yml; throws ConfigError listing every problem with its line and column. */
export async function loadConfig(file: string): Promise<Config> {
	let bytes: Buffer;
	try {
		bytes = await readRegularFile(file, maxConfigBytes);
	} catch (error) {
		const message = error instanceof FileRefusedError ? error.message : `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
		throw new ConfigError(file, [{line: 1, col: 1, message}]);
	}
	return parseConfig(bytes.toString('utf8'), file);
}

// logLevel 'error': the yaml library would print its warnings (an unknown tag) itself, quoting
// the file's text raw on stderr, where a line such as `::error::…` is a workflow command.

/** The pure part of loadConfig, for callers and tests that already have the text. */
export function parseConfig(text: string, file = 'badges.yml'): Config {
	// A YAML document that keeps every node's position costs several times the memory
	// of plain data (hundreds of MB for 10,000 images): build it only to say where a problem is.
	let data: unknown;
	try {
		data = parse(text, {maxAliasCount, merge: true, uniqueKeys: true, logLevel: 'error'});
	} catch {
		return parseWithPositions(text, file);
	}
	const parsed = configSchema.safeParse(data ?? {});
	if (parsed.success) {
		const {config, duplicates} = resolve(parsed.data);
		if (duplicates.length === 0) {
			return config;
		}
	}
	return parseWithPositions(text, file);
}

/** Parses again keeping positions, and throws ConfigError with file:line:col for every problem. */
function parseWithPositions(text: string, file: string): Config {
	const lineCounter = new LineCounter();
	const document = parseDocument(text, {lineCounter, merge: true, prettyErrors: false, uniqueKeys: true, logLevel: 'error'});
	const at = (offset: number) => {
		const {line, col} = lineCounter.linePos(offset);
		return {line, col};
	};

	if (document.errors.length > 0) {
		throw new ConfigError(
			file,
			document.errors.map(error => ({...at(error.pos[0]), message: error.message.split('\n')[0]!})),
		);
	}

	let data: unknown;
	try {
		data = document.toJS({maxAliasCount});
	} catch (error) {
		throw new ConfigError(file, [{line: 1, col: 1, message: `cannot expand the YAML: ${(error as Error).message}`}]);
	}

	const parsed = configSchema.safeParse(data ?? {});
	if (!parsed.success) {
		throw new ConfigError(
			file,
			parsed.error.issues.map(issue => ({...at(offsetOf(document, issue)), message: describeIssue(document, text, issue)})),
		);
	}

	const {config, duplicates} = resolve(parsed.data);
	if (duplicates.length > 0) {
		throw new ConfigError(
			file,
			duplicates.map(duplicate => ({...at(nodeOffset(document, duplicate.path)), message: duplicate.message})),
		);
	}
	return config;
}

type Duplicate = {path: PropertyKey[]; message: string};

/** Applies the defaults and names every badge's output file, refusing two badges that would write one file. */
function resolve(parsed: ParsedConfig): {config: Config; duplicates: Duplicate[]} {
	const duplicates: Duplicate[] = [];
	const imagesSeen = new Map<string, number>();
	const images: ConfiguredImage[] = [];
	const imageIndexes: number[] = [];
	const wildcards: ConfiguredWildcard[] = [];
	parsed.images.forEach(({image, badges, exclude}, index) => {
		const name = 'wildcard' in image ? `${image.namespace}/*` : imageKey(image);
		const first = imagesSeen.get(name);
		if (first === undefined) {
			imagesSeen.set(name, index);
		} else {
			duplicates.push({
				path: ['images', index],
				message: `${name} is already listed as images[${first}]; list each image once with all its badges`,
			});
		}

		const filesSeen = new Map<string, BadgeSpec>();
		// Another registry's image gets the default badges it can show; one it lists itself was checked by the schema.
		const rules = 'registry' in image && image.registry !== undefined ? registryRules(image.registry) : undefined;
		const chosen = badges ?? (rules ? parsed.defaults.badges.filter(badge => rules.canShow(badge)) : parsed.defaults.badges);
		if (chosen.length === 0) {
			duplicates.push({path: ['images', index], message: `${name}: ${rules!.name} can show none of defaults.badges; list the badges it should get (version, size, updated, platforms)`});
		}
		const configured = chosen.map((badge, badgeIndex): ConfiguredBadge => {
			// The file is named from what the user wrote; the registry's defaults only change how it is read.
			const resolved = {...(rules ? rules.withDefaults(badge) : badge), file: badge.file ?? defaultFileStem(badge), style: ('style' in badge ? badge.style : undefined) ?? parsed.defaults.style};
			const other = filesSeen.get(resolved.file);
			if (other) {
				duplicates.push({
					path: badges ? ['images', index, 'badges', badgeIndex] : ['images', index],
					message: `two badges of ${name} would both write badges/${name}/${resolved.file}.svg; give one a different \`file\`${unnamedFilter(badge) || unnamedFilter(other) ? ' (include and exclude do not change the file name)' : ''}`,
				});
			}
			filesSeen.set(resolved.file, badge);
			return resolved;
		});

		if ('wildcard' in image) {
			wildcards.push({namespace: image.namespace, badges: configured, exclude: exclude ?? []});
		} else {
			images.push({...image, badges: configured});
			imageIndexes.push(index);
		}
	});
	duplicates.push(...foldersOnFiles(images, imageIndexes));

	const namespacesWithWildcards = new Set(wildcards.map(wildcard => wildcard.namespace));
	const groupsSeen = new Map<string, number>();
	const groups = parsed.groups.map((group, index): ConfiguredGroup => {
		const first = groupsSeen.get(group.name);
		if (first === undefined) {
			groupsSeen.set(group.name, index);
		} else {
			duplicates.push({path: ['groups', index, 'name'], message: `a group named ${group.name} is already groups[${first}]`});
		}
		// Both would write badges/groups/<name>/: an image of the namespace `groups` (a wildcard's is only known when listed).
		if (imagesSeen.has(`groups/${group.name}`)) {
			duplicates.push({path: ['groups', index, 'name'], message: `the image groups/${group.name} writes badges/groups/${group.name}/ too; rename the group`});
		}
		const members = group.images.map((member, memberIndex) => {
			const name = 'wildcard' in member ? `${member.namespace}/*` : imageKey(member);
			if ('registry' in member && member.registry !== undefined) {
				duplicates.push({path: ['groups', index, 'images', memberIndex], message: `${name}: a group adds up pulls and stars, and ${member.registry} counts neither`});
			}
			// A group adds up images the build fetches anyway: one not in `images:` would be a silent zero.
			const listed = 'wildcard' in member ? images.some(image => image.namespace === member.namespace) : imagesSeen.has(name);
			if (!listed && !namespacesWithWildcards.has(member.namespace)) {
				duplicates.push({path: ['groups', index, 'images', memberIndex], message: `${name} is not in images:; a group adds up images the build makes badges for`});
			}
			return name;
		});
		const filesSeen = new Set<string>();
		const badges = group.badges.map((badge, badgeIndex) => {
			const resolved = {...badge, file: badge.file ?? defaultFileStem(badge), style: ('style' in badge ? badge.style : undefined) ?? parsed.defaults.style};
			if (filesSeen.has(resolved.file)) {
				duplicates.push({path: ['groups', index, 'badges', badgeIndex], message: `two badges of group ${group.name} would both write badges/groups/${group.name}/${resolved.file}.svg; give one a different \`file\``});
			}
			filesSeen.add(resolved.file);
			return resolved;
		});
		return {name: group.name, members: [...new Set(members)], badges};
	});

	return {config: {site: parsed.site, concurrency: parsed.fetch.concurrency, fetchDeadlineMs: parsed.fetch.deadline, refreshTagsAfterMs: parsed.fetch.refreshTagsAfter, images, wildcards, groups}, duplicates};
}

/**
 * Another registry's paths nest: `reg.example.com/acme/app/version.svg` is a folder where
 * `reg.example.com/acme/app` writes its version badge, and the build could write neither.
 */
function foldersOnFiles(images: readonly ConfiguredImage[], indexes: readonly number[]): Duplicate[] {
	const files = new Map<string, {index: number; name: string}>();
	images.forEach((image, position) => {
		const name = imageKey(image);
		for (const badge of image.badges) {
			// A chart is an SVG alone; a badge has its endpoint JSON beside it.
			for (const extension of badge.kind === 'chart' ? ['svg'] : ['svg', 'json']) {
				files.set(`${name}/${badge.file}.${extension}`, {index: indexes[position]!, name});
			}
		}
	});
	const problems: Duplicate[] = [];
	images.forEach((image, position) => {
		const name = imageKey(image);
		const parts = name.split('/');
		for (let length = 2; length <= parts.length; length++) {
			const folder = parts.slice(0, length).join('/');
			const owner = files.get(folder);
			if (owner) {
				problems.push({path: ['images', indexes[position]!], message: `${name} would write its badges under badges/${folder}/, a file of images[${owner.index}] (${owner.name}); the build cannot write both: list one of them, or give that badge a different \`file\``});
				break;
			}
		}
	});
	return problems;
}

/** A version badge whose globs its default file name cannot show: they hold characters no file name should. */
function unnamedFilter(badge: BadgeSpec): boolean {
	return badge.kind === 'version' && badge.file === undefined && (badge.include !== undefined || badge.exclude !== undefined);
}

/** `size`, `size-1.2`, `size-1.2-arm64-v8`, `pulls-week`: the options that change a badge's value also name its file. */
function defaultFileStem(badge: BadgeSpec): string {
	// A chart draws the pulls; its range names the file when it is not the default.
	if (badge.kind === 'chart') {
		return badge.range === undefined || badge.range === defaultChartRange ? 'pulls-chart' : `pulls-chart-${badge.range}`;
	}
	const parts: string[] = [badge.kind];
	if ('tag' in badge && badge.tag) {
		parts.push(badge.tag);
	}
	if ('arch' in badge && badge.arch) {
		parts.push('variant' in badge && badge.variant ? `${badge.arch}-${badge.variant}` : badge.arch);
	}
	if ('sort' in badge && badge.sort === 'semver') {
		parts.push('semver');
	}
	if ('per' in badge && badge.per) {
		parts.push(badge.per);
	}
	return parts.join('-');
}

function offsetOf(document: Document, issue: z.core.$ZodIssue): number {
	if (issue.code === 'unrecognized_keys') {
		const map = document.getIn(issue.path, true);
		if (isMap(map)) {
			const pair = map.items.find(item => isScalar(item.key) && issue.keys.includes(String(item.key.value)));
			if (pair && isScalar(pair.key) && pair.key.range) {
				return pair.key.range[0];
			}
		}
	}
	return nodeOffset(document, issue.path);
}

/** The offset of the node at path, or of its nearest ancestor that exists (a missing key points at its parent). */
function nodeOffset(document: Document, path: readonly PropertyKey[]): number {
	for (let length = path.length; length >= 0; length--) {
		const node = document.getIn(path.slice(0, length), true) as {range?: [number, number, number]} | undefined;
		if (node?.range) {
			return node.range[0];
		}
	}
	return document.contents?.range?.[0] ?? 0;
}

function describeIssue(document: Document, text: string, issue: z.core.$ZodIssue): string {
	const where = formatPath(issue.path);
	const node = document.getIn(issue.path, true);

	// `tag: 1.20` reaches us as the number 1.2: name what was written and how to keep it.
	if (issue.code === 'invalid_type' && issue.expected === 'string' && isScalar(node) && typeof node.value === 'number' && node.range) {
		const written = text.slice(node.range[0], node.range[1]);
		const key = String(issue.path.at(-1));
		return `${where}: YAML reads ${written} as the number ${node.value}; quote it: ${key}: "${written}"`;
	}
	if (issue.code === 'unrecognized_keys') {
		return `${where ? `${where}: ` : ''}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map(key => `"${key}"`).join(', ')}`;
	}
	if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator === 'kind') {
		// Shorthand badges (`- downloads`) have no `kind` node: the scalar itself is the kind.
		const kindNode = node ?? document.getIn(issue.path.slice(0, -1), true);
		const value = isScalar(kindNode) ? kindNode.value : undefined;
		return `${where}: unknown badge kind ${JSON.stringify(value)}; use one of ${(issue as unknown as {options: string[]}).options.join(', ')}`;
	}
	const message =
		issue.code === 'invalid_value'
			? `must be one of ${issue.values.map(value => String(value)).join(', ')}`
			: issue.message.replace(/^Invalid input: /, '');
	const got = isScalar(node) && issue.code !== 'custom' ? ` (got ${JSON.stringify(node.value)})` : '';
	return `${where}: ${message}${got}`;
}

/** `images[3].badges[0].tag`, as a user would point at it. */
function formatPath(path: readonly PropertyKey[]): string {
	return path
		.map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
		.join('');
}
