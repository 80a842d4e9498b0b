import {createHash} from 'node:crypto';

export type FakeImage = {architecture: string; os: string; variant?: string | null; digest: string; size: number; os_version?: string};
export type FakeTag = {
	name: string;
	/** RFC 3339, with 0 to 9 fractional digits as Docker Hub writes them. */
	last_updated: string;
	images: FakeImage[];
	/** The tag's own digest; default: the multi-arch index digest (or the only image's); null: Docker Hub sends none. */
	digest?: string | null;
	/** Default: the amd64 image's size (else the first image's); old multi-arch tags have 0. */
	full_size?: number;
};
export type FakeRepository = {
	namespace: string;
	name: string;
	description: string;
	is_private: boolean;
	pull_count: number;
	star_count: number;
	last_updated: string;
	tags: FakeTag[];
};

const SECOND = 1000;
const DAY = 86_400 * SECOND;

/** Attestation manifests are tiny; Docker Hub lists them as images of platform unknown/unknown. */
const ATTESTATION_SIZE = 842;

/**
 * A digest derived from a label, so the same build always gets the same digest
 * (across runs and across tags of that build) without any randomness.
 */
function digestOf(label: string): string {
	return `sha256:${createHash('sha256').update(label).digest('hex')}`;
}

/**
 * The digest of a multi-arch index: a manifest of its own, so it matches none of the
 * images it lists, which is what Docker Hub sends as a multi-arch tag's `digest`.
 */
export function indexDigestOf(images: FakeImage[]): string {
	return digestOf(`index ${images.map((image) => image.digest).join(' ')}`);
}

/**
 * A push time as Docker Hub writes it, with `digits` fractional digits (0 to 9): mostly
 * 6, sometimes none or 9. Digits past the millisecond are filled in, as a clock with
 * finer ticks would.
 */
export function dockerTime(ms: number, digits: number): string {
	const iso = new Date(ms).toISOString();
	const fraction = `${iso.slice(20, 23)}482913`.slice(0, digits);
	return `${iso.slice(0, 19)}${digits > 0 ? `.${fraction}` : ''}Z`;
}

/** Fractional digits by push: Docker Hub's times are not all written alike. */
const FRACTION_DIGITS = [6, 0, 9, 6, 1, 3];

/** A platform as Docker writes it: os/architecture[/variant], plus the compressed size. */
type Platform = {platform: string; size: number; osVersion?: string};

/**
 * The images of one build. Every tag pushed from the same build shares these
 * digests, which is how Docker Hub shows that `latest` and `1.27.3` are the same image.
 */
function build(label: string, platforms: Platform[], attestations: boolean): FakeImage[] {
	const images: FakeImage[] = [];
	for (const {platform, size, osVersion} of platforms) {
		const [os = '', architecture = '', variant] = platform.split('/');
		images.push({
			architecture,
			os,
			variant: variant ?? null,
			digest: digestOf(`${label} ${platform} ${osVersion ?? ''}`),
			size,
			...(osVersion === undefined ? {} : {os_version: osVersion}),
		});
	}
	if (attestations) {
		// One attestation manifest per platform, as BuildKit pushes them.
		for (const {platform} of platforms) {
			images.push({architecture: 'unknown', os: 'unknown', variant: null, digest: digestOf(`${label} ${platform} attestation`), size: ATTESTATION_SIZE});
		}
	}
	return images;
}

/** Sizes of the other platforms as rough fractions of amd64, close to what Docker Hub shows for Debian-based images. */
function platforms(amd64Size: number, ratios: Record<string, number>): Platform[] {
	return Object.entries(ratios).map(([platform, ratio]) => ({platform, size: Math.round(amd64Size * ratio)}));
}

const NGINX_PLATFORMS = {
	'linux/amd64': 1,
	'linux/arm64/v8': 0.96,
	'linux/arm/v7': 0.86,
	'linux/386': 1.02,
	'linux/ppc64le': 1.08,
	'linux/s390x': 0.97,
};

