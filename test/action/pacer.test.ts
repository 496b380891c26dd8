import { sendPaced } from '../../nodes/WhatsAppBusinessAccount/transport/pacer';
import type {
	FailureKind,
	PacedTask,
	PacerStats,
} from '../../nodes/WhatsAppBusinessAccount/transport/pacer';
import { VirtualClock } from '../support/virtualClock';

class Refused extends Error {
	constructor(readonly code: number) {
		super(`(#${code})`);
	}
}

const classify = (error: unknown): FailureKind =>
	error instanceof Refused && error.code === 130429
		? 'throughput'
		: error instanceof Refused && error.code === 131056
			? 'pair'
			: 'final';

function newStats(): PacerStats {
	return { requests: 0, throughputAnswers: 0, pairAnswers: 0, peakInFlight: 0 };
}

/** A Meta-like receiver on the virtual clock: latency, a per-second limit, a pair interval. */
function receiver(
	clock: VirtualClock,
	options: { latencyMs: number; perSecond?: number; pairIntervalMs?: number; recipients: string[] },
) {
	const accepted: number[] = [];
	const startTimes: number[] = [];
	const lastToRecipient = new Map<string, number>();
	const window: number[] = [];
	const task: PacedTask<string> = {
		recipientOf: (index) => options.recipients[index],
		classify,
		send: async (index) => {
			const at = clock.now();
			startTimes.push(at);
			while (window.length && window[0] <= at - 1000) window.shift();
			if (options.perSecond !== undefined && window.length >= options.perSecond) {
				return await clock.after(options.latencyMs, () => {
					throw new Refused(130429);
				});
			}
			window.push(at);
			const recipient = options.recipients[index];
			const last = lastToRecipient.get(recipient);
			if (
				options.pairIntervalMs !== undefined &&
				last !== undefined &&
				at - last < options.pairIntervalMs
			) {
				return await clock.after(options.latencyMs, () => {
					throw new Refused(131056);
				});
			}
			lastToRecipient.set(recipient, at);
			return await clock.after(options.latencyMs, () => {
				accepted.push(index);
				return `wamid.${index}`;
			});
		},
	};
	return { task, accepted, startTimes };
}

/** A task whose item `failing` fails with `error`, counting the sends; answers after `latencyMs` on the clock. */
function failingTask(clock: VirtualClock, failing: number, error: Error, latencyMs = 0) {
	const counter = { calls: 0 };
	const task: PacedTask<string> = {
		recipientOf: (i) => String(i),
		classify,
		send: async (i) => {
			counter.calls++;
			return await clock.after(latencyMs, () => {
				if (i === failing) throw error;
				return `wamid.${i}`;
			});
		},
	};
	return { task, counter };
}

const distinct = (n: number) =>
	Array.from({ length: n }, (_, i) => `1555000${String(i).padStart(4, '0')}`);

