import {maxTimerMs} from './deadline.ts';
import {HubError} from './errors.ts';
import type {Pacer} from './pacer.ts';

type Waiter = {grant: () => void; refuse: (error: unknown) => void};

/**
 * Hands out the right to send one request: never more than `concurrency` in flight,
 * never faster than the pacer allows. Waiters leave in the order they came, or when
 * their own signal fires. A hold longer than `maxWaitMs` (a spent budget whose reset
 * is far away, a 429 that asked for an hour) sends everyone waiting away at once.
 */
export class Scheduler {
	#inFlight = 0;
	#queue: Waiter[] = [];
	#closed = false;
	#timer: NodeJS.Timeout | undefined;
	#waitStartedAt: number | undefined;
	#waitedMs = 0;

	constructor(
		private readonly concurrency: number,
		private readonly pacer: Pacer,
		private readonly maxWaitMs: number,
	) {}

	/** Time the queue stood still because of the rate limit, summed over the build. */
	get waitedMs(): number {
		return this.#waitedMs + (this.#waitStartedAt === undefined ? 0 : Date.now() - this.#waitStartedAt);
	}

	async acquire(signal: AbortSignal): Promise<void> {
		if (this.#closed) {
			throw stopped();
		}
		signal.throwIfAborted();
		const granted = new Promise<void>((grant, refuse) => {
			const onAbort = () => {
				this.#queue.splice(this.#queue.indexOf(waiter), 1);
				if (this.#queue.length === 0) {
					// A queue that nobody waits in is not time spent on the rate limit.
					this.#endWait(Date.now());
				}
				refuse(signal.reason);
			};
			const waiter: Waiter = {
				grant() {
					signal.removeEventListener('abort', onAbort);
					grant();
				},
				refuse(error) {
					signal.removeEventListener('abort', onAbort);
					refuse(error);
				},
			};
			signal.addEventListener('abort', onAbort, {once: true});
			this.#queue.push(waiter);
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
			if (delay > this.maxWaitMs) {
				this.#endWait(now);
				const error = new HubError('rate-limited', `Docker Hub's rate limit holds requests for ${Math.ceil(delay / 1000)} s, longer than a build waits`);
				for (const waiter of this.#queue.splice(0)) {
					waiter.refuse(error);
				}
				return;
			}
			if (delay > 0) {
				this.#waitStartedAt ??= now;
				if (this.#timer === undefined) {
					this.#timer = setTimeout(() => {
						this.#timer = undefined;
						this.pump();
					}, Math.min(delay, maxTimerMs));
				}
				return;
			}
			this.#endWait(now);
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
			waiter.refuse(stopped());
		}
	}

	#endWait(now: number): void {
		if (this.#waitStartedAt !== undefined) {
			this.#waitedMs += now - this.#waitStartedAt;
			this.#waitStartedAt = undefined;
		}
	}
}

function stopped(): HubError {
	return new HubError('unavailable', 'the build stopped before this request was sent');
}
