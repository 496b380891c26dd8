/**
 * A lost delivery's whole trail (`npm run scale` prints it for each lost delivery, and for
 * those named with --trail): every send of the client (when, to which webhook processor,
 * n8n's answer or the error, how long), the executions of the delivery (those whose stored
 * data holds its changes, and any other execution created during one of its sends that did
 * not succeed: an error run overwrites an execution's data, so such an execution can no
 * longer be told apart by its data), each with its status and times, the Bull job of each
 * (n8n's log names it), the job as Redis still holds it and every event Bull published for
 * it (bullEvents.ts), and every line of every n8n process's log (JSON, N8N_LOG_FORMAT=json)
 * that names the execution or the job.
 */
import * as fs from 'fs';

import { parseFlatted } from '../lib/flatted';
import type { Attempt } from '../lib/metaSender';
import { LOAD_TIME_BASE } from '../reliability/load';
import type { DeliveryRecord } from './account';
import { readBullEvents } from './bullEvents';
import type { Postgres, Redis } from './services';

export interface TrailSources {
	pg: Postgres;
	redis: Redis;
	workflowId: string;
	/** The name of the webhook processor behind a URL the client sends to. */
	processorOf: (url: string) => string;
	/** Every n8n process's name and log file. */
	logs: Array<{ name: string; file: string }>;
	/** bullEvents.ts's file. */
	bullEventsFile: string;
}

/** How far around a send an execution created by it may have been stored. */
const WINDOW_SLACK_MS = 1000;

const iso = (ms: number) => new Date(ms).toISOString();

export function describeAttempt(
	n: number,
	a: Attempt,
	processorOf: (url: string) => string,
): string {
	const answer = a.status
		? `HTTP ${a.status}${a.text ? ` ${JSON.stringify(a.text.slice(0, 160))}` : ''}`
		: `no answer (${a.error ?? 'unknown'})`;
	return `send ${n}: ${iso(a.startedAt)} to ${processorOf(a.url)} (${a.url}): ${answer} after ${a.ms} ms${a.reusedSocket ? ', on a reused connection' : ''}`;
}

/**
 * Whether n8n's stored execution data (flatted JSON) holds this delivery's changes: one of its
 * de-duplication keys and its entry time (unique to the delivery in the run's load).
 */
export function dataMentionsDelivery(
	data: string,
	delivery: { index: number; keys: string[] },
): boolean {
	const time = String(LOAD_TIME_BASE + delivery.index);
	return data.includes(time) && delivery.keys.some((key) => data.includes(JSON.stringify(key)));
}

/** The ids of executions and jobs a log line names (JSON metadata or n8n's message text). */
export function idsInLogLine(line: string): { executionIds: string[]; jobIds: string[] } {
	const executionIds = new Set<string>();
	const jobIds = new Set<string>();
	for (const m of line.matchAll(/"executionId":"?(\d+)"?/g)) executionIds.add(m[1]);
	for (const m of line.matchAll(/[Ee]xecution (?:ID )?(\d+)\b/g)) executionIds.add(m[1]);
	for (const m of line.matchAll(/"jobId":"?(\d+)"?/g)) jobIds.add(m[1]);
	for (const m of line.matchAll(/\(job (\d+)\)/g)) jobIds.add(m[1]);
	return { executionIds: [...executionIds], jobIds: [...jobIds] };
}

interface ExecutionRow {
	id: string;
	status: string;
	finished: boolean;
	createdAt: string;
	startedAt: string | null;
	stoppedAt: string | null;
	mentions: boolean;
	error?: string;
}

/** The error n8n stored with an execution (resultData.error), if any. */
export function storedError(data: string): string | undefined {
	try {
		const run = parseFlatted(data) as {
			resultData?: { error?: { message?: unknown; name?: unknown } };
		};
		const error = run?.resultData?.error;
		if (!error) return undefined;
		return (
			[error.name, error.message].filter((part) => typeof part === 'string' && part).join(': ') ||
			'an error without a message'
		);
	} catch {
		return undefined;
	}
}

