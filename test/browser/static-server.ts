import {readFile, stat} from 'node:fs/promises';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.json': 'application/json',
};

export type StaticServer = {
	/** 'http://127.0.0.1:PORT' */
	url: string;
	close(): Promise<void>;
};

/** The file a URL path names inside root, or undefined when it would leave root or has no known type. */
function fileOf(root: string, urlPath: string): string | undefined {
	let decoded: string;
	try {
		decoded = decodeURIComponent(urlPath);
	} catch {
		return undefined;
	}
	const file = path.resolve(root, `.${decoded.endsWith('/') ? `${decoded}index.html` : decoded}`);
	const inside = file.startsWith(root + path.sep);
	return inside && TYPES[path.extname(file)] !== undefined ? file : undefined;
}

/** Serves a built site as a CDN would: GET and HEAD only, 404 for anything else. */
export async function serveStatic(directory: string): Promise<StaticServer> {
	const root = path.resolve(directory);
	const server = createServer(async (request, response) => {
		const file = fileOf(root, new URL(request.url ?? '/', 'http://localhost').pathname);
		const isFile = file !== undefined && (await stat(file).catch(() => undefined))?.isFile() === true;
		if (!isFile || (request.method !== 'GET' && request.method !== 'HEAD')) {
			response.writeHead(404, {'content-type': 'text/plain'}).end('not found');
			return;
		}
		const body = await readFile(file);
		response.writeHead(200, {'content-type': TYPES[path.extname(file)]!, 'content-length': body.length});
		response.end(request.method === 'HEAD' ? undefined : body);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: async () =>
			new Promise<void>((resolve, reject) => {
				server.close(error => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			}),
	};
}
