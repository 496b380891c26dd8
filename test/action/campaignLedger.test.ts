// The record of a campaign's rows (campaignLedger.ts) against n8n's deduplication store as it
// behaves (test/support/deduplication.ts): a crash at any write, while sending or while the
// record is read, leaves no row "sent" that Meta did not accept, and every row Meta accepted
// is "sent" or "in doubt" on the next run.
import { CampaignLedger } from '../../nodes/WhatsAppBusinessAccount/actions/message/campaignLedger';
import type { LedgerStore } from '../../nodes/WhatsAppBusinessAccount/actions/message/campaignLedger';
import { MemoryDeduplicator } from '../support/deduplication';

const CONTEXT = { workflow: { id: 'wf-1', active: false }, node: { id: 'node-1' } } as never;

function storeOver(dedup: MemoryDeduplicator): LedgerStore {
	return {
		async record(entries) {
			const answer = await dedup.checkProcessedAndRecord(entries, 'node', CONTEXT);
			return new Set(answer.processed.map(String));
		},
		async remove(entries) {
			await dedup.removeProcessed(entries, 'node', CONTEXT);
		},
	};
}

const ROWS = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'];

/**
 * One run as Send Template makes it: recall, then for each untouched row begin, "send" (Meta
 * accepts all but r4, which Meta refuses with an answer), then sent or failed. Returns the rows
 * Meta accepted; stops at the store's first failure, as a killed process would.
 */
async function run(dedup: MemoryDeduplicator, accepted: Set<string>): Promise<void> {
	const ledger = new CampaignLedger(storeOver(dedup), 'spring');
	const states = await ledger.recall(ROWS);
	for (const row of ROWS.filter((r) => states.get(r) === 'untouched')) {
		await ledger.begin(row);
		if (row === 'r4') {
			await ledger.failed(row);
			continue;
		}
		accepted.add(row);
		await ledger.sent(row);
	}
	await ledger.flush();
}

test('a row is untouched, sent or in doubt as its writes left it', async () => {
	const dedup = new MemoryDeduplicator();
	const ledger = new CampaignLedger(storeOver(dedup), 'spring');
	expect([...(await ledger.recall(['a', 'b', 'c'])).values()]).toEqual([
		'untouched',
		'untouched',
		'untouched',
	]);
	await ledger.begin('a');
	await ledger.sent('a');
	await ledger.begin('b');
	await ledger.begin('c');
	await ledger.failed('c');
	await ledger.flush();
	const again = new CampaignLedger(storeOver(dedup), 'spring');
	expect(Object.fromEntries(await again.recall(['a', 'b', 'c']))).toEqual({
		a: 'sent',
		b: 'inDoubt',
		c: 'untouched',
	});
	// another campaign of the same node starts afresh
	const other = new CampaignLedger(storeOver(dedup), 'autumn');
	expect(Object.fromEntries(await other.recall(['a', 'b']))).toEqual({
		a: 'untouched',
		b: 'untouched',
	});
});

test('reading the record leaves it as it was', async () => {
	const dedup = new MemoryDeduplicator();
	const ledger = new CampaignLedger(storeOver(dedup), 'spring');
	await ledger.begin('a');
	await ledger.sent('a');
	await ledger.begin('b');
	const before = [...dedup.lists.values()].map((l) => [...l].sort());
	await new CampaignLedger(storeOver(dedup), 'spring').recall(['a', 'b', 'c']);
	expect([...dedup.lists.values()].map((l) => [...l].sort())).toEqual(before);
});

test('a crash at any write never makes a row look sent that Meta did not accept, nor loses one it accepted', async () => {
	// count the writes of an undisturbed run, then crash at each of them in turn
	const clean = new MemoryDeduplicator();
	await run(clean, new Set());
	expect(clean.writes).toBeGreaterThan(10);
	for (let crashAt = 0; crashAt <= clean.writes; crashAt++) {
		const dedup = new MemoryDeduplicator();
		const accepted = new Set<string>();
		dedup.failAfter = crashAt;
		await run(dedup, accepted).catch(() => undefined);
		// the next run, with the database back
		dedup.failAfter = Infinity;
		const states = await new CampaignLedger(storeOver(dedup), 'spring').recall(ROWS);
		for (const row of ROWS) {
			const state = states.get(row);
			if (state === 'sent')
				expect({ crashAt, row, accepted: accepted.has(row) }).toEqual({
					crashAt,
					row,
					accepted: true,
				});
			if (accepted.has(row))
				expect({ crashAt, row, state: state === 'untouched' ? 'lost' : 'kept' }).toEqual({
					crashAt,
					row,
					state: 'kept',
				});
		}
		// and the run after the crash completes the campaign: every row accepted once, or in doubt
		const second = new Set<string>();
		await run(dedup, second);
		for (const row of second)
			expect({ crashAt, row, twice: accepted.has(row) }).toEqual({
				crashAt,
				row,
				twice: false,
			});
	}
});

test('writes asked while one runs go together in the next', async () => {
	const dedup = new MemoryDeduplicator();
	const ledger = new CampaignLedger(storeOver(dedup), 'spring');
	await Promise.all(Array.from({ length: 50 }, (_, i) => ledger.begin(`row-${i}`)));
	// the first begin alone, then the 49 that queued behind it
	expect(ledger.writes).toBe(2);
	await Promise.all(Array.from({ length: 50 }, (_, i) => ledger.sent(`row-${i}`)));
	await ledger.flush();
	const states = await new CampaignLedger(storeOver(dedup), 'spring').recall(['row-0', 'row-49']);
	expect([...states.values()]).toEqual(['sent', 'sent']);
});

test('a failed write fails the rows waiting for it and every later one', async () => {
	const dedup = new MemoryDeduplicator();
	dedup.failAfter = 0;
	const ledger = new CampaignLedger(storeOver(dedup), 'spring');
	await expect(ledger.begin('a')).rejects.toThrow('connection to the database lost');
	dedup.failAfter = Infinity;
	await expect(ledger.begin('b')).rejects.toThrow('connection to the database lost');
	await expect(ledger.flush()).rejects.toThrow('connection to the database lost');
});
