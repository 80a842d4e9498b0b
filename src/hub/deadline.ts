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
 * A signal that fires `ms` from now with `reason()`, or with the parent's reason if the
 * parent fires first. `dispose` stops the timer and lets go of the parent.
 */
export function deadline(parent: AbortSignal, ms: number, reason: () => unknown): {signal: AbortSignal; dispose: () => void} {
	const controller = new AbortController();
	if (parent.aborted) {
		controller.abort(parent.reason);
		return {signal: controller.signal, dispose: () => undefined};
	}
	const onParentAbort = () => controller.abort(parent.reason);
	parent.addEventListener('abort', onParentAbort, {once: true});
	const timer = setTimeout(() => controller.abort(reason()), Math.min(ms, maxTimerMs));
	return {
		signal: controller.signal,
		dispose() {
			clearTimeout(timer);
			parent.removeEventListener('abort', onParentAbort);
		},
	};
}
