/**
 * The longest delay a Node timer takes. A longer one fires after 1 ms with a
 * TimeoutOverflowWarning, and a wait loop built on it spins instead of waiting.
 */
export const maxTimerMs = 2 ** 31 - 1;

/** Resolves after `ms`, or rejects with the signal's reason as soon as it fires. */
export async function wait(ms: number, signal: AbortSignal): Promise<void> {
	signal.throwIfAborted();
	return new Promise((resolve, reject) => {
		const onAbort = () => {
			clearTimeout(timer);
			reject(signal.reason);
		};
		const timer = setTimeout(() => {
			signal.removeEventListener('abort', onAbort);
			resolve();
		}, Math.min(ms, maxTimerMs));
		signal.addEventListener('abort', onAbort, {once: true});
	});
}

/** Settles as `promise` does, or rejects with the signal's reason as soon as it fires; the promise itself runs on. */
export async function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
	signal.throwIfAborted();
	let onAbort: () => void = () => undefined;
	const aborted = new Promise<never>((_resolve, reject) => {
		onAbort = () => reject(signal.reason);
		signal.addEventListener('abort', onAbort, {once: true});
	});
	try {
		return await Promise.race([promise, aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}

/**
 * A signal that fires with the parent's reason when `parent` fires, or with `reason()`
 * once `ms` have passed since `start()` was first called, whichever comes first.
 * `dispose` stops the timer and lets go of the parent.
 */
export class Deadline {
	readonly #controller = new AbortController();
	readonly #onParentAbort: () => void;
	#timer: NodeJS.Timeout | undefined;

	constructor(
		private readonly parent: AbortSignal,
		private readonly ms: number,
		private readonly reason: () => unknown,
	) {
		this.#onParentAbort = () => this.#controller.abort(parent.reason);
		if (parent.aborted) {
			this.#onParentAbort();
		} else {
			parent.addEventListener('abort', this.#onParentAbort, {once: true});
		}
	}

	get signal(): AbortSignal {
		return this.#controller.signal;
	}

	start(): this {
		if (this.#timer === undefined && !this.signal.aborted) {
			this.#timer = setTimeout(() => this.#controller.abort(this.reason()), Math.min(this.ms, maxTimerMs));
		}
		return this;
	}

	dispose(): void {
		clearTimeout(this.#timer);
		this.parent.removeEventListener('abort', this.#onParentAbort);
	}
}