/** Tags pushed together: a second apart in list order, so the first name is the newest. */
function pushed(names: string[], at: number, images: FakeImage[], extra: Partial<FakeTag> = {}): FakeTag[] {
	return names.map((name, index) => ({name, last_updated: dockerTime(at - index * SECOND, FRACTION_DIGITS[index % FRACTION_DIGITS.length]!), images, ...extra}));
}

function repository(fields: Omit<FakeRepository, 'last_updated'>): FakeRepository {
	// Docker Hub moves a repository's last_updated with every push, so it is its newest tag's.
	const newest = Math.max(...fields.tags.map((tag) => Date.parse(tag.last_updated)));
	return {...fields, last_updated: new Date(newest).toISOString()};
}

function nginx(now: number): FakeRepository {
	const at = now - 2 * DAY;
	// 70,045,000 bytes shows as "66.8 MiB" (IEC) and "70 MB" (SI): both unambiguous in badge tests.
	const mainline = build('library/nginx 1.27.3', platforms(70_045_000, NGINX_PLATFORMS), true);
	const mainlineAlpine = build('library/nginx 1.27.3-alpine', platforms(20_342_611, NGINX_PLATFORMS), true);
	const stable = build('library/nginx 1.26.2', platforms(69_812_374, NGINX_PLATFORMS), true);
	const stableAlpine = build('library/nginx 1.26.2-alpine', platforms(20_188_903, NGINX_PLATFORMS), true);
	const older = build('library/nginx 1.27.2', platforms(69_990_215, NGINX_PLATFORMS), true);
	const oldStable = build('library/nginx 1.26.1', platforms(69_704_442, NGINX_PLATFORMS), true);
	const legacy = build('library/nginx 1.25.5', platforms(67_551_380, NGINX_PLATFORMS), true);
	return repository({
		namespace: 'library',
		name: 'nginx',
		description: 'Official build of Nginx.',
		is_private: false,
		pull_count: 10_412_377_856,
		star_count: 20_512,
		tags: [
			...pushed(['latest', 'mainline', '1.27.3', '1.27', '1', 'mainline-bookworm', '1.27.3-bookworm', 'bookworm'], at, mainline),
			...pushed(['alpine', 'mainline-alpine', '1.27.3-alpine', '1.27-alpine', '1-alpine'], at - 10 * 60 * SECOND, mainlineAlpine),
			...pushed(['stable', '1.26.2', '1.26', 'stable-bookworm', '1.26.2-bookworm'], at - 20 * 60 * SECOND, stable),
			...pushed(['stable-alpine', '1.26.2-alpine', '1.26-alpine'], at - 30 * 60 * SECOND, stableAlpine),
			...pushed(['1.27.2', '1.27.2-bookworm'], now - 40 * DAY, older),
			...pushed(['1.26.1', '1.26.1-bookworm'], now - 100 * DAY, oldStable),
			// Docker Hub sends full_size 0 for old multi-arch tags.
			...pushed(['1.25.5', '1.25', '1.25.5-bookworm'], now - 200 * DAY, legacy, {full_size: 0}),
		],
	});
}

function grafana(now: number): FakeRepository {
	const alpine = {'linux/amd64': 1, 'linux/arm64': 0.97, 'linux/arm/v7': 0.9};
	const ubuntu = {'linux/amd64': 1, 'linux/arm64': 0.97};
	return repository({
		namespace: 'grafana',
		name: 'grafana',
		description: 'The official Grafana docker container',
		is_private: false,
		pull_count: 1_912_345_678,
		star_count: 3_187,
		tags: [
			// 11.2.2 is a backport pushed after 11.3.0, so the newest tag by date is not the highest version.
			...pushed(['11.2.2', '11.2.2-ubuntu'], now - 5 * DAY, build('grafana/grafana 11.2.2', platforms(131_556_812, alpine), true)),
			...pushed(['latest', '11.3.0'], now - 9 * DAY, build('grafana/grafana 11.3.0', platforms(131_872_440, alpine), true)),
			...pushed(['11.3.0-ubuntu'], now - 9 * DAY - 5 * 60 * SECOND, build('grafana/grafana 11.3.0-ubuntu', platforms(152_004_917, ubuntu), true)),
			...pushed(['11.2.1'], now - 30 * DAY, build('grafana/grafana 11.2.1', platforms(131_402_005, alpine), true)),
			...pushed(['10.4.11'], now - 60 * DAY, build('grafana/grafana 10.4.11', platforms(124_870_136, alpine), true)),
		],
	});
}

