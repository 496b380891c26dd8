/**
 * The one Meta-like sender of signed deliveries (npm run scale, npm run reliability's load;
 * one at a time with `postSigned`, the end-to-end run).
 * Each delivery is POSTed with Meta's headers (x-hub-signature-256, user agent
 * facebookexternalua) to the next URL in turn (round-robin), over kept-alive connections, at
 * most `concurrency` deliveries in flight (Meta limits its connections per endpoint). What is
 * sent again is the caller's choice (`redeliver`):
 * - 'until2xx', Meta's rule: a non-2xx answer, a dropped or refused connection, or no answer
 *   within the timeout means the same bytes are sent again later, with a growing delay,
 *   until a 2xx answer;
 * - 'noAnswerOnce': only a delivery that got no answer at all is sent once more, at once, so
 *   that every answer n8n gave stays visible to the caller.
 *
 * Kept-alive sockets: n8n's HTTP server closes a connection after 5 s without a request and
 * says so in its `Keep-Alive: timeout=5` header. Node's Agent lets an idle socket expire a
 * little before the server's hint only when the agent has a `timeout` of its own (without
 * one it keeps idle sockets forever and sometimes writes a request onto a socket the server
 * is closing: ECONNRESET, "socket hang up"); a real client stops reusing a connection before
 * the server's idle timeout, so the agent here has one.
 */
import * as http from 'http';

import { signBody } from '../../nodes/shared/webhook/signature';
import { sleep } from './sleep';

/** What Meta's deliveries carry besides the signature. */
const META_HEADERS = {
	'content-type': 'application/json',
	'user-agent': 'facebookexternalua',
} as const;

/**
 * One delivery as Meta sends it: `body` signed with `appSecret` (x-hub-signature-256) and
 * POSTed with Meta's headers; `headers` adds or replaces some (a forged content type, say).
 * Without `appSecret` it goes unsigned. Tried once more when a pooled keep-alive socket turns
 * out to have been closed by the server meanwhile.
 */
export async function postSigned(
	url: string,
	body: Buffer | string,
	appSecret?: string,
	headers: Record<string, string> = {},
): Promise<Response> {
	const init = {
		method: 'POST',
		body,
		headers: {
			...META_HEADERS,
			...(appSecret === undefined ? {} : { 'x-hub-signature-256': signBody(body, appSecret) }),
			...headers,
		},
	};
	return await fetchKeptAlive(url, init);
}

/**
 * fetch, once more when a pooled keep-alive socket turns out to have been closed by the
 * server meanwhile (n8n's keep-alive timeout is 5 s; a long step in between takes longer).
 */
export async function fetchKeptAlive(url: string, init: RequestInit): Promise<Response> {
	try {
		return await fetch(url, init);
	} catch (error) {
		const cause = (error as { cause?: { message?: string; code?: string } }).cause;
		if (!/other side closed|ECONNRESET/.test(String(cause?.message || cause?.code || '')))
			throw error;
		return await fetch(url, init);
	}
}

/**
 * One POST of bytes already signed, over a caller's keep-alive agent (the benchmarks' load
 * loops: node's http client, whose cost per request is steadier than fetch's). Resolves with
 * the status and body; rejects on a network error or when no answer comes within `timeoutMs`.
 */
export function postPrepared(
	agent: http.Agent,
	url: URL,
	headers: Record<string, string>,
	raw: Buffer,
	timeoutMs?: number,
): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const req = http.request(
			{
				agent,
				host: url.hostname,
				port: url.port,
				path: url.pathname,
				method: 'POST',
				headers: { ...headers, 'content-length': String(raw.length) },
				timeout: timeoutMs,
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
				);
				res.on('error', reject);
			},
		);
		req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
		req.on('error', reject);
		req.end(raw);
	});
}

export interface SignedDelivery {
	body: Buffer;
	/** x-hub-signature-256 */
	signature: string;
}

export interface Attempt {
	url: string;
	status: number; // 0: no answer (refused, dropped, timed out)
	/** The answer's body. */
	text?: string;
	error?: string;
	/** The request went out on a socket an earlier request had used. */
	reusedSocket?: boolean;
	startedAt: number;
	ms: number;
}

export interface SendRecord<D extends SignedDelivery> {
	delivery: D;
	attempts: Attempt[];
	/** When the last attempt ended (for 'until2xx': when the 2xx answer came). */
	answeredAt?: number;
}

