/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- tooling: runs outside n8n, not published */
/**
 * A sender that behaves like Meta's webhook delivery: each delivery is POSTed, signed, to
 * the next URL in turn (round-robin over the webhook processors); a non-2xx answer, a
 * dropped or refused connection, or no answer within the timeout means the same bytes are
 * sent again later, with a growing delay, until a 2xx answer. Closed loop: at most
 * `concurrency` deliveries in flight, as Meta limits its connections per endpoint.
 */
import * as http from 'http';

import type { LoadDelivery } from '../reliability/load';

export interface Attempt {
	url: string;
	status: number; // 0: no answer (refused, dropped, timed out)
	error?: string;
	startedAt: number;
	ms: number;
}

export interface DeliveryRecord {
	delivery: LoadDelivery;
	attempts: Attempt[];
	/** When the 2xx answer came. */
	answeredAt?: number;
}

export interface MetaClientOptions {
	urls: string[];
	concurrency: number;
	timeoutMs: number;
	/** Delay before the first redelivery; doubled each time, up to maxRetryDelayMs. */
	retryDelayMs: number;
	maxRetryDelayMs: number;
}

export class MetaClient {
	readonly records: DeliveryRecord[] = [];
	private nextUrl = 0;
	private readonly agent: http.Agent;

	constructor(readonly o: MetaClientOptions) {
		this.agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency * 2 });
	}

	private post(url: string, d: LoadDelivery): Promise<Attempt> {
		const startedAt = Date.now();
		return new Promise((resolve) => {
			let settled = false;
			const done = (status: number, error?: string) => {
				if (settled) return;
				settled = true;
				resolve({ url, status, error, startedAt, ms: Date.now() - startedAt });
			};
			const req = http.request(
				url,
				{
					method: 'POST',
					agent: this.agent,
					timeout: this.o.timeoutMs,
					headers: {
						'content-type': 'application/json',
						'user-agent': 'facebookexternalua',
						'x-hub-signature-256': d.signature,
						'content-length': d.body.length,
					},
				},
				(res) => {
					res.resume();
					res.on('end', () => done(res.statusCode ?? 0));
					res.on('error', (e) => done(0, e.message));
				},
			);
			// no answer in time: Meta gives up on the request and sends the delivery again later
			req.on('timeout', () => req.destroy(new Error(`no answer within ${this.o.timeoutMs} ms`)));
			req.on('error', (e) => done(0, e.message));
			req.end(d.body);
		});
	}

	/**
	 * Sends every delivery until each has a 2xx answer. `onAnswered(n)` is called after each
	 * delivery's 2xx (n = how many have one so far), so a caller can start faults mid-run
	 * (without holding up the senders).
	 */
	async sendAll(deliveries: LoadDelivery[], onAnswered?: (answered: number) => void): Promise<DeliveryRecord[]> {
		let next = 0;
		let answered = 0;
		const records: DeliveryRecord[] = [];
		const sender = async () => {
			for (;;) {
				const i = next++;
				if (i >= deliveries.length) return;
				const record: DeliveryRecord = { delivery: deliveries[i], attempts: [] };
				this.records.push(record);
				records.push(record);
				for (let delay = this.o.retryDelayMs; ; delay = Math.min(delay * 2, this.o.maxRetryDelayMs)) {
					const url = this.o.urls[this.nextUrl++ % this.o.urls.length];
					const attempt = await this.post(url, record.delivery);
					record.attempts.push(attempt);
					if (attempt.status >= 200 && attempt.status < 300) break;
					await new Promise((resolve) => setTimeout(resolve, delay));
				}
				record.answeredAt = Date.now();
				answered++;
				onAnswered?.(answered);
			}
		};
		await Promise.all(Array.from({ length: this.o.concurrency }, sender));
		return records;
	}

	close(): void {
		this.agent.destroy();
	}
}
