/**
 * Bull's own record of each job, for a lost delivery's trail (trail.ts): every event Bull
 * publishes for n8n's queue (waiting, active, progress: n8n's job-finished message, completed,
 * failed, stalled), with the time it was seen, one JSON line each. n8n keeps only the last
 * 1,000 finished jobs in Redis (N8N_EXECUTIONS_QUEUE_KEEP_LAST_*), so a job of the first
 * minutes is gone by the end of a run; its events are not. The subscriber is the ioredis
 * n8n itself loads, and subscribes again after a Redis restart (events published while
 * Redis is down are never published, so none are missed that any n8n process could see).
 */
import * as fs from 'fs';
import * as path from 'path';

import { requireFrom } from '../lib/requireFrom';

export interface BullEvent {
	/** When the event was seen (ms since the epoch). */
	t: number;
	/** completed, failed, progress, active, waiting, stalled, ... */
	event: string;
	jobId: string;
	/** The rest of the message: the result, the failure reason, n8n's progress message. */
	detail?: string;
}

/** Bull's channels that publish one job's event (delayed, paused, drained name none). */
const JOB_EVENTS = new Set([
	'waiting',
	'active',
	'progress',
	'completed',
	'failed',
	'stalled',
	'duplicated',
	'debounced',
]);

/** One published message on `bull:jobs:<event>` as an event of a job, or undefined. */
export function parseBullMessage(
	channel: string,
	message: string,
	prefix = 'bull:jobs:',
): Omit<BullEvent, 't'> | undefined {
	if (!channel.startsWith(prefix)) return undefined;
	// waiting@<token> and stalled@ name their job in the message itself
	const event = channel.slice(prefix.length).split('@')[0];
	if (!JOB_EVENTS.has(event)) return undefined;
	if (/^\d+$/.test(message)) return { event, jobId: message };
	try {
		const parsed = JSON.parse(message) as { jobId?: unknown; val?: unknown; progress?: unknown };
		if (parsed && typeof parsed === 'object' && parsed.jobId !== undefined) {
			const rest = parsed.val ?? parsed.progress;
			return {
				event,
				jobId: String(parsed.jobId),
				...(rest === undefined
					? {}
					: { detail: typeof rest === 'string' ? rest : JSON.stringify(rest) }),
			};
		}
	} catch {
		/* not a job's message */
	}
	return undefined;
}

export class BullEventRecorder {
	private constructor(
		private readonly client: any,
		private readonly out: fs.WriteStream,
	) {}

	static async start(
		n8nDir: string,
		redis: { host: string; port: number },
		file: string,
	): Promise<BullEventRecorder> {
		const Redis = requireFrom(path.join(n8nDir, 'node_modules', 'ioredis'));
		const client = new Redis({
			...redis,
			retryStrategy: () => 200,
			maxRetriesPerRequest: null,
			autoResubscribe: true,
			lazyConnect: true,
		});
		client.on('error', () => undefined); // Redis restarts during the run; ioredis reconnects
		const out = fs.createWriteStream(file, { flags: 'a' });
		client.on('pmessage', (_pattern: string, channel: string, message: string) => {
			const parsed = parseBullMessage(channel, message);
			if (parsed) out.write(JSON.stringify({ t: Date.now(), ...parsed }) + '\n');
		});
		await client.connect();
		await client.psubscribe('bull:jobs:*');
		return new BullEventRecorder(client, out);
	}

	async stop(): Promise<void> {
		this.client.disconnect();
		await new Promise<void>((resolve) => this.out.end(resolve));
	}
}

/** The recorded events of these jobs, in order. */
export function readBullEvents(file: string, jobIds: Set<string>): BullEvent[] {
	if (!jobIds.size || !fs.existsSync(file)) return [];
	const events: BullEvent[] = [];
	for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
		if (!line) continue;
		const event = JSON.parse(line) as BullEvent;
		if (jobIds.has(event.jobId)) events.push(event);
	}
	return events;
}