export interface MetaSenderOptions {
	urls: string[];
	concurrency: number;
	/** How long a request may wait for its answer. */
	timeoutMs: number;
	/** Which deliveries are sent again (see above); default Meta's 'until2xx'. */
	redeliver?: 'until2xx' | 'noAnswerOnce';
	/** 'until2xx': delay before the first redelivery, doubled each time up to maxRetryDelayMs. */
	retryDelayMs?: number;
	maxRetryDelayMs?: number;
	/**
	 * A load balancer's view of which URLs may take a request (their readiness checks): each
	 * send goes to the next URL in turn that is ready, and waits while none is. Without it
	 * every URL takes requests.
	 */
	isReady?: (url: string) => boolean;
}

const isAnswered2xx = (a: Attempt) => a.status >= 200 && a.status < 300;

export class MetaSender {
	private nextUrl = 0;
	private readonly agent: http.Agent;

	constructor(readonly o: MetaSenderOptions) {
		// `timeout` makes the agent honour the server's Keep-Alive hint for idle sockets
		// (expires them 1 s before it); a request's own wait is set per request below
		this.agent = new http.Agent({
			keepAlive: true,
			maxSockets: o.concurrency * 2,
			timeout: o.timeoutMs,
		});
	}

	/** One POST of the delivery's bytes; never throws: no answer is status 0 with the reason. */
	post(url: string, d: SignedDelivery): Promise<Attempt> {
		const startedAt = Date.now();
		return new Promise((resolve) => {
			let settled = false;
			let reusedSocket = false;
			const done = (status: number, extra: { text?: string; error?: string }) => {
				if (settled) return;
				settled = true;
				resolve({ url, status, ...extra, reusedSocket, startedAt, ms: Date.now() - startedAt });
			};
			const req = http.request(
				url,
				{
					method: 'POST',
					agent: this.agent,
					timeout: this.o.timeoutMs,
					headers: {
						...META_HEADERS,
						'x-hub-signature-256': d.signature,
						'content-length': d.body.length,
					},
				},
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (c: Buffer) => chunks.push(c));
					res.on('end', () =>
						done(res.statusCode ?? 0, { text: Buffer.concat(chunks).toString('utf8') }),
					);
					res.on('error', (e) => done(0, { error: e.message }));
				},
			);
			// the wait for this answer, set again on whichever socket the request gets: a reused
			// socket keeps the idle timeout the agent gave it (the server's hint less 1 s), which
			// the `timeout` option above does not replace, and would cut this request short
			req.setTimeout(this.o.timeoutMs);
			req.on('socket', () => (reusedSocket = req.reusedSocket));
			// no answer in time: Meta gives up on the request (and sends the delivery again later)
			req.on('timeout', () => req.destroy(new Error(`no answer within ${this.o.timeoutMs} ms`)));
			req.on('error', (e) => done(0, { error: e.message }));
			req.end(d.body);
		});
	}

	/**
	 * Sends every delivery, each until the redelivery rule is satisfied. `onAnswered(n)` is
	 * called after each delivery is done (n = how many are so far), so a caller can start
	 * faults mid-run or show progress without holding up the senders.
	 */
	async sendAll<D extends SignedDelivery>(
		deliveries: D[],
		onAnswered?: (answered: number) => void,
	): Promise<Array<SendRecord<D>>> {
		const redeliver = this.o.redeliver ?? 'until2xx';
		let next = 0;
		let answered = 0;
		const records: Array<SendRecord<D>> = new Array(deliveries.length);
		const sender = async () => {
			for (;;) {
				const i = next++;
				if (i >= deliveries.length) return;
				const record: SendRecord<D> = { delivery: deliveries[i], attempts: [] };
				records[i] = record;
				let delay = this.o.retryDelayMs ?? 1000;
				for (;;) {
					const url = await this.nextReadyUrl();
					const attempt = await this.post(url, record.delivery);
					record.attempts.push(attempt);
					if (
						redeliver === 'noAnswerOnce'
							? attempt.status !== 0 || record.attempts.length > 1
							: isAnswered2xx(attempt)
					)
						break;
					if (redeliver === 'until2xx') {
						await sleep(delay);
						delay = Math.min(delay * 2, this.o.maxRetryDelayMs ?? 15_000);
					}
				}
				record.answeredAt = Date.now();
				answered++;
				onAnswered?.(answered);
			}
		};
		await Promise.all(
			Array.from({ length: Math.min(this.o.concurrency, deliveries.length) }, sender),
		);
		return records;
	}

	private async nextReadyUrl(): Promise<string> {
		for (;;) {
			for (let tried = 0; tried < this.o.urls.length; tried++) {
				const url = this.o.urls[this.nextUrl++ % this.o.urls.length];
				if (!this.o.isReady || this.o.isReady(url)) return url;
			}
			await sleep(50);
		}
	}

	close(): void {
		this.agent.destroy();
	}
}
