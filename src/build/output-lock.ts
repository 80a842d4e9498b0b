import {randomBytes} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {link, mkdir, rename, rm, writeFile} from 'node:fs/promises';
import {hostname} from 'node:os';
import path from 'node:path';
import {z} from 'zod';
import {readRegularFile} from '../read-regular-file.ts';

/** Another build holds the output directory: this one stops with exit 2. */
export class OutputLockedError extends Error {
	override readonly name = 'OutputLockedError';
}

const ownerSchema = z.object({
	pid: z.number().int(),
	host: z.string(),
	/** When the owning process started: tells a pid reused by a later process (a container's pid 1) from the owner. */
	processStart: z.number(),
	since: z.string(),
	token: z.string(),
});
type Owner = z.infer<typeof ownerSchema>;

export type OutputLock = {
	/** The lock file, `.<name>.lock` beside the output directory. */
	readonly file: string;
	release(): Promise<void>;
};

/**
 * One build at a time per output directory: two builds swapping one directory lose
 * each other's files. The lock is a file beside the output, created whole in one
 * step (a hard link of a finished draft: never seen empty), naming its owner; a lock
 * whose owner is gone (a killed build) is taken over. Throws OutputLockedError when
 * a live build holds it.
 */
export async function lockOutputDirectory(target: string, out: string, warn: (message: string) => void): Promise<OutputLock> {
	const file = path.join(path.dirname(target), `.${path.basename(target)}.lock`);
	const me: Owner = {
		pid: process.pid,
		host: hostname(),
		processStart: performance.timeOrigin,
		since: new Date().toISOString(),
		token: randomBytes(8).toString('hex'),
	};
	await mkdir(path.dirname(file), {recursive: true});
	const draft = `${file}.${me.token}`;
	await writeFile(draft, JSON.stringify(me), {flag: 'wx'});
	try {
		// Each round either takes the lock, meets a live owner, or clears a dead one; a few rounds cover every race.
		for (let round = 0; round < 5; round++) {
			try {
				await link(draft, file);
				return {file, release: async () => release(file, me)};
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
					throw error;
				}
			}
			const owner = await readOwner(file);
			if (owner === 'gone') {
				continue;
			}
			if (owner === 'unknown') {
				throw new OutputLockedError(`${file} locks --out ${out} but is not a lock this tool wrote; delete it if no build is running`);
			}
			if (isAlive(owner)) {
				const where = owner.host === me.host ? '' : ` on ${owner.host}`;
				throw new OutputLockedError(
					`another build (pid ${owner.pid}${where}, since ${owner.since}) is writing --out ${out}; wait for it to finish, or delete ${file} if no build is running`,
				);
			}
			if (await takeOver(file, owner, me)) {
				warn(`took over ${file} from build pid ${owner.pid} (since ${owner.since}), which is no longer running`);
			}
		}
		throw new OutputLockedError(`could not lock ${file} for --out ${out}: other builds keep taking it; run one build at a time`);
	} finally {
		await rm(draft, {force: true});
	}
}

async function readOwner(file: string): Promise<Owner | 'gone' | 'unknown'> {
	let text: string;
	try {
		text = (await readRegularFile(file, 4096)).toString('utf8');
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : 'unknown';
	}
	try {
		const parsed = ownerSchema.safeParse(JSON.parse(text));
		return parsed.success ? parsed.data : 'unknown';
	} catch {
		return 'unknown';
	}
}

/** A process on another host cannot be checked: it counts as alive. */
function isAlive(owner: Owner): boolean {
	if (owner.host !== hostname()) {
		return true;
	}
	if (owner.pid === process.pid) {
		// Another build in this very process, or an earlier process that had our pid.
		return owner.processStart === performance.timeOrigin;
	}
	try {
		process.kill(owner.pid, 0);
	} catch (error) {
		// EPERM: it exists, under another user.
		return (error as NodeJS.ErrnoException).code !== 'ESRCH';
	}
	// The pid is taken, but while the owner lived nobody else could have it: a process that
	// started well after the owner is a later one that got its pid (after a reboot, in a new container).
	const started = processStartedAt(owner.pid);
	return started === undefined || started <= owner.processStart + startTolerance;
}

// /proc/stat's boot time is in whole seconds, and a process starts a little before Node's time origin.
const startTolerance = 5000;
// USER_HZ, the unit of /proc/<pid>/stat's start time, is 100 on every Linux architecture Node runs on.
const ticksPerSecond = 100;

/** When a process started, in ms since the epoch, from Linux's /proc; undefined where there is no /proc. */
function processStartedAt(pid: number): number | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
		const startTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
		const bootSeconds = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
		if (!Number.isFinite(startTicks) || !Number.isFinite(bootSeconds)) {
			return undefined;
		}
		return bootSeconds * 1000 + (startTicks / ticksPerSecond) * 1000;
	} catch {
		return undefined;
	}
}

/**
 * Moves the dead owner's lock aside, in one rename so that of two builds clearing it
 * only one succeeds. If another build took it over between our read and our rename,
 * what we moved is that build's live lock: it is put back.
 */
async function takeOver(file: string, dead: Owner, me: Owner): Promise<boolean> {
	const aside = `${file}.stale-${me.token}`;
	try {
		await rename(file, aside);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return false;
		}
		throw error;
	}
	const moved = await readOwner(aside);
	const wasDead = typeof moved === 'object' && moved.token === dead.token;
	if (!wasDead) {
		await link(aside, file).catch(() => undefined);
	}
	await rm(aside, {force: true});
	return wasDead;
}

/** Removes the lock only while it is ours: never another build's. */
async function release(file: string, me: Owner): Promise<void> {
	const owner = await readOwner(file);
	if (typeof owner === 'object' && owner.token === me.token) {
		await rm(file, {force: true});
	}
}
