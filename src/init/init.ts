import {constants} from 'node:fs';
import {lstat, mkdir, open} from 'node:fs/promises';
import path from 'node:path';
import packageJson from '../../package.json' with {type: 'json'};
import {exitCodes} from '../build/exit-codes.ts';
import type {Output} from '../build/progress.ts';
import {imageKey, parseImageName} from '../config/image-name.ts';
import {logLine} from '../text/log-line.ts';
import {nextSteps, starterConfig, starterWorkflow} from './templates.ts';

export type InitOptions = {
	/** The repository to start: the two files are written here, nowhere else. */
	directory: string;
	images: string[];
	force: boolean;
	/** `owner/repo@ref` of the action the workflow uses; default: this package's repository at its version. */
	action?: string | undefined;
	stdout: Output;
	stderr: Output;
};

const configFile = 'badges.yml';
const workflowFile = path.join('.github', 'workflows', 'badges.yml');

// An action reference GitHub accepts, and nothing that could break out of its YAML line.
const actionReference = /^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9_-][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9_./-]*)?@[A-Za-z0-9_][A-Za-z0-9_./-]*$/;

/** Writes a starter badges.yml and workflow into `directory`; refuses, writing nothing, when either exists (unless `force`) or is not a plain file. */
export async function init(options: InitOptions): Promise<number> {
	const fail = (problems: string[]) => {
		for (const problem of problems) {
			options.stderr.write(`${logLine(problem)}\n`);
		}
		return exitCodes.unusable;
	};

	const images = canonicalImages(options.images);
	if ('problems' in images) {
		return fail(images.problems);
	}
	const action = options.action ?? defaultAction();
	if (!action || !actionReference.test(action)) {
		return fail([
			action
				? `--action ${action} is not an action reference such as owner/repo@v1`
				: 'this copy of dockerhub-badges does not know its GitHub repository (package.json "repository"); pass --action owner/repo@ref',
		]);
	}

	const refusals = [...(await directoryRefusals(options.directory)), ...(await fileRefusals(options.directory, options.force))];
	if (refusals.length > 0) {
		return fail([...refusals, 'Nothing was written.']);
	}

	await mkdir(path.join(options.directory, path.dirname(workflowFile)), {recursive: true});
	await writeNoFollow(path.join(options.directory, configFile), starterConfig(images.names), options.force);
	await writeNoFollow(path.join(options.directory, workflowFile), starterWorkflow(action, registriesOf(images.names)), options.force);
	options.stdout.write(nextSteps([configFile, workflowFile]));
	return exitCodes.ok;
}

/** Each image as badges.yml lists it (`nginx`, `grafana/grafana`), or every problem with them. */
export function canonicalImages(inputs: string[]): {names: string[]} | {problems: string[]} {
	if (inputs.length === 0) {
		return {problems: ['name at least one image: dockerhub-badges init nginx myorg/app']};
	}
	const names: string[] = [];
	const problems: string[] = [];
	for (const input of inputs) {
		const parsed = parseImageName(input);
		if ('error' in parsed) {
			problems.push(parsed.error);
			continue;
		}
		const name = parsed.registry === undefined && parsed.namespace === 'library' ? parsed.repo : imageKey(parsed);
		if (names.includes(name)) {
			problems.push(`"${input}" is listed twice`);
			continue;
		}
		names.push(name);
	}
	return problems.length > 0 ? {problems} : {names};
}

/** The registry hosts of the images outside Docker Hub, each once. */
function registriesOf(names: readonly string[]): string[] {
	const hosts = names.flatMap(name => {
		const parsed = parseImageName(name);
		return 'registry' in parsed && parsed.registry !== undefined ? [parsed.registry] : [];
	});
	return [...new Set(hosts)];
}

function defaultAction(): string | undefined {
	return actionOfRepository((packageJson as {repository?: {url?: string} | string}).repository, packageJson.version);
}

/** `owner/repo@v<version>` from package.json's `repository` (`github:owner/repo`, `git+https://github.com/owner/repo.git`, …), if it is on GitHub. */
export function actionOfRepository(repository: {url?: string} | string | undefined, version: string): string | undefined {
	const url = typeof repository === 'string' ? repository : repository?.url;
	const slug = /^(?:github:|(?:git\+)?(?:https|ssh|git):\/\/(?:git@)?github\.com\/|git@github\.com:)([\w.-]+\/[\w.-]+?)(?:\.git)?\/?$/.exec(url ?? '')?.[1];
	return slug ? `${slug}@v${version}` : undefined;
}

/** `.github` and `.github/workflows` must be real directories (or missing): a link would take the workflow elsewhere. */
async function directoryRefusals(directory: string): Promise<string[]> {
	const refusals: string[] = [];
	for (const relative of ['.github', path.dirname(workflowFile)]) {
		const stats = await lstatOrMissing(path.join(directory, relative));
		if (stats && !stats.isDirectory()) {
			refusals.push(`${relative} is ${stats.isSymbolicLink() ? 'a symbolic link' : 'not a directory'}; init writes only into real directories of this repository`);
			break;
		}
	}
	return refusals;
}

async function fileRefusals(directory: string, force: boolean): Promise<string[]> {
	const refusals: string[] = [];
	for (const relative of [configFile, workflowFile]) {
		const stats = await lstatOrMissing(path.join(directory, relative));
		if (!stats) {
			continue;
		}
		if (stats.isSymbolicLink()) {
			refusals.push(`${relative} is a symbolic link; init writes only plain files, even with --force`);
		} else if (!stats.isFile()) {
			refusals.push(`${relative} exists and is not a file`);
		} else if (!force) {
			refusals.push(`${relative} exists; pass --force to replace it`);
		}
	}
	return refusals;
}

async function lstatOrMissing(file: string) {
	try {
		return await lstat(file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return undefined;
		}
		throw error;
	}
}

/** O_NOFOLLOW: a link planted since the checks above fails the open instead of being written through; O_EXCL without --force. */
async function writeNoFollow(file: string, text: string, force: boolean): Promise<void> {
	const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | (force ? constants.O_TRUNC : constants.O_EXCL);
	const handle = await open(file, flags, 0o644);
	try {
		await handle.writeFile(text);
	} finally {
		await handle.close();
	}
}
