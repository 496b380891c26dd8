/**
 * Timing helpers: samples of one or more calls timed with process.hrtime.bigint(), two
 * contenders interleaved (ABBA order, so drift and machine noise hit both alike), medians
 * and p99 of per-call times.
 */

import { median, percentile } from '../lib/stats';

export const now = (): bigint => process.hrtime.bigint();

export interface Stats {
	/** Per-call nanoseconds. */
	median: number;
	p99: number;
	samples: number;
	callsPerSample: number;
}

function stats(perCall: number[], callsPerSample: number): Stats {
	return {
		median: median(perCall),
		p99: percentile(perCall, 99),
		samples: perCall.length,
		callsPerSample,
	};
}

export type SyncFn = () => unknown;
export type AsyncFn = () => Promise<unknown>;

function timeSync(fn: SyncFn, calls: number): number {
	const t = now();
	for (let i = 0; i < calls; i++) fn();
	return Number(now() - t) / calls;
}

async function timeAsync(fn: AsyncFn, calls: number): Promise<number> {
	const t = now();
	for (let i = 0; i < calls; i++) await fn();
	return Number(now() - t) / calls;
}

/** Calls per sample so that one sample lasts at least `minSampleNs` (timer cost stays negligible). */
function callsFor(perCallNs: number, minSampleNs: number): number {
	return Math.max(1, Math.min(10_000, Math.ceil(minSampleNs / Math.max(perCallNs, 1))));
}

export interface PairOptions {
	/** Time spent on warm-up before sampling (both contenders). */
	warmupMs: number;
	/** Time budget for sampling (both contenders together). */
	budgetMs: number;
	minSamples: number;
	maxSamples: number;
	minSampleNs?: number;
}

/** One timing the pair's plan asks for: `calls` calls of contender `who`, per-call ns sent back. */
interface Step {
	who: 'a' | 'b';
	calls: number;
}

/**
 * The plan both pairs follow, as a generator the sync and async drivers run: warm-up probes
 * (which size each contender's calls per sample), then samples in ABBA order until the budget.
 */
function* pairPlan(o: PairOptions): Generator<Step, [Stats, Stats], number> {
	const warmEnd = Date.now() + o.warmupMs;
	let probeA = yield { who: 'a', calls: 1 };
	let probeB = yield { who: 'b', calls: 1 };
	do {
		probeA = yield { who: 'a', calls: 3 };
		probeB = yield { who: 'b', calls: 3 };
	} while (Date.now() < warmEnd);
	const minSampleNs = o.minSampleNs ?? 200_000;
	const ka = callsFor(probeA, minSampleNs);
	const kb = callsFor(probeB, minSampleNs);
	const sa: number[] = [];
	const sb: number[] = [];
	const end = Date.now() + o.budgetMs;
	for (let i = 0; i < o.maxSamples && (i < o.minSamples || Date.now() < end); i++) {
		const order: Array<'a' | 'b'> = i % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
		for (const who of order) {
			const ns = yield { who, calls: who === 'a' ? ka : kb };
			(who === 'a' ? sa : sb).push(ns);
		}
	}
	return [stats(sa, ka), stats(sb, kb)];
}

/** Interleaved measurement of two synchronous contenders on the same input. */
export function pairSync(a: SyncFn, b: SyncFn, o: PairOptions): [Stats, Stats] {
	const plan = pairPlan(o);
	let step = plan.next();
	while (!step.done) step = plan.next(timeSync(step.value.who === 'a' ? a : b, step.value.calls));
	return step.value;
}

/** Interleaved measurement of two asynchronous contenders (each call awaited). */
export async function pairAsync(a: AsyncFn, b: AsyncFn, o: PairOptions): Promise<[Stats, Stats]> {
	const plan = pairPlan(o);
	let step = plan.next();
	while (!step.done)
		step = plan.next(await timeAsync(step.value.who === 'a' ? a : b, step.value.calls));
	return step.value;
}

export const fmtUs = (ns: number): string =>
	ns / 1000 >= 100 ? (ns / 1000).toFixed(0) : (ns / 1000).toFixed(1);
export const fmtBytes = (b: number): string =>
	b >= 1 << 20
		? `${(b / (1 << 20)).toFixed(2)} MiB`
		: b >= 1024
			? `${(b / 1024).toFixed(1)} KiB`
			: `${Math.round(b)} B`;

/** A plain-text table with aligned columns (numbers right-aligned). */
export function table(header: string[], rows: string[][]): string {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
	const isNum = (s: string) => /^[-+]?[\d.,]+(\s*(µs|×|%|B|KiB|MiB|ms))?$/.test(s.trim());
	const line = (cells: string[]) =>
		cells
			.map((c, i) => (isNum(c) && i > 0 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
			.join('  ');
	return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
