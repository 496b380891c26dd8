/**
 * Accounting through n8n's own database: every execution of the workflow, its status and
 * the items the trigger gave, matched against what the Meta-like client sent.
 * - delivered: every change of the delivery is an item of at least one successful execution
 * - lost: a delivery with a change in no successful execution
 * - a duplicate execution is allowed only where the client sent the delivery more than once
 *   (it carries the same dedupKey), never more executions than sends
 * - a send the client stopped waiting for although an execution of it had already succeeded
 *   (n8n stored the result but the webhook processor never answered) is counted apart, with
 *   how long before the client's timeout the execution had ended: it explains a duplicate
 */
import { parseFlatted } from '../lib/flatted';
import type { SendRecord } from '../lib/metaSender';
import { LOAD_TIME_BASE, type LoadDelivery } from '../reliability/load';
import type { Postgres } from './services';

/** One delivery of the load and every send of it. */
export type DeliveryRecord = SendRecord<LoadDelivery>;

export const TRIGGER_NODE_NAME = 'WhatsApp Business Account Trigger';

/**
 * One change of one delivery of this run. Deliveries drawn from the same fixture share the
 * dedupKeys of their non-message changes (a hash of the change, as Meta would resend it), so
 * the delivery's entry.time, unique per delivery in the load (makeUnique), tells them apart.
 */
export function changeId(dedupKey: string, time: unknown): string {
	return `${dedupKey}@${String(time)}`;
}

/** The changes a delivery of the load must give (makeUnique sets every entry.time to this). */
export function expectedChanges(delivery: { index: number; keys: string[] }): string[] {
	return delivery.keys.map((key) => changeId(key, LOAD_TIME_BASE + delivery.index));
}

export interface StoredExecution {
	id: string;
	status: string;
	keys: string[];
	/** When the execution ended (ms since the epoch), if it has. */
	stoppedAt?: number;
}

export function readExecutions(pg: Postgres, workflowId: string): StoredExecution[] {
	const rows = pg.query(
		`SELECT json_build_object('id', e.id, 'status', e.status, 'stoppedAt', e."stoppedAt", 'data', d.data)::text FROM execution_entity e ` +
			`LEFT JOIN execution_data d ON d."executionId" = e.id WHERE e."workflowId" = '${workflowId.replace(/'/g, "''")}' ORDER BY e.id`,
	);
	return rows.map((row) => {
		const { id, status, stoppedAt, data } = JSON.parse(row) as {
			id: number | string;
			status: string;
			stoppedAt: string | null;
			data: string | null;
		};
		const keys: string[] = [];
		if (status === 'success' && data) {
			const run = parseFlatted(data) as {
				resultData?: {
					runData?: Record<
						string,
						Array<{
							data?: { main?: Array<Array<{ json?: { dedupKey?: string; time?: unknown } }>> };
						}>
					>;
				};
			};
			for (const task of run.resultData?.runData?.[TRIGGER_NODE_NAME] ?? [])
				for (const output of task.data?.main ?? [])
					for (const item of output ?? [])
						if (item?.json?.dedupKey) keys.push(changeId(item.json.dedupKey, item.json.time));
		}
		return {
			id: String(id),
			status,
			keys,
			...(stoppedAt
				? {
						stoppedAt: Date.parse(
							stoppedAt.endsWith('Z') || /[+-]\d\d(:?\d\d)?$/.test(stoppedAt)
								? stoppedAt
								: `${stoppedAt}Z`,
						),
					}
				: {}),
		};
	});
}

/** Executions not yet ended (queued, running). */
export function unfinishedCount(pg: Postgres, workflowId: string): number {
	const [count] = pg.query(
		`SELECT count(*) FROM execution_entity WHERE "workflowId" = '${workflowId.replace(/'/g, "''")}' AND status IN ('new', 'running', 'waiting')`,
	);
	return Number(count);
}

