import type {ImageData} from '../badges/types.ts';
import type {RegistrySettings} from '../build/registry-settings.ts';
import type {HubStats} from '../hub/client.ts';
import {HubError} from '../hub/errors.ts';
import type {Redactor} from '../hub/redactor.ts';
import type {PlannedImage} from '../plan.ts';
import type {OpenRegistry, RegistryAdapter, RegistryImage} from './adapter.ts';
import {ociAdapter} from './oci/adapter.ts';
import {quayAdapter} from './quay/adapter.ts';
import {OriginClients, type ClientTuning} from './origin-clients.ts';
import {registryRules, type RegistryRules} from './registries.ts';

/** Each registry's fetching half, by `RegistryRules.adapter`. */
export const adapters: Record<RegistryRules['adapter'], RegistryAdapter> = {
	oci: ociAdapter,
	quay: quayAdapter,
};

export function adapterFor(host: string): RegistryAdapter {
	return adapters[registryRules(host).adapter];
}

/** What each other registry's images cost at least, for `npm run check`: its once-per-build requests and each image's. */
export function estimateElsewhere(images: readonly PlannedImage[]): Array<{registry: string; minimum: number; mayNeedMore: number; explain: string}> {
	const byRegistry = new Map<string, PlannedImage[]>();
	for (const image of images.filter(isRegistryImage)) {
		byRegistry.set(image.registry, [...(byRegistry.get(image.registry) ?? []), image]);
	}
	return [...byRegistry].map(([registry, members]) => {
		const adapter = adapterFor(registry);
		const estimates = members.map(image => adapter.estimate(image));
		return {
			registry,
			minimum: adapter.once + estimates.reduce((sum, estimate) => sum + estimate.minimum, 0),
			mayNeedMore: estimates.filter(estimate => estimate.mayNeedMore).length,
			explain: registryRules(registry).explain,
		};
	});
}

export function isRegistryImage(image: PlannedImage): image is RegistryImage {
	return image.registry !== undefined;
}

/**
 * Every image outside Docker Hub goes through here: its registry's adapter, with that
 * registry's own clients and credentials. Failures become the image's data, as Docker
 * Hub's do in collect; anything else (a bug) still stops the build.
 */
export class OtherRegistries {
	readonly #clients = new Map<string, OriginClients>();
	readonly #open = new Map<string, OpenRegistry>();

	constructor(
		private readonly settings: ReadonlyMap<string, RegistrySettings>,
		private readonly tuning: ClientTuning,
		private readonly redactor: Redactor,
		private readonly deadlineAt: number | undefined,
	) {
		for (const {credentials, apiToken} of settings.values()) {
			if (apiToken) {
				redactor.add(apiToken);
			}
			if (credentials) {
				redactor.add(credentials.secret);
			}
		}
	}

	async fetch(image: RegistryImage): Promise<ImageData> {
		const settings = this.settings.get(image.registry);
		if (!settings) {
			// The build makes settings for every registry its config names.
			throw new Error(`no settings for registry ${image.registry}`);
		}
		let registry = this.#open.get(image.registry);
		if (!registry) {
			const clients = this.#clientsOf(image.registry, settings.origin);
			registry = adapterFor(image.registry).open({host: image.registry, origin: settings.origin, apiOrigin: settings.apiOrigin, apiToken: settings.apiToken, credentials: settings.credentials, client: origin => clients.client(origin)});
			this.#open.set(image.registry, registry);
		}
		try {
			return await registry.fetch(image);
		} catch (error) {
			if (error instanceof HubError) {
				return {repository: {ok: false, error}, tags: {ok: false, error}, lookups: new Map()};
			}
			throw error;
		}
	}

	/** Requests and waits per registry, in the order the registries were first asked. */
	get stats(): Array<{registry: string; stats: HubStats}> {
		return [...this.#clients].map(([registry, clients]) => ({registry, stats: clients.stats}));
	}

	get stoppedBecause(): string | undefined {
		return [...this.#clients.values()].map(clients => clients.stoppedBecause).find(reason => reason !== undefined);
	}

	async close(): Promise<void> {
		await Promise.all([...this.#clients.values()].map(async clients => clients.close()));
	}

	async abort(): Promise<void> {
		await Promise.all([...this.#clients.values()].map(async clients => clients.abort()));
	}

	#clientsOf(registry: string, origin: string): OriginClients {
		let clients = this.#clients.get(registry);
		if (!clients) {
			clients = new OriginClients(registry, origin, this.tuning, this.redactor, this.deadlineAt);
			this.#clients.set(registry, clients);
		}
		return clients;
	}
}
