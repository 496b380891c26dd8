/**
 * Open-loop load, as Meta sends: deliveries leave at a fixed offered rate whatever the answers
 * do (delivery i is due at i / rate seconds), on as many keep-alive connections as needed.
 * Latency is measured from when a delivery was due, so a server that falls behind shows its
 * queue in the latency (no coordinated omission). Stepping the rate up finds the highest rate a
 * target holds: p99 within the limit and every delivery answered 200.
 */
import * as http from 'http';

import { postPrepared } from '../lib/metaSender';
import { percentile } from '../lib/stats';
import { sleep } from '../lib/sleep';

export interface Payload {
	raw: Buffer;
	headers: Record<string, string>;
}

export interface StepResult {
	rate: number;
	sent: number;
	/** Answers other than 200, connection errors and timeouts: deliveries Meta would send again. */
	lost: number;
	firstError?: string;
	p50Ms: number;
	p99Ms: number;
	/** Deliveries answered per second of the step (due time of the first to the last answer). */
	answeredPerS: number;
}

/** One step: `seconds` of deliveries at `rate` per second, cycling through `payloads` from `offset`. */
export async function openLoopStep(
	url: URL,
	payloads: Payload[],
	rate: number,
	seconds: number,
	offset: number,
	timeoutMs = 10_000,
): Promise<StepResult> {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
	const count = Math.max(1, Math.round(rate * seconds));
	const latencies: number[] = [];
	let lost = 0;
	let firstError: string | undefined;
	const t0 = Number(process.hrtime.bigint()) / 1e6 + 20;
	let lastAnswer = t0;
	const inFlight: Promise<void>[] = [];
	for (let i = 0; i < count; i++) {
		const due = t0 + (i * 1000) / rate;
		const wait = due - Number(process.hrtime.bigint()) / 1e6;
		if (wait > 1) await sleep(wait);
		const p = payloads[(offset + i) % payloads.length];
		inFlight.push(
			new Promise<void>((resolve) => {
				const done = (error?: string) => {
					const at = Number(process.hrtime.bigint()) / 1e6;
					lastAnswer = Math.max(lastAnswer, at);
					latencies.push(at - due);
					if (error) {
						lost++;
						firstError ??= error;
					}
					resolve();
				};
				postPrepared(agent, url, p.headers, p.raw, timeoutMs).then(
					(res) => done(res.status === 200 ? undefined : `${res.status} ${res.body.slice(0, 200)}`),
					(error: Error) => done(error.message),
				);
			}),
		);
	}
	await Promise.all(inFlight);
	agent.destroy();
	latencies.sort((a, b) => a - b);
	return {
		rate,
		sent: count,
		lost,
		firstError,
		p50Ms: percentile(latencies, 50),
		p99Ms: percentile(latencies, 99),
		answeredPerS: count / ((lastAnswer - t0) / 1000),
	};
}

/** Rates tried in turn: about ×1.3 per step. */
export function rateSteps(from: number, to: number): number[] {
	const out: number[] = [];
	for (let r = from; r <= to; r = Math.round(r * 1.3 + 1)) out.push(r);
	return out;
}

export const holds = (s: StepResult, p99LimitMs: number) => s.lost === 0 && s.p99Ms <= p99LimitMs;
