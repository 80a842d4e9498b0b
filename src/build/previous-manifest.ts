import {JSONParser, TokenType, type ParsedTokenInfo} from '@streamparser/json';
import {manifestImageSchema, manifestSourcesSchema, type ManifestBadge, type ManifestImage, type ManifestSources} from '../render/manifest.ts';

/** What a rebuild uses of a previous badge: its value to fall back on and to carry over (src/badges/assemble.ts, src/tag-reuse.ts). */
export type PreviousBadge = Pick<ManifestBadge, 'kind' | 'options' | 'file' | 'message' | 'color' | 'isError' | 'note' | 'fetchedAt' | 'reuse'>;

/** What a rebuild uses of a previous image: its name (wildcards), description, and what decides reading its tags again. */
export type PreviousImage = Pick<ManifestImage, 'image' | 'description' | 'droppedTags' | 'lastUpdated' | 'tagsReadAt'> & {badges: PreviousBadge[]};

/** The previous badges.json as a rebuild keeps it: a manifest of 100,000 images is 158 MB of JSON, and most of it is presentation. */
export type PreviousManifest = {sources: ManifestSources; images: PreviousImage[]};

/** Why a stream is not a previous manifest, as the warning completes it ("previous badges from X …"). */
export type ManifestProblem = {problem: string};

const openingBrace = 0x7b;

/**
 * Reads a previous badges.json image by image as its bytes arrive, checking each image
 * entry as the whole file used to be checked (src/render/manifest.ts) and keeping only
 * what a rebuild uses, so that neither the file's text nor its parsed objects are ever
 * in memory at once. The file stays hostile input: it is refused whole when it holds
 * more than `maxObjects` objects (counted by opening braces, those in strings included,
 * before the parser makes them), is not JSON, or is not a manifest; a bad image entry is
 * dropped and the others are kept. `sources` is what the file says, checked by the caller.
 * Past `maxImages` image entries the rest is not parsed either: checking an entry, even an
 * empty one, costs a few microseconds, and the objects are only counted as they arrive.
 */
export async function readManifestStream(
	chunks: AsyncIterable<Uint8Array>,
	{maxObjects, maxImages}: {maxObjects: number; maxImages: number},
): Promise<(Omit<PreviousManifest, 'sources'> & {sources: ManifestSources | undefined}) | ManifestProblem> {
	let objects = 0;
	let entries = 0;
	let invalid = false;
	let generatedAt: unknown;
	let sources: unknown;
	let images: PreviousImage[] = [];
	// Which `images` member they are from: a later one replaces an earlier one, as in JSON.parse.
	let imagesFrom = 0;
	const shape = new TopLevelShape();
	const shared = sharedStrings();

	// Nothing above an image is emitted, so the parser drops each image once it is handed over: no more than one is ever held.
	const parser = new JSONParser({paths: ['$.images.*', '$.generatedAt', '$.sources'], keepStack: false});
	parser.onToken = token => shape.see(token);
	parser.onValue = ({value, key}) => {
		if (key === 'generatedAt') {
			generatedAt = value;
		} else if (key === 'sources') {
			sources = value;
		} else if (++entries <= maxImages) {
			const member = shape.members.get('images')?.count ?? 0;
			if (member !== imagesFrom) {
				imagesFrom = member;
				images = [];
			}
			const parsed = manifestImageSchema.safeParse(value);
			if (parsed.success) {
				images.push(previousImageOf(parsed.data, shared));
			}
		}
	};
	parser.onError = () => {
		invalid = true;
	};

	for await (const chunk of chunks) {
		objects += openingBraces(chunk);
		// Past a cap, or past a syntax error, the rest is only counted: the warning names the count, as it always has.
		if (objects > maxObjects || entries > maxImages) {
			images = [];
		} else if (!invalid) {
			parser.write(chunk);
		}
	}
	if (objects > maxObjects) {
		return {problem: `hold ${objects} JSON objects, more than any build writes (${maxObjects}); ignored`};
	}
	if (entries > maxImages) {
		return {problem: `hold more than ${maxImages} image entries, more than any build writes; ignored`};
	}
	if (!invalid && !parser.isEnded) {
		// A document cut short is an error only now: until the end, the parser waits for more.
		parser.end();
	}
	if (invalid || shape.root === undefined) {
		return {problem: 'are not valid JSON; ignored'};
	}
	const checkedSources = manifestSourcesSchema.optional().safeParse(sources);
	const imagesStart = shape.members.get('images');
	if (typeof generatedAt !== 'string' || imagesStart?.token !== TokenType.LEFT_BRACKET || !checkedSources.success) {
		return {problem: 'do not match the manifest format; ignored'};
	}
	// A last `images` member with no items hands nothing over: the images kept are an earlier member's.
	return {sources: checkedSources.data, images: imagesStart.count === imagesFrom ? images : []};
}

function openingBraces(chunk: Uint8Array): number {
	let count = 0;
	for (let index = chunk.indexOf(openingBrace); index !== -1; index = chunk.indexOf(openingBrace, index + 1)) {
		count++;
	}
	return count;
}

/**
 * One copy of each string, however many entries repeat it: the parser makes a new one for each
 * occurrence, and 100,000 images repeat the same kinds, files, colors, build times and messages.
 */
function sharedStrings(): <T extends string | null | undefined>(value: T) => T {
	const known = new Map<string, string>();
	return value => {
		if (typeof value !== 'string') {
			return value;
		}
		const copy = known.get(value);
		if (copy !== undefined) {
			return copy as typeof value;
		}
		known.set(value, value);
		return value;
	};
}

function previousImageOf({image, description, droppedTags, lastUpdated, tagsReadAt, badges}: ManifestImage, shared: ReturnType<typeof sharedStrings>): PreviousImage {
	return {
		image,
		description,
		...(droppedTags === undefined ? {} : {droppedTags}),
		...(lastUpdated === undefined ? {} : {lastUpdated: shared(lastUpdated)}),
		...(tagsReadAt === undefined ? {} : {tagsReadAt: shared(tagsReadAt)}),
		badges: badges.map(({kind, options, file, message, color, isError, note, fetchedAt, reuse}) => ({
			kind: shared(kind),
			...(options === undefined ? {} : {options}),
			file: shared(file),
			message: shared(message),
			color: shared(color),
			isError,
			...(note === undefined ? {} : {note}),
			fetchedAt: shared(fetchedAt),
			...(reuse === undefined ? {} : {reuse: {color: shared(reuse.color), ...(reuse.pushedAt === undefined ? {} : {pushedAt: shared(reuse.pushedAt)})}}),
		})),
	};
}

/** The document's type and its members' types, by their first tokens: the parser hands over only the values asked for, and not what held them. */
class TopLevelShape {
	root: TokenType | undefined;
	/** Each member's first token, and how many members of that name came so far. */
	readonly members = new Map<unknown, {token: TokenType; count: number}>();
	private depth = 0;
	private key: unknown;
	private afterColon = false;

	see({token, value}: ParsedTokenInfo): void {
		if (this.depth === 0) {
			this.root ??= token;
		} else if (this.depth === 1 && this.root === TokenType.LEFT_BRACE) {
			if (this.afterColon) {
				this.members.set(this.key, {token, count: (this.members.get(this.key)?.count ?? 0) + 1});
				this.afterColon = false;
			} else if (token === TokenType.COLON) {
				this.afterColon = true;
			} else if (token === TokenType.STRING) {
				this.key = value;
			}
		}
		if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) {
			this.depth++;
		} else if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) {
			this.depth--;
		}
	}
}
