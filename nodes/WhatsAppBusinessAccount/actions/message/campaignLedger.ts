// Send Template's record of a campaign's rows, so that a re-run (n8n's retry after a crash, or
// the user running the execution again) sends no row twice. Meta has no idempotency key for
// sends, so the only safe rule is: a row is written "in flight" before its request goes, and
// "sent" once Meta accepted it; a row found in flight on a re-run may have reached the customer
// and is reported, never sent again silently.
//
// The record lives in a store that answers one question, n8n's deduplication store's: "record
// these entries, and tell me which were there already" (the entries are hashed; nothing else can
// be read back). States are written so that a crash at any moment, also while the record is
// read, leaves a row "sent", "in doubt" or untouched, never "sent" when it was not:
//   untouched  no entry
//   in flight  F (its request may have gone)
//   sent       S without F (S is written after Meta's answer, then F is removed)
// F and S both present means the crash fell between those two writes, or while the record was
// being read: in doubt too.

/** n8n's deduplication store, as Send Template uses it (one list per node of the workflow). */
export interface LedgerStore {
	/** Records the entries; answers those that were recorded already. */
	record(entries: string[]): Promise<Set<string>>;
	/** Forgets the entries (those not recorded are ignored). */
	remove(entries: string[]): Promise<void>;
}

/** A row as the record knows it before this run sends anything. */
export type RowState = 'untouched' | 'sent' | 'inDoubt';

const entry = (state: 'F' | 'S', campaignId: string, rowKey: string) =>
	JSON.stringify([state, campaignId, rowKey]);

/**
 * One campaign's record. Writes are serialised (the store rewrites its whole list on each call,
 * so two calls at once would lose one) and grouped: whatever is asked while a write runs goes in
 * the next one, so the number of writes follows the store's speed, not the send rate.
 */
export class CampaignLedger {
	private queue: Array<{ kind: 'begin' | 'sent' | 'failed'; rowKey: string; done: Deferred }> = [];
	private writing: Promise<void> | undefined;
	private writeError: unknown;
	/** Writes made (grouped), for the bench and the tests. */
	writes = 0;

	constructor(
		private readonly store: LedgerStore,
		readonly campaignId: string,
	) {}

	/**
	 * What the record says of each row key, read without leaving a wrong state behind if the
	 * process dies meanwhile (see the file's head): F is recorded for every row first, so that
	 * the reading's own writes can only make rows look in doubt.
	 */
	async recall(rowKeys: string[]): Promise<Map<string, RowState>> {
		const flights = rowKeys.map((key) => entry('F', this.campaignId, key));
		const sents = rowKeys.map((key) => entry('S', this.campaignId, key));
		const flightBefore = await this.store.record(flights);
		const sentBefore = await this.store.record(sents);
		// put back what the reading added: S first (while every F is there), then F
		await this.removeAll(sents.filter((key) => !sentBefore.has(key)));
		await this.removeAll(flights.filter((key) => !flightBefore.has(key)));
		const states = new Map<string, RowState>();
		rowKeys.forEach((key, i) => {
			const f = flightBefore.has(flights[i]);
			const s = sentBefore.has(sents[i]);
			states.set(key, f ? 'inDoubt' : s ? 'sent' : 'untouched');
		});
		return states;
	}

	/** Resolves once the row is recorded in flight: only then may its request go. */
	async begin(rowKey: string): Promise<void> {
		return await this.enqueue('begin', rowKey);
	}

	/** Meta accepted the row's message. */
	async sent(rowKey: string): Promise<void> {
		return await this.enqueue('sent', rowKey);
	}

	/** Meta answered with a refusal: nothing went, a re-run may send the row. */
	async failed(rowKey: string): Promise<void> {
		return await this.enqueue('failed', rowKey);
	}

	/** Waits for every write asked so far; throws the first write's failure if one failed. */
	async flush(): Promise<void> {
		while (this.writing) await this.writing;
		if (this.writeError) throw this.writeError;
	}

	private async enqueue(kind: 'begin' | 'sent' | 'failed', rowKey: string): Promise<void> {
		if (this.writeError) throw this.writeError;
		const done = deferred();
		this.queue.push({ kind, rowKey, done });
		if (!this.writing) this.writing = this.drain();
		return await done.promise;
	}

	private async drain(): Promise<void> {
		while (this.queue.length) {
			const batch = this.queue;
			this.queue = [];
			try {
				await this.write(batch);
				for (const op of batch) op.done.resolve();
			} catch (error) {
				this.writeError = error;
				for (const op of [...batch, ...this.queue]) op.done.reject(error);
				this.queue = [];
			}
		}
		this.writing = undefined;
	}

	private async write(batch: Array<{ kind: string; rowKey: string }>): Promise<void> {
		const keys = (kind: string, state: 'F' | 'S') =>
			batch.filter((op) => op.kind === kind).map((op) => entry(state, this.campaignId, op.rowKey));
		const begins = keys('begin', 'F');
		const sentS = keys('sent', 'S');
		const settledF = [...keys('sent', 'F'), ...keys('failed', 'F')];
		if (begins.length) {
			await this.store.record(begins);
			this.writes++;
		}
		if (sentS.length) {
			await this.store.record(sentS);
			this.writes++;
		}
		await this.removeAll(settledF);
	}

	private async removeAll(entries: string[]): Promise<void> {
		if (!entries.length) return;
		await this.store.remove(entries);
		this.writes++;
	}
}

interface Deferred {
	promise: Promise<void>;
	resolve: () => void;
	reject: (error: unknown) => void;
}

function deferred(): Deferred {
	let resolve!: () => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<void>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	// a rejection nobody awaits (the campaign stopped) must not crash the process
	promise.catch(() => undefined);
	return { promise, resolve, reject };
}
