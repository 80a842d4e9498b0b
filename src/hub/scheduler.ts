import {HubError} from './errors.ts';
import type {Pacer} from './pacer.ts';

/**
 * Hands out the right to send one request: never more than `concurrency` in flight,
 * never faster than the pacer allows. Waiters leave in the order they came.
 */
export class Scheduler {
	#inFlight = 0;
	#queue: Array<{grant: () => void; refuse: (error: Error) => void}> = [];
	#closed = false;
	#timer: NodeJS.Timeout | undefined;
	#waitStartedAt: number | undefined;
	#waitedMs = 0;

	constructor(
		private readonly concurrency: number,
		private readonly pacer: Pacer,
	) {}

	/** Time the queue stood still because of the rate limit, summed over the build. */
	get waitedMs(): number {
		return this.#waitedMs + (this.#waitStartedAt === undefined ? 0 : Date.now() - this.#waitStartedAt);
	}

	async acquire(): Promise<void> {
		if (this.#closed) {
			throw new HubError('unavailable', 'the build stopped before this request was sent');
		}
		const granted = new Promise<void>((grant, refuse) => {
			this.#queue.push({grant, refuse});
		});
		this.pump();
		return granted;
	}

	release(): void {
		this.#inFlight--;
		this.pump();
	}

	/** Re-checks the queue; called after anything that may let a request go (a release, new rate-limit headers). */
	pump(): void {
		while (this.#queue.length > 0 && this.#inFlight < this.concurrency) {
			const now = Date.now();
			const delay = this.pacer.delay(now, this.#inFlight);
			if (delay > 0) {
				this.#waitStartedAt ??= now;
				if (this.#timer === undefined) {
					this.#timer = setTimeout(() => {
						this.#timer = undefined;
						this.pump();
					}, delay);
				}
				return;
			}
			if (this.#waitStartedAt !== undefined) {
				this.#waitedMs += now - this.#waitStartedAt;
				this.#waitStartedAt = undefined;
			}
			this.#inFlight++;
			this.#queue.shift()!.grant();
		}
	}

	/**
	 * Stops the pacing timer so a finished or failed build does not keep the process
	 * alive, and turns away whatever still waits: a stopped build sends nothing more.
	 */
	close(): void {
		this.#closed = true;
		clearTimeout(this.#timer);
		this.#timer = undefined;
		for (const waiter of this.#queue.splice(0)) {
			waiter.refuse(new HubError('unavailable', 'the build stopped before this request was sent'));
		}
	}
}
