import {HubClient, type HubClientOptions, type HubStats} from '../hub/client.ts';
import type {Redactor} from '../hub/redactor.ts';

/** The knobs every client of a build shares; tests shorten the waits. */
export type ClientTuning = Omit<HubClientOptions, 'baseUrl' | 'name' | 'credentials' | 'redactor' | 'fetchDeadlineMs'>;

/**
 * One client per origin for one registry (its own origin, its token realm, where its blobs
 * redirect), made when first needed. They share the build's redactor, so every message
 * hides every secret, and the build's fetch deadline, counted from the build's start.
 */
export class OriginClients {
	readonly #clients = new Map<string, HubClient>();

	constructor(
		/** The registry's host, as messages name it. */
		private readonly name: string,
		/** Its own origin, named by the host alone; any other (a realm, storage) by the host and its own. */
		private readonly registryOrigin: string,
		private readonly tuning: ClientTuning,
		private readonly redactor: Redactor,
		/** When the build's fetch deadline passes (Date.now() scale); none when undefined. */
		private readonly deadlineAt: number | undefined,
	) {}

	client(origin: string): HubClient {
		let client = this.#clients.get(origin);
		if (!client) {
			const fetchDeadlineMs = this.deadlineAt === undefined ? undefined : Math.max(0, this.deadlineAt - Date.now());
			const name = origin === this.registryOrigin ? this.name : `${this.name}'s ${new URL(origin).host}`;
			client = new HubClient({...this.tuning, baseUrl: origin, name, redactor: this.redactor, fetchDeadlineMs});
			this.#clients.set(origin, client);
		}
		return client;
	}

	/** Every request to every origin of this registry. */
	get stats(): HubStats {
		const total: HubStats = {requests: 0, logins: 0, tooManyRequests: 0, retries: 0, rateLimitWaitMs: 0};
		for (const client of this.#clients.values()) {
			const stats = client.stats;
			total.requests += stats.requests;
			total.tooManyRequests += stats.tooManyRequests;
			total.retries += stats.retries;
			total.rateLimitWaitMs += stats.rateLimitWaitMs;
		}
		return total;
	}

	/** Why a client stopped asking (the fetch deadline, a silent server), if one did. */
	get stoppedBecause(): string | undefined {
		return [...this.#clients.values()].map(client => client.stoppedBecause).find(reason => reason !== undefined);
	}

	async close(): Promise<void> {
		await Promise.all([...this.#clients.values()].map(async client => client.close()));
	}

	async abort(): Promise<void> {
		await Promise.all([...this.#clients.values()].map(async client => client.abort()));
	}
}
