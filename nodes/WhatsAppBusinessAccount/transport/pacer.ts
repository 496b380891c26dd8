/**
 * Sends many items at a set pace: concurrently, never faster than `ratePerSecond` starts per
 * second, never more than `concurrency` in flight, whatever the item count (items are pulled one
 * by one by a fixed set of workers; no promise is made per item up front).
 *
 * Retries only what Meta's answer says was not accepted: 130429 (the number's throughput, a
 * pause for every worker) and 131056 (the pair rate, a later retry of that recipient only,
 * while the other items go on). Any other answer, and a failure without an answer (the message
 * may have been accepted), is the item's final outcome: nothing is ever sent twice on a guess.
 */

import { sleep } from 'n8n-workflow';

/** What the pacer needs of time; tests replace it with a virtual clock. */
export interface PacerClock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

export const realClock: PacerClock = {
	now: () => Date.now(),
	sleep: async (ms: number) => await sleep(ms),
};

/** Meta's default per-number throughput (messages per second), and what upgraded numbers get. */
export const DEFAULT_MESSAGES_PER_SECOND = 80;
export const MAX_MESSAGES_PER_SECOND = 1000;
/** Meta's pair rate: about one message every 6 seconds to the same user. */
export const PAIR_RATE_INTERVAL_MS = 6_000;

/** Back-off and clock used when a caller does not set them; tests shorten them with {@link configurePacerDefaults}. */
type PacerDefaults = Required<
	Pick<PacerOptions, 'maxAttempts' | 'throughputBackoffMs' | 'pairBackoffMs' | 'clock'>
>;
const DEFAULTS: Readonly<PacerDefaults> = Object.freeze({
	maxAttempts: 5,
	throughputBackoffMs: 1_000,
	pairBackoffMs: PAIR_RATE_INTERVAL_MS,
	clock: realClock,
});
const currentDefaults: PacerDefaults = { ...DEFAULTS };

export function configurePacerDefaults(settings: Partial<PacerDefaults>): void {
	Object.assign(currentDefaults, settings);
}

export function resetPacerDefaults(): void {
	Object.assign(currentDefaults, DEFAULTS);
}

export interface PacerOptions {
	ratePerSecond: number;
	/** Requests in flight at most; by default as many as one second's sends. */
	concurrency?: number;
	/** Tries per item in all (first included) for 130429 and 131056 answers. */
	maxAttempts?: number;
	/** First pause for every worker after a 130429, doubled on each further one in a row. */
	throughputBackoffMs?: number;
	/** How long a recipient waits after a 131056 before its message is tried again. */
	pairBackoffMs?: number;
	clock?: PacerClock;
	/** After a final failure, start no further item (those in flight finish); their outcomes stay undefined. */
	stopAfterFailure?: boolean;
}

/** How the pacer should treat one failed attempt. */
export type FailureKind = 'throughput' | 'pair' | 'final';

export interface PacedTask<R> {
	/** Sends item `index` once. Resolves with its result or rejects with the failure. */
	send(index: number): Promise<R>;
	/** Which recipient item `index` goes to (the pair rate is per recipient); undefined while not known yet. */
	recipientOf(index: number): string | undefined;
	/** Reads a failure: retry for the throughput, retry for the pair rate, or final. */
	classify(error: unknown): FailureKind;
	/** Called with each item's final outcome as soon as it is known (then the pacer keeps none). */
	onOutcome?(index: number, outcome: PacedOutcome<R>): void;
}

export type PacedOutcome<R> =
	{ ok: true; value: R; attempts: number } | { ok: false; error: unknown; attempts: number };

export interface PacerStats {
	/** Requests made in all, retries included. */
	requests: number;
	throughputAnswers: number;
	pairAnswers: number;
	/** Most requests in flight at one moment. */
	peakInFlight: number;
}

interface Pending {
	index: number;
	attempts: number;
	readyAt: number;
}

