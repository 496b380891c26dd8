/**
 * `--record`: a loopback endpoint that appends every POST it receives, headers and raw body
 * exactly as received, as one NDJSON line that the harness replays byte for byte. Credential
 * headers (a proxy's Authorization, Proxy-Authorization, Cookie) are left out unless asked for:
 * Meta sends none, and the file would hand them to whoever reads it and to every --url it is
 * replayed at. Meta's X-Hub-Signature(-256) stays: it is an HMAC of that one body, reveals
 * nothing of the app secret, and replay needs it. The file is the user's alone (0600).
 */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import type { AddressInfo } from 'net';

import { answerHandshake } from '../../../nodes/WhatsAppBusinessAccountTrigger/webhook/handshake';
import type { Headers } from '../fixtures';
import { fieldsOf } from './inputs';
import { readBody } from '../readBody';

export interface RecordedLine {
	name: string;
	headers: Headers;
	/** Credential headers the request had and the line leaves out (names only). */
	droppedHeaders?: string[];
	/** The raw body when it is valid UTF-8 (a BOM kept), else `bodyBase64`. */
	body?: string;
	bodyBase64?: string;
}

export interface RecorderOptions {
	port: number;
	out: string;
	/** Confirm Receipt to Meta's GET handshake with this token; without it GET is refused. */
	verifyToken?: string;
	/** Stop after this many deliveries. */
	max?: number;
	/** Keep Authorization, Proxy-Authorization and Cookie in the file (--keep-credential-headers). */
	keepCredentialHeaders?: boolean;
	/** Called after each delivery is written. */
	onRecord?: (line: RecordedLine, count: number) => void;
}

export interface Recorder {
	readonly url: string;
	readonly port: number;
	readonly count: number;
	/** Resolves with the number recorded once the recorder has stopped (max reached or close()). */
	readonly done: Promise<number>;
	close(): Promise<number>;
}

const BODY_LIMIT = 16 * 1024 * 1024;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Headers that carry someone's credentials (lower case, as Node names them). */
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([
	'authorization',
	'proxy-authorization',
	'cookie',
]);

/**
 * The line for one request: every header (repeated ones as arrays) but the credential ones
 * (kept only with `keepCredentialHeaders`, else named in `droppedHeaders`), and the body as received.
 */
export function recordedLine(
	headers: Record<string, string[] | undefined>,
	body: Buffer,
	at = new Date(),
	keepCredentialHeaders = false,
): RecordedLine {
	const kept: Headers = {};
	const dropped: string[] = [];
	for (const [name, values] of Object.entries(headers)) {
		if (!values) continue;
		if (!keepCredentialHeaders && CREDENTIAL_HEADERS.has(name.toLowerCase())) {
			dropped.push(name);
			continue;
		}
		kept[name] = values.length === 1 ? values[0] : values;
	}
	const fields = fieldsOf(body);
	const line: RecordedLine = {
		name: `${at.toISOString()} ${fields.length ? fields.join(',') : '(no field)'}`,
		headers: kept,
	};
	if (dropped.length) line.droppedHeaders = dropped;
	try {
		line.body = strictUtf8.decode(body);
	} catch {
		line.bodyBase64 = body.toString('base64');
	}
	return line;
}

/** Starts recording on 127.0.0.1 (port 0: any free port). */
export function startRecorder(options: RecorderOptions): Promise<Recorder> {
	fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
	// owner-only, also when appending to a file that was readable by others
	const file = fs.openSync(options.out, 'a', 0o600);
	fs.fchmodSync(file, 0o600);
	let count = 0;
	let stopped = false;
	let resolveDone!: (n: number) => void;
	const done = new Promise<number>((resolve) => (resolveDone = resolve));

	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		if (req.method === 'GET') {
			if (!options.verifyToken) {
				res
					.writeHead(404, { 'content-type': 'text/plain' })
					.end('no verify token configured for the handshake');
				return;
			}
			const query: Record<string, string | string[]> = {};
			for (const [k, v] of url.searchParams) {
				const prev = query[k];
				query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
			}
			const verdict = answerHandshake(query, options.verifyToken);
			if (verdict.ok) res.writeHead(200, { 'content-type': 'text/plain' }).end(verdict.challenge);
			else res.writeHead(403, { 'content-type': 'text/plain' }).end(`Forbidden: ${verdict.reason}`);
			return;
		}
		if (req.method !== 'POST') {
			res
				.writeHead(405, { allow: 'GET, POST', 'content-type': 'text/plain' })
				.end('method not allowed');
			return;
		}
		if (stopped) {
			res
				.writeHead(503, { connection: 'close', 'content-type': 'text/plain' })
				.end('recorder stopped');
			return;
		}
		readBody(req, BODY_LIMIT).then(
			(body) => {
				if (stopped) {
					res
						.writeHead(503, { connection: 'close', 'content-type': 'text/plain' })
						.end('recorder stopped');
					return;
				}
				const line = recordedLine(
					req.headersDistinct,
					body,
					new Date(),
					options.keepCredentialHeaders,
				);
				fs.appendFileSync(file, JSON.stringify(line) + '\n');
				count++;
				options.onRecord?.(line, count);
				res
					.writeHead(200, { 'content-type': 'application/json' })
					.end(JSON.stringify({ recorded: true }));
				if (options.max !== undefined && count >= options.max) void stop();
			},
			(error: Error) => {
				if (!res.headersSent)
					res
						.writeHead(413, { connection: 'close', 'content-type': 'text/plain' })
						.end(error.message);
			},
		);
	});

	const stop = (): Promise<number> => {
		if (!stopped) {
			stopped = true;
			server.close(() => {
				fs.closeSync(file);
				resolveDone(count);
			});
			server.closeIdleConnections?.();
			// let answers in flight finish, then drop whatever is left
			setTimeout(() => server.closeAllConnections?.(), 1000).unref();
		}
		return done;
	};

	return new Promise((resolve, reject) => {
		server.once('error', (error) => {
			fs.closeSync(file);
			reject(error);
		});
		server.listen(options.port, '127.0.0.1', () => {
			server.off('error', reject);
			const { port } = server.address() as AddressInfo;
			resolve({
				url: `http://127.0.0.1:${port}/`,
				port,
				get count() {
					return count;
				},
				done,
				close: stop,
			});
		});
	});
}
