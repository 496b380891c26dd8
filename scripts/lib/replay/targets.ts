/**
 * Where deliveries go: the trigger node run in this process through n8n-core (the default),
 * or the webhook URL of a running n8n. Both are reached over real HTTP.
 */
import * as http from 'http';
import * as https from 'https';
import * as path from 'path';
import type { INodeParameters } from 'n8n-workflow';

import type { InProcessTrigger } from '../inProcessN8n';
import type { Observation } from './expectations';
import type { Headers } from '../fixtures';
import { useTemporaryUserFolder } from '../n8nUserFolder';
import { requireFrom } from '../requireFrom';

export interface HttpAnswer {
	status: number;
	body: Buffer;
	contentType: string;
}

/** Headers about one connection or one message framing: never replayed from a recording. */
const HOP_BY_HOP = new Set([
	'host',
	'content-length',
	'connection',
	'keep-alive',
	'transfer-encoding',
	'te',
	'trailer',
	'upgrade',
	'expect',
	'proxy-connection',
	'proxy-authorization',
]);

/** POSTs exact bytes with exactly these headers (repeated headers stay repeated). */
export function post(
	url: string,
	headers: Headers,
	body: Buffer,
	timeoutMs = 30000,
): Promise<HttpAnswer> {
	const target = new URL(url);
	const client = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : null;
	if (!client) return Promise.reject(new Error(`unsupported URL scheme ${target.protocol}`));
	const sent: http.OutgoingHttpHeaders = {};
	for (const [name, value] of Object.entries(headers))
		if (!HOP_BY_HOP.has(name.toLowerCase())) sent[name] = value;
	sent['content-length'] = body.length;
	return new Promise((resolve, reject) => {
		const req = client.request(
			target,
			{ method: 'POST', headers: sent, timeout: timeoutMs },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						body: Buffer.concat(chunks),
						contentType: String(res.headers['content-type'] ?? ''),
					}),
				);
				res.on('error', reject);
			},
		);
		req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
		req.on('error', reject);
		req.end(body);
	});
}

/** A short reason from an answer that refused the delivery (the trigger's `error`, n8n's `message`). */
function answerReason(answer: HttpAnswer): string | undefined {
	if (answer.status >= 200 && answer.status < 300) return undefined;
	const text = answer.body.toString('utf8');
	let reason = text;
	try {
		const parsed = JSON.parse(text) as Record<string, unknown>;
		if (typeof parsed.error === 'string') reason = parsed.error;
		else if (typeof parsed.message === 'string') reason = parsed.message;
	} catch {
		/* plain text */
	}
	reason = reason.replace(/\s+/g, ' ').trim();
	return reason.length > 200 ? reason.slice(0, 197) + '...' : reason || undefined;
}

export interface Target {
	readonly kind: 'in-process' | 'url';
	/** The number of deliveries it can take at once (one in flight per worker). */
	readonly workers: number;
	send(body: Buffer, headers: Headers, worker: number): Promise<Observation>;
	close(): Promise<void>;
}

export interface InProcessOptions {
	secret: string;
	verifyToken: string;
	parameters?: INodeParameters;
	workers?: number;
	timeoutMs?: number;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Thrown when the in-process target cannot run here: n8n-core (or n8n-workflow) is not installed. */
export class MissingN8nCoreError extends Error {}

/**
 * Loads the in-process host only when it is used: it needs n8n-core and n8n-workflow, which
 * replaying at a URL and recording do not (the standalone command line ships without them).
 */
function loadInProcessN8n(): typeof import('../inProcessN8n') {
	try {
		require.resolve('n8n-core');
		require.resolve('n8n-workflow');
	} catch {
		throw new MissingN8nCoreError(
			'replaying in-process runs the trigger through n8n-core, which is not installed here: `npm install n8n-core n8n-workflow` beside this tool, or replay at a running n8n with --url',
		);
	}
	return requireFrom<typeof import('../inProcessN8n')>(path.join(__dirname, '..', 'inProcessN8n'));
}

/**
 * The trigger node run by n8n-core in this process, one instance per worker so that each
 * execution is attributed to the one delivery in flight on it.
 */
export class InProcessTarget implements Target {
	readonly kind = 'in-process' as const;

	private constructor(
		private readonly triggers: InProcessTrigger[],
		private readonly timeoutMs: number,
		private readonly cleanup: () => void,
	) {}

	get workers(): number {
		return this.triggers.length;
	}

	static async start(options: InProcessOptions): Promise<InProcessTarget> {
		const { InProcessTrigger } = loadInProcessN8n();
		const cleanup = useTemporaryUserFolder('waba-replay-');
		const triggers: InProcessTrigger[] = [];
		try {
			for (let i = 0; i < Math.max(1, options.workers ?? 1); i++) {
				triggers.push(
					await InProcessTrigger.start({
						credentials: {
							whatsAppBusinessAccountWebhookApi: {
								appId: 'replay-app',
								appSecret: options.secret,
								verifyToken: options.verifyToken,
							},
						},
						parameters: options.parameters,
					}),
				);
			}
		} catch (error) {
			await Promise.all(triggers.map((t) => t.close()));
			cleanup();
			throw error;
		}
		return new InProcessTarget(triggers, options.timeoutMs ?? 30000, cleanup);
	}

	async send(body: Buffer, headers: Headers, worker: number): Promise<Observation> {
		const trigger = this.triggers[worker % this.triggers.length];
		const before = trigger.executions.length;
		const answer = await post(trigger.url, headers, body, this.timeoutMs);
		await nextTurn();
		const started = trigger.executions.slice(before);
		const items = started.flatMap((e) => e.outputs.flat().map((item) => item.json as unknown));
		return {
			status: answer.status,
			items,
			executed: started.length > 0,
			answer: answerReason(answer),
		};
	}

	async close(): Promise<void> {
		await Promise.all(this.triggers.map((t) => t.close()));
		this.cleanup();
	}
}

/** A running n8n's webhook URL: statuses only, its executions are not visible from here. */
export class UrlTarget implements Target {
	readonly kind = 'url' as const;

	constructor(
		private readonly url: string,
		readonly workers = 1,
		private readonly timeoutMs = 30000,
	) {}

	async send(body: Buffer, headers: Headers): Promise<Observation> {
		const answer = await post(this.url, headers, body, this.timeoutMs);
		return { status: answer.status, items: null, executed: null, answer: answerReason(answer) };
	}

	async close(): Promise<void> {}
}