/** Runs `count` items through `task.send` at the pace set; outcomes come back in input order. */
export async function sendPaced<R>(
	count: number,
	task: PacedTask<R>,
	options: PacerOptions,
	stats: PacerStats = { requests: 0, throughputAnswers: 0, pairAnswers: 0, peakInFlight: 0 },
): Promise<Array<PacedOutcome<R>>> {
	const clock = options.clock ?? currentDefaults.clock;
	const rate = Math.min(MAX_MESSAGES_PER_SECOND, Math.max(0.001, options.ratePerSecond));
	const interval = 1000 / rate;
	const lateToleranceMs = Math.max(interval, 250);
	const concurrency = Math.max(1, Math.floor(options.concurrency ?? Math.ceil(rate)));
	const maxAttempts = Math.max(1, options.maxAttempts ?? currentDefaults.maxAttempts);
	const throughputBackoffMs = options.throughputBackoffMs ?? currentDefaults.throughputBackoffMs;
	const pairBackoffMs = options.pairBackoffMs ?? currentDefaults.pairBackoffMs;

	// with onOutcome the caller keeps the outcomes: memory stays bounded by the items in flight
	const outcomes: Array<PacedOutcome<R>> = task.onOutcome ? [] : new Array(count);
	const settle = (index: number, outcome: PacedOutcome<R>) => {
		if (task.onOutcome) task.onOutcome(index, outcome);
		else outcomes[index] = outcome;
		if (!outcome.ok && options.stopAfterFailure) stopped = true;
	};
	let stopped = false;
	// items waiting for a retry; only those Meta turned away, so it stays small
	const retries: Pending[] = [];
	/** recipient → when it may be sent to again (after a 131056). */
	const pairBlockedUntil = new Map<string, number>();
	let nextFresh = 0;
	let nextSlot = clock.now();
	let throughputStreak = 0;
	/** When the last 130429 pause was set. */
	let pausedAt = -Infinity;
	let inFlight = 0;

	const blockedUntil = (index: number) => {
		const recipient = task.recipientOf(index);
		return recipient === undefined ? 0 : (pairBlockedUntil.get(recipient) ?? 0);
	};

	/** The next item that may go now, or how long until one may; undefined when none is left. */
	const take = (): Pending | number | undefined => {
		const now = clock.now();
		let soonest = Infinity;
		if (stopped) return inFlight > 0 ? 25 : undefined;
		for (let i = 0; i < retries.length; i++) {
			const blocked = blockedUntil(retries[i].index);
			const readyAt = Math.max(retries[i].readyAt, blocked);
			if (readyAt <= now) return retries.splice(i, 1)[0];
			soonest = Math.min(soonest, readyAt);
		}
		while (nextFresh < count) {
			const index = nextFresh;
			const blocked = blockedUntil(index);
			nextFresh++;
			if (blocked <= now) return { index, attempts: 0, readyAt: now };
			// the recipient is cooling down: queue it and go on with the others
			retries.push({ index, attempts: 0, readyAt: blocked });
			soonest = Math.min(soonest, blocked);
		}
		if (soonest !== Infinity) return soonest - now;
		return inFlight > 0 ? 25 : undefined;
	};

	/**
	 * Waits for this worker's start slot: one every `interval` ms across all workers. A worker
	 * woken more than a quarter of a second late (the event loop was busy) takes a fresh slot
	 * instead of going at once: slots held by many workers would otherwise all fire together
	 * after a long pause, a burst over the number's limit. Shorter delays are caught up, at
	 * most a quarter second's sends at once.
	 */
	const waitForSlot = async () => {
		for (;;) {
			const now = clock.now();
			const at = Math.max(now, nextSlot);
			nextSlot = at + interval;
			if (at <= now) return;
			await clock.sleep(at - now);
			if (clock.now() - at <= lateToleranceMs) return;
		}
	};

	const worker = async () => {
		for (;;) {
			const next = take();
			if (next === undefined) return;
			if (typeof next === 'number') {
				// nothing may go yet (retries waiting, or items still in flight that may come back)
				await clock.sleep(Math.max(1, Math.min(next, 50)));
				continue;
			}
			await waitForSlot();
			const startedAt = clock.now();
			next.attempts++;
			inFlight++;
			stats.requests++;
			stats.peakInFlight = Math.max(stats.peakInFlight, inFlight);
			try {
				const value = await task.send(next.index);
				throughputStreak = 0;
				settle(next.index, { ok: true, value, attempts: next.attempts });
			} catch (error) {
				const kind = task.classify(error);
				if (kind === 'throughput') stats.throughputAnswers++;
				if (kind === 'pair') stats.pairAnswers++;
				if (kind === 'final' || next.attempts >= maxAttempts) {
					settle(next.index, { ok: false, error, attempts: next.attempts });
				} else if (kind === 'throughput') {
					// the number is over its limit: every worker pauses, longer each time in a row; the
					// answers to requests that started before the last pause are that same burst
					if (startedAt >= pausedAt) {
						const pause = throughputBackoffMs * 2 ** Math.min(throughputStreak, 5);
						throughputStreak++;
						pausedAt = clock.now();
						nextSlot = Math.max(nextSlot, pausedAt + pause);
					}
					retries.push({ index: next.index, attempts: next.attempts, readyAt: clock.now() });
				} else {
					const recipient = task.recipientOf(next.index) ?? `#${next.index}`;
					const until = clock.now() + pairBackoffMs * next.attempts;
					pairBlockedUntil.set(recipient, Math.max(pairBlockedUntil.get(recipient) ?? 0, until));
					retries.push({ index: next.index, attempts: next.attempts, readyAt: until });
				}
			} finally {
				inFlight--;
			}
		}
	};

	await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, count)) }, worker));
	return outcomes;
}