function redis(now: number): FakeRepository {
	const linux = {'linux/amd64': 1, 'linux/arm64': 0.98};
	// Bitnami pushes without attestations, and its immutable tag (-debian-12-rN) is the same image as the version tags.
	return repository({
		namespace: 'bitnami',
		name: 'redis',
		description: 'Bitnami container image for Redis',
		is_private: false,
		pull_count: 1_203_456_789,
		star_count: 312,
		tags: [
			...pushed(['latest', '7.4.1', '7.4', '7', '7.4.1-debian-12-r2'], now - 40 * DAY, build('bitnami/redis 7.4.1-debian-12-r2', platforms(40_711_208, linux), false)),
			...pushed(['7.2.6', '7.2', '7.2.6-debian-12-r3'], now - 60 * DAY, build('bitnami/redis 7.2.6-debian-12-r3', platforms(40_380_772, linux), false)),
		],
	});
}

function privateApp(now: number): FakeRepository {
	const linux = {'linux/amd64': 1, 'linux/arm64': 0.95};
	return repository({
		namespace: 'myorg',
		name: 'app',
		description: 'Internal application',
		is_private: true,
		pull_count: 1_234,
		star_count: 0,
		tags: [
			...pushed(['latest', '1.2.0', '1.2'], now - 200 * DAY, build('myorg/app 1.2.0', platforms(85_231_004, linux), true)),
			...pushed(['1.1.0', '1.1'], now - 260 * DAY, build('myorg/app 1.1.0', platforms(84_900_112, linux), true)),
		],
	});
}

function helloWorld(now: number): FakeRepository {
	const linux: Platform[] = [
		{platform: 'linux/amd64', size: 3_208},
		{platform: 'linux/arm64/v8', size: 3_195},
	];
	const windows: Platform = {platform: 'windows/amd64', size: 121_046_512, osVersion: '10.0.20348.2849'};
	// Windows images carry no attestations, so the Windows part is its own build.
	const linuxImages = build('library/hello-world linux', linux, true);
	const windowsImages = build('library/hello-world nanoserver-ltsc2022', [windows], false);
	return repository({
		namespace: 'library',
		name: 'hello-world',
		description: 'Hello World! (an example of minimal Dockerization)',
		is_private: false,
		pull_count: 2_583_310_442,
		star_count: 2_341,
		tags: [
			...pushed(['latest'], now - 560 * DAY, [...linuxImages, ...windowsImages]),
			...pushed(['linux'], now - 560 * DAY - SECOND, linuxImages),
			// Some tags come without a digest of their own.
			...pushed(['nanoserver-ltsc2022', 'nanoserver'], now - 560 * DAY - 2 * SECOND, windowsImages, {digest: null}),
		],
	});
}

/**
 * A multi-arch push under way: `latest` and 2.1.0 were pushed 20 minutes ago with
 * their arm64 image, and the amd64 one is still being built; 2.0.0 has both.
 */
