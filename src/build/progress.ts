import cliProgress from 'cli-progress';
import type {HubClient} from '../hub/client.ts';

/** Where the build writes: a terminal, a CI log, or a buffer in tests. */
export type Output = NodeJS.WritableStream & {isTTY?: boolean};

export type Progress = {tick(): void; stop(): void};

/**
 * A bar on a terminal (images, requests, rate budget, ETA); in CI, where a bar
 * would print thousands of lines, one line per 10 %.
 */
/** `hub`: the build's requests so far (every registry's) and Docker Hub's rate budget. */
export function startProgress(total: number, hub: Pick<HubClient, 'stats' | 'rateLimitRemaining'>, stream: Output): Progress {
	let done = 0;
	const numbers = () => ({requests: hub.stats.requests, budget: hub.rateLimitRemaining ?? '?'});

	if (stream.isTTY) {
		const bar = new cliProgress.SingleBar(
			{
				stream,
				format: 'images {bar} {value}/{total} | {requests} requests | rate budget {budget} | ETA {eta_formatted}',
				hideCursor: true,
				clearOnComplete: true,
			},
			cliProgress.Presets.shades_classic,
		);
		bar.start(total, 0, numbers());
		// Keeps the numbers moving while requests wait on the rate limit.
		const timer = setInterval(() => bar.update(done, numbers()), 500);
		return {
			tick() {
				done++;
				bar.update(done, numbers());
			},
			stop() {
				clearInterval(timer);
				bar.stop();
			},
		};
	}

	const startedAt = Date.now();
	let reported = 0;
	return {
		tick() {
			done++;
			const tenth = Math.floor((done / total) * 10);
			if (tenth > reported) {
				reported = tenth;
				const {requests, budget} = numbers();
				const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
				const rate = budget === '?' ? '' : `, rate budget ${budget}`;
				stream.write(`${tenth * 10}% ${done}/${total} images, ${requests} requests${rate}, ${seconds} s\n`);
			}
		},
		stop() {},
	};
}