describe('sendPaced', () => {
	it('keeps to the rate while many are in flight, and returns every outcome in input order', async () => {
		const clock = new VirtualClock();
		const meta = receiver(clock, { latencyMs: 250, recipients: distinct(400) });
		const stats = newStats();
		const outcomes = await clock.run(
			sendPaced(400, meta.task, { ratePerSecond: 80, clock }, stats),
		);
		expect(outcomes.map((o) => (o.ok ? o.value : 'failed'))).toEqual(
			distinct(400).map((_, i) => `wamid.${i}`),
		);
		// 400 starts at 12.5 ms apart: the last starts at 4987.5 ms and answers 250 ms later
		expect(clock.now()).toBeGreaterThanOrEqual(399 * 12.5 + 250);
		expect(clock.now()).toBeLessThan(399 * 12.5 + 250 + 50);
		// at 80/s and 250 ms, about 20 are in flight: concurrency is what reaches the rate
		expect(stats.peakInFlight).toBeGreaterThanOrEqual(20);
		expect(stats.peakInFlight).toBeLessThanOrEqual(21);
		const gaps = meta.startTimes.slice(1).map((t, i) => t - meta.startTimes[i]);
		expect(Math.min(...gaps)).toBeGreaterThanOrEqual(12.5 - 1e-9);
	});

	it("catches up when timers fire late (a busy machine) without a burst over the number's bucket", async () => {
		// a busy event loop: in the first 240 ms of every second no timer fires; those due then fire at its end
		class LateClock extends VirtualClock {
			sleep(ms: number): Promise<void> {
				const due = this.now() + ms;
				const intoSecond = due % 1000;
				return super.sleep(intoSecond < 240 ? due - intoSecond + 240 - this.now() : ms);
			}
		}
		const clock = new LateClock();
		const meta = receiver(clock, { latencyMs: 250, recipients: distinct(800) });
		const outcomes = await clock.run(
			sendPaced(800, meta.task, { ratePerSecond: 80, clock }, newStats()),
		);
		expect(outcomes.every((o) => o.ok)).toBe(true);
		// the starts keep the rate: 800 at 80/s take 10 s, give or take one late wake
		const span = meta.startTimes[799] - meta.startTimes[0];
		expect(span).toBeLessThan(799 * 12.5 + 250);
		// and fit Meta's measure (the stand-in's bucket of 80 refilled at 80/s) everywhere
		let bucket = 80;
		let at = meta.startTimes[0];
		for (const start of meta.startTimes) {
			bucket = Math.min(80, bucket + ((start - at) * 80) / 1000) - 1;
			at = start;
			expect(bucket).toBeGreaterThanOrEqual(0);
		}
	});

	it('sends one after another when the concurrency is 1', async () => {
		const clock = new VirtualClock();
		const meta = receiver(clock, { latencyMs: 250, recipients: distinct(8) });
		const stats = newStats();
		await clock.run(sendPaced(8, meta.task, { ratePerSecond: 80, concurrency: 1, clock }, stats));
		expect(stats.peakInFlight).toBe(1);
		expect(clock.now()).toBe(8 * 250);
	});

	it('bounds the requests in flight, whatever the item count', async () => {
		const clock = new VirtualClock();
		const meta = receiver(clock, { latencyMs: 2000, recipients: distinct(3000) });
		const stats = newStats();
		const outcomes = await clock.run(
			sendPaced(3000, meta.task, { ratePerSecond: 1000, concurrency: 50, clock }, stats),
		);
		expect(stats.peakInFlight).toBe(50);
		expect(outcomes.filter((o) => o.ok)).toHaveLength(3000);
	});

	it('backs off on 130429 and sends each item exactly once', async () => {
		const clock = new VirtualClock();
		// the user asks for 200/s; the number only takes 50 in any second
		const meta = receiver(clock, { latencyMs: 100, perSecond: 50, recipients: distinct(300) });
		const stats = newStats();
		const outcomes = await clock.run(
			sendPaced(
				300,
				meta.task,
				{ ratePerSecond: 200, clock, maxAttempts: 10, throughputBackoffMs: 500 },
				stats,
			),
		);
		expect(stats.throughputAnswers).toBeGreaterThan(0);
		expect(outcomes.every((o) => o.ok)).toBe(true);
		expect([...meta.accepted].sort((a, b) => a - b)).toEqual(distinct(300).map((_, i) => i));
		expect(new Set(meta.accepted).size).toBe(300);
		expect(stats.requests).toBe(300 + stats.throughputAnswers);
	});

	it('retries a recipient after 131056 later, without holding back the others', async () => {
		const clock = new VirtualClock();
		// items 0 and 1 go to the same person; 2..9 to others
		const recipients = ['15550001111', '15550001111', ...distinct(8)];
		const meta = receiver(clock, { latencyMs: 100, pairIntervalMs: 6000, recipients });
		const stats = newStats();
		const outcomes = await clock.run(
			sendPaced(10, meta.task, { ratePerSecond: 80, clock, pairBackoffMs: 6000 }, stats),
		);
		expect(stats.pairAnswers).toBe(1);
		expect(outcomes.map((o) => o.ok)).toEqual(new Array(10).fill(true));
		expect(outcomes[1].attempts).toBe(2);
		// the others were accepted before the retry of item 1
		expect(meta.accepted.indexOf(1)).toBe(9);
		expect(clock.now()).toBeGreaterThanOrEqual(6000);
	});

	it("gives up after the last attempt with Meta's answer as the outcome", async () => {
		const clock = new VirtualClock();
		const meta = receiver(clock, {
			latencyMs: 10,
			pairIntervalMs: 1e9,
			recipients: ['1', '1', '2'],
		});
		const outcomes = await clock.run(
			sendPaced(3, meta.task, { ratePerSecond: 80, clock, maxAttempts: 3, pairBackoffMs: 100 }),
		);
		expect(outcomes[1]).toMatchObject({ ok: false, attempts: 3 });
		expect((outcomes[1] as { error: Refused }).error.code).toBe(131056);
		expect(outcomes[0].ok && outcomes[2].ok).toBe(true);
	});

	it("never repeats a send that failed without Meta's answer (it may have been accepted)", async () => {
		const clock = new VirtualClock();
		const { task, counter } = failingTask(clock, 2, new Error('socket hang up'));
		const outcomes = await clock.run(sendPaced(5, task, { ratePerSecond: 80, clock }));
		expect(counter.calls).toBe(5);
		expect(outcomes[2]).toMatchObject({ ok: false, attempts: 1 });
		expect((outcomes[2] as { error: Error }).error.message).toBe('socket hang up');
	});

	it('hands each outcome over as it is known and keeps none itself (memory bounded by the items in flight)', async () => {
		const clock = new VirtualClock();
		const meta = receiver(clock, { latencyMs: 250, recipients: distinct(2000) });
		const held: number[] = [];
		let unsettled = 0;
		let peakUnsettled = 0;
		const seen: number[] = [];
		const task: PacedTask<string> = {
			...meta.task,
			send: async (index) => {
				unsettled++;
				peakUnsettled = Math.max(peakUnsettled, unsettled);
				return await meta.task.send(index);
			},
			onOutcome: (index, outcome) => {
				unsettled--;
				seen.push(index);
				if (outcome.ok) held.push(index);
			},
		};
		const returned = await clock.run(sendPaced(2000, task, { ratePerSecond: 80, clock }));
		expect(returned).toEqual([]);
		expect([...held].sort((a, b) => a - b)).toEqual(distinct(2000).map((_, i) => i));
		expect(new Set(seen).size).toBe(2000);
		// 80/s at 250 ms: about 20 in flight, never more than one second's worth
		expect(peakUnsettled).toBeLessThanOrEqual(80);
	});

	it('starts nothing more after a final failure when asked to stop', async () => {
		const clock = new VirtualClock();
		const { task, counter } = failingTask(clock, 3, new Refused(132001), 100);
		const outcomes = await clock.run(
			sendPaced(100, task, { ratePerSecond: 10, concurrency: 1, clock, stopAfterFailure: true }),
		);
		expect(counter.calls).toBe(4);
		expect(outcomes.filter(Boolean)).toHaveLength(4);
		expect(outcomes[4]).toBeUndefined();
	});
});