function partWayPush(now: number): FakeRepository {
	const both = {'linux/amd64': 1, 'linux/arm64': 0.97};
	return repository({
		namespace: 'acme',
		name: 'edge',
		description: 'A multi-arch push half done',
		is_private: false,
		pull_count: 52_311,
		star_count: 12,
		tags: [
			...pushed(['latest', '2.1.0', '2.1'], now - 20 * 60 * SECOND, build('acme/edge 2.1.0', platforms(30_111_222, {'linux/arm64': 1}), true)),
			...pushed(['2.0.0', '2.0'], now - 10 * DAY, build('acme/edge 2.0.0', platforms(29_876_543, both), true)),
		],
	});
}

/**
 * Realistic repositories for tests and the demo. Times are relative to `now` so
 * 'last updated' badges keep their colour: nginx 2 days, grafana 5, redis 40,
 * myorg/app 200, hello-world 560; acme/edge is part-way through a push.
 */
export function demoRepositories(now: Date = new Date()): FakeRepository[] {
	const at = now.getTime();
	return [nginx(at), helloWorld(at), grafana(at), redis(at), privateApp(at), partWayPush(at)];
}

/** mulberry32: a tiny seeded PRNG, so generated data varies but is the same on every run. */
function prng(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/** The n-th version, counting up: 1.0.0, 1.0.1 … 1.0.9, 1.1.0 … */
function version(n: number): string {
	return `${Math.floor(n / 100) + 1}.${Math.floor(n / 10) % 10}.${n % 10}`;
}

/**
 * Many small public repositories for paging tests and benchmarks: namespaces
 * ns000…, repositories repo0000…, each with `latest` (newest) plus semver tags,
 * the newest of which is the same build as `latest`.
 */
export function generateRepositories(options: {namespaces: number; perNamespace: number; tagsPerRepository?: number; now?: Date}): FakeRepository[] {
	const {namespaces, perNamespace, tagsPerRepository = 3, now = new Date()} = options;
	const repositories: FakeRepository[] = [];
	for (let n = 0; n < namespaces; n++) {
		const namespace = `ns${String(n).padStart(3, '0')}`;
		for (let r = 0; r < perNamespace; r++) {
			const name = `repo${String(r).padStart(4, '0')}`;
			// Seeded by position, so a repository's data does not depend on how many others are generated.
			const random = prng(n * 1_000_003 + r);
			const newest = now.getTime() - SECOND * Math.floor(3_600 + random() * 400 * 86_400);
			const linux = platforms(5_000_000 + Math.floor(random() * 200_000_000), {'linux/amd64': 1, 'linux/arm64': 0.96});
			const versions = Array.from({length: Math.max(0, tagsPerRepository - 1)}, (_, i): FakeTag => {
				const tag = version(tagsPerRepository - 2 - i);
				const pushedAt = dockerTime(newest - SECOND - i * DAY, FRACTION_DIGITS[i % FRACTION_DIGITS.length]!);
				return {name: tag, last_updated: pushedAt, images: build(`${namespace}/${name}:${tag}`, linux, true)};
			});
			const latest: FakeTag = {
				name: 'latest',
				last_updated: dockerTime(newest, 6),
				images: versions[0]?.images ?? build(`${namespace}/${name}:latest`, linux, true),
			};
			const pullCount = Math.floor(10 ** (random() * 8));
			repositories.push({
				namespace,
				name,
				description: `Generated repository ${namespace}/${name}`,
				is_private: false,
				pull_count: pullCount,
				star_count: Math.floor(pullCount / 5_000),
				last_updated: new Date(newest).toISOString(),
				tags: tagsPerRepository > 0 ? [latest, ...versions] : [],
			});
		}
	}
	return repositories;
}

/**
 * What a release pushes: `latest` and `version`, the same linux/amd64 and linux/arm64
 * build, at `at`; each push through the fake hub's `push` moves the repository's last_updated.
 */
export function releaseTags(image: string, version: string, at: Date): FakeTag[] {
	const images = build(`${image}:${version}`, platforms(90_000_000, {'linux/amd64': 1, 'linux/arm64': 0.95}), false);
	return ['latest', version].map((name) => ({name, last_updated: dockerTime(at.getTime(), 6), images}));
}
