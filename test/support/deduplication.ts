// n8n's deduplication store in memory, for tests: what n8n's DeduplicationHelper does in its
// `entries` mode (one list per workflow and context, entries kept as MD5 hashes, each call
// reading and rewriting the whole list), installed as n8n-core's DataDeduplicationService so
// that `this.helpers.checkProcessedAndRecord` in a node run by test/action/support/runner.ts
// reaches it. `failAfter` makes the store fail from the n-th write on, as a database that
// went away would.
import { createHash } from 'crypto';
import { DataDeduplicationService } from 'n8n-core';
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

const hash = (value: DeduplicationItemTypes) =>
	createHash('md5').update(value.toString()).digest('base64');

export class MemoryDeduplicator implements IDataDeduplicator {
	readonly lists = new Map<string, string[]>();
	writes = 0;
	failAfter = Infinity;

	private key(scope: DeduplicationScope, data: ICheckProcessedContextData) {
		return `${data.workflow.id}|${scope === 'node' ? `n:${data.node!.id}` : ''}`;
	}

	private write() {
		if (this.writes >= this.failAfter) throw new Error('connection to the database lost');
		this.writes++;
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		data: ICheckProcessedContextData,
	): Promise<IDeduplicationOutput> {
		this.write();
		const list = [...(this.lists.get(this.key(scope, data)) ?? [])];
		const known = new Set(list);
		const answer: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			if (known.has(hash(item))) answer.processed.push(item);
			else {
				answer.new.push(item);
				list.push(hash(item));
				known.add(hash(item));
			}
		}
		this.lists.set(this.key(scope, data), list);
		return answer;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		data: ICheckProcessedContextData,
	): Promise<void> {
		this.write();
		const gone = new Set(items.map(hash));
		const list = this.lists.get(this.key(scope, data)) ?? [];
		this.lists.set(
			this.key(scope, data),
			list.filter((h) => !gone.has(h)),
		);
	}

	async clearAllProcessedItems(scope: DeduplicationScope, data: ICheckProcessedContextData) {
		this.lists.delete(this.key(scope, data));
	}

	async getProcessedDataCount(scope: DeduplicationScope, data: ICheckProcessedContextData) {
		return this.lists.get(this.key(scope, data))?.length ?? 0;
	}
}

/** The store n8n-core's helpers reach in this test file (n8n-core allows one per process). */
export async function useMemoryDeduplication(): Promise<MemoryDeduplicator> {
	const store = new MemoryDeduplicator();
	const service = DataDeduplicationService as unknown as {
		instance?: unknown;
		init(d: IDataDeduplicator): Promise<void>;
	};
	service.instance = undefined;
	await service.init(store);
	return store;
}
