/**
 * Memory per delivery, run as a child process with `--expose-gc` and a young generation
 * large enough that no garbage collection happens while a batch of deliveries runs:
 * - allocated: heap growth over N deliveries whose results are dropped, divided by N
 *   (everything the path allocates, garbage included);
 * - retained: heap growth over N deliveries whose results are kept, after a full GC,
 *   divided by N (what the items hand to n8n keep alive).
 * Prints one JSON line on stdout.
 */
import { createHmac } from 'crypto';
import { PerformanceObserver } from 'perf_hooks';

import { DEFAULT_DELIVERY_OPTIONS, processDelivery } from './shipped';
import { fixtureDeliveries, generatedBatch, type Delivery } from './corpus';
import { BENCH_APP_SECRET, signedHeaders } from './n8nWebhookPath';
import { sleep } from '../lib/sleep';

const gc = (globalThis as { gc?: () => void }).gc;
let gcCount = 0;
new PerformanceObserver((list) => (gcCount += list.getEntries().length)).observe({
	entryTypes: ['gc'],
});
// gc entries reach the observer asynchronously: give them time to arrive before reading the count
const tick = () => sleep(30);

interface Contender {
	run: (d: Delivery) => unknown;
}

const floor: Contender = {
	run: (d) => {
		const body = JSON.parse(d.raw.toString('utf8')) as unknown;
		createHmac('sha256', BENCH_APP_SECRET).update(d.raw).digest();
		return body;
	},
};

function oursFor(deliveries: Delivery[]): Contender {
	const headers = new Map(deliveries.map((d) => [d, signedHeaders(d.raw)]));
	return {
		run: (d) => processDelivery(d.raw, headers.get(d)!, BENCH_APP_SECRET, DEFAULT_DELIVERY_OPTIONS),
	};
}

/** Heap growth per delivery over `rounds` passes over `set`, results dropped; retried smaller if a GC interfered. */
async function allocated(c: Contender, set: Delivery[], rounds: number): Promise<number> {
	for (let attempt = 0; attempt < 6; attempt++) {
		for (const d of set) c.run(d); // warm
		gc!();
		await tick();
		const before = gcCount;
		const h0 = process.memoryUsage().heapUsed;
		for (let r = 0; r < rounds; r++) for (const d of set) c.run(d);
		const h1 = process.memoryUsage().heapUsed;
		await tick();
		if (gcCount === before) return (h1 - h0) / (rounds * set.length);
		rounds = Math.max(1, Math.floor(rounds / 2));
	}
	return NaN;
}

async function retained(c: Contender, set: Delivery[], rounds: number): Promise<number> {
	gc!();
	await tick();
	const h0 = process.memoryUsage().heapUsed;
	const keep: unknown[] = [];
	for (let r = 0; r < rounds; r++) for (const d of set) keep.push(c.run(d));
	gc!();
	await tick();
	const h1 = process.memoryUsage().heapUsed;
	if (keep.length < 0) console.log(keep);
	return (h1 - h0) / (rounds * set.length);
}

async function main() {
	if (!gc) throw new Error('run with --expose-gc');
	const sets: Array<{ name: string; set: Delivery[]; rounds: number }> = [
		{ name: 'fixtures', set: fixtureDeliveries(), rounds: 20 },
		...[1, 10, 100, 1000].map((n) => ({
			name: `messages × ${n}`,
			set: [generatedBatch(n)],
			rounds: Math.max(8, Math.round(4000 / n)),
		})),
	];
	const out: Record<
		string,
		{
			bytes: number;
			oursAllocated: number;
			floorAllocated: number;
			oursRetained: number;
			floorRetained: number;
		}
	> = {};
	for (const { name, set, rounds } of sets) {
		const ours = oursFor(set);
		out[name] = {
			bytes: set.reduce((s, d) => s + d.raw.length, 0) / set.length,
			oursAllocated: await allocated(ours, set, rounds),
			floorAllocated: await allocated(floor, set, rounds),
			oursRetained: await retained(ours, set, rounds),
			floorRetained: await retained(floor, set, rounds),
		};
	}
	process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((error: Error) => {
	process.stderr.write(`memory: ${error.stack ?? error.message}\n`);
	process.exitCode = 1;
});
