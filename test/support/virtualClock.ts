import type { PacerClock } from '../../nodes/WhatsAppBusinessAccount/transport/pacer';

/**
 * A clock for code that sleeps: time moves only when every pending promise has settled, then
 * jumps to the earliest sleeper. Runs are deterministic and take no wall time; assert on
 * `clock.now()` (virtual milliseconds) and counts, never on real time.
 */
export class VirtualClock implements PacerClock {
	private time = 0;
	private sleepers: Array<{ at: number; seq: number; wake: () => void }> = [];
	private seq = 0;

	now(): number {
		return this.time;
	}

	sleep(ms: number): Promise<void> {
		return new Promise((wake) => {
			this.sleepers.push({ at: this.time + Math.max(0, ms), seq: this.seq++, wake });
		});
	}

	/** Runs `work` to its end, advancing virtual time whenever everything is asleep. */
	async run<T>(work: Promise<T>): Promise<T> {
		let done = false;
		const result = work.finally(() => {
			done = true;
		});
		while (!done) {
			// let every resolved promise run before deciding that all are asleep
			await new Promise((resolve) => setImmediate(resolve));
			if (done) break;
			if (!this.sleepers.length) continue;
			this.sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
			const next = this.sleepers.shift()!;
			this.time = Math.max(this.time, next.at);
			next.wake();
		}
		return await result;
	}

	/** A send that answers after `ms` virtual milliseconds (a Graph latency). */
	async after<T>(ms: number, answer: () => T): Promise<T> {
		await this.sleep(ms);
		return answer();
	}
}