function executionsAround(record: DeliveryRecord, sources: TrailSources): ExecutionRow[] {
	const windows = record.attempts
		.map(
			(a) =>
				`(e."createdAt" BETWEEN '${iso(a.startedAt - WINDOW_SLACK_MS)}' AND '${iso(a.startedAt + a.ms + WINDOW_SLACK_MS)}')`,
		)
		.join(' OR ');
	if (!windows) return [];
	const workflow = sources.workflowId.replace(/'/g, "''");
	const rows = sources.pg.query(
		`SELECT json_build_object('id', e.id, 'status', e.status, 'finished', e.finished, 'createdAt', e."createdAt", 'startedAt', e."startedAt", 'stoppedAt', e."stoppedAt", 'data', d.data)::text ` +
			`FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id WHERE e."workflowId" = '${workflow}' AND (${windows}) ORDER BY e.id`,
	);
	const out: ExecutionRow[] = [];
	for (const row of rows) {
		const { data, ...e } = JSON.parse(row) as Omit<ExecutionRow, 'mentions' | 'error'> & {
			id: number | string;
			data: string | null;
		};
		const mentions = data !== null && dataMentionsDelivery(data, record.delivery);
		if (!mentions && e.status === 'success') continue; // another delivery's
		const error = data ? storedError(data) : undefined;
		out.push({
			...e,
			id: String(e.id),
			mentions,
			...(error && e.status !== 'success' ? { error } : {}),
		});
	}
	return out;
}

function logLinesNaming(
	sources: TrailSources,
	executionIds: Set<string>,
	jobIds: Set<string>,
): Array<{ name: string; line: string }> {
	const out: Array<{ name: string; line: string }> = [];
	for (const { name, file } of sources.logs) {
		if (!fs.existsSync(file)) continue;
		for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
			if (!line) continue;
			const ids = idsInLogLine(line);
			if (
				ids.executionIds.some((id) => executionIds.has(id)) ||
				ids.jobIds.some((id) => jobIds.has(id))
			)
				out.push({ name, line });
		}
	}
	return out;
}

function jobHash(redis: Redis, jobId: string): string {
	try {
		const fields = redis.cli('HGETALL', `bull:jobs:${jobId}`).trim().split('\n');
		if (fields.length < 2)
			return `job ${jobId}: no longer in Redis (n8n's queue retention removed it)`;
		const pairs: string[] = [];
		for (let i = 0; i + 1 < fields.length; i += 2) {
			const [key, value] = [fields[i], fields[i + 1]];
			if (['name', 'opts', 'priority', 'delay'].includes(key)) continue;
			const shown =
				['timestamp', 'processedOn', 'finishedOn'].includes(key) && /^\d+$/.test(value)
					? iso(Number(value))
					: value.slice(0, 300);
			pairs.push(`${key}=${shown}`);
		}
		return `job ${jobId} in Redis: ${pairs.join(', ')}`;
	} catch (error) {
		return `job ${jobId}: Redis not readable (${(error as Error).message})`;
	}
}

/** The trail of one delivery, one line each. */
export function deliveryTrail(record: DeliveryRecord, sources: TrailSources): string[] {
	const lines = [
		`trail of delivery ${record.delivery.index} (changes ${record.delivery.keys.join(', ')}; entry.time ${LOAD_TIME_BASE + record.delivery.index}):`,
	];
	record.attempts.forEach((a, i) =>
		lines.push(`  ${describeAttempt(i + 1, a, sources.processorOf)}`),
	);
	const executions = executionsAround(record, sources);
	if (!executions.length)
		lines.push('  executions: none holds its changes, and none created during its sends failed');
	for (const e of executions)
		lines.push(
			`  execution ${e.id} (${e.mentions ? 'its data holds the delivery' : 'created during a send, data without the delivery'}): status ${e.status}, finished ${e.finished}, ` +
				`created ${e.createdAt}, started ${e.startedAt ?? '-'}, stopped ${e.stoppedAt ?? '-'}${e.error ? `, error ${JSON.stringify(e.error)}` : ''}`,
		);
	const executionIds = new Set(executions.map((e) => e.id));
	const jobIds = new Set<string>();
	// n8n's log lines name the jobs ("Enqueued execution 8123 (job 8101)")
	for (const { line } of logLinesNaming(sources, executionIds, new Set())) {
		const ids = idsInLogLine(line);
		if (ids.executionIds.some((id) => executionIds.has(id)))
			for (const id of ids.jobIds) jobIds.add(id);
	}
	for (const jobId of jobIds) lines.push(`  ${jobHash(sources.redis, jobId)}`);
	for (const event of readBullEvents(sources.bullEventsFile, jobIds))
		lines.push(
			`  bull ${iso(event.t)} job ${event.jobId} ${event.event}${event.detail ? ` ${event.detail.slice(0, 300)}` : ''}`,
		);
	const logLines = logLinesNaming(sources, executionIds, jobIds);
	if (!logLines.length && executionIds.size)
		lines.push('  n8n logs: no line names these executions or jobs');
	for (const { name, line } of logLines) lines.push(`  log ${name}: ${line.slice(0, 600)}`);
	return lines;
}