export interface Accounting {
	sent: number;
	delivered: number;
	lost: number;
	/** Every lost delivery's index (its trail: trail.ts). */
	lostIndexes: number[];
	lostExamples: string[];
	executions: number;
	byStatus: Record<string, number>;
	/** Successful executions beyond one per delivery, all from redeliveries. */
	duplicateExecutions: number;
	/** Deliveries executed more often than the client sent them, or under another key. */
	unexplained: string[];
	redelivered: number;
	sends: number;
	/**
	 * Sends that got no answer in time although an execution of that delivery had succeeded
	 * at least a second before the client stopped waiting.
	 */
	unanswered: UnansweredSend[];
}

export interface UnansweredSend {
	index: number;
	url: string;
	sentAt: number;
	/** How long after the send the execution had succeeded. */
	succeededAfterMs: number;
	waitedMs: number;
	error?: string;
}

export function describeUnanswered(u: UnansweredSend): string {
	return `delivery ${u.index}: sent to ${u.url}, its execution succeeded ${u.succeededAfterMs} ms later, no answer for ${u.waitedMs} ms (${u.error ?? 'no answer'})`;
}

export function account(records: DeliveryRecord[], executions: StoredExecution[]): Accounting {
	const seen = new Map<string, number>(); // key -> successful executions holding it
	const endedAt = new Map<string, number[]>(); // key -> when those executions ended
	for (const execution of executions)
		for (const key of new Set(execution.keys)) {
			seen.set(key, (seen.get(key) ?? 0) + 1);
			if (execution.stoppedAt !== undefined)
				endedAt.set(key, [...(endedAt.get(key) ?? []), execution.stoppedAt]);
		}
	const unanswered: UnansweredSend[] = [];
	const expected = new Set<string>();
	const byStatus: Record<string, number> = {};
	for (const execution of executions)
		byStatus[execution.status] = (byStatus[execution.status] ?? 0) + 1;
	let delivered = 0;
	let duplicateExecutions = 0;
	const lostExamples: string[] = [];
	const lostIndexes: number[] = [];
	const unexplained: string[] = [];
	for (const record of records) {
		const { index } = record.delivery;
		const keys = expectedChanges(record.delivery);
		for (const key of keys) expected.add(key);
		const counts = keys.map((key) => seen.get(key) ?? 0);
		if (counts.every((n) => n > 0)) delivered++;
		else lostIndexes.push(index);
		if (counts.some((n) => n === 0) && lostExamples.length < 10)
			lostExamples.push(`delivery ${index}: ${keys.filter((_, i) => counts[i] === 0).join(', ')}`);
		const executed = Math.max(0, ...counts);
		if (executed > 1) duplicateExecutions += executed - 1;
		if (executed > record.attempts.length)
			unexplained.push(
				`delivery ${index}: ${executed} executions for ${record.attempts.length} sends`,
			);
		for (const attempt of record.attempts) {
			if (attempt.status !== 0) continue;
			const gaveUpAt = attempt.startedAt + attempt.ms;
			const ended = (endedAt.get(keys[0]) ?? []).filter(
				(t) => t >= attempt.startedAt && t < gaveUpAt - 1000,
			);
			if (!keys.length || !ended.length) continue;
			unanswered.push({
				index,
				url: attempt.url,
				sentAt: attempt.startedAt,
				succeededAfterMs: Math.min(...ended) - attempt.startedAt,
				waitedMs: attempt.ms,
				error: attempt.error,
			});
		}
	}
	for (const key of seen.keys())
		if (!expected.has(key))
			unexplained.push(`an execution holds ${key}, which no delivery carries`);
	return {
		sent: records.length,
		delivered,
		lost: records.length - delivered,
		lostIndexes,
		lostExamples,
		executions: executions.length,
		byStatus,
		duplicateExecutions,
		unexplained,
		redelivered: records.filter((r) => r.attempts.length > 1).length,
		sends: records.reduce((n, r) => n + r.attempts.length, 0),
		unanswered,
	};
}
