/**
 * Why a webhook processor with n8n's default queue retention sometimes never answers (README,
 * "A request n8n never answers"), shown with the Bull that n8n itself loads and the run's
 * Redis: a job is added with n8n's `removeOnComplete`/`removeOnFail` (its
 * N8N_EXECUTIONS_QUEUE_KEEP_LAST_* settings), a worker finishes it, and only then is
 * `job.finished()` called, as n8n's WorkflowRunner does when the worker was quicker than the
 * webhook processor. With retention 0 the finished job is deleted, in neither of Bull's sets,
 * and `finished()` waits for an event that has passed.
 */
import * as path from 'path';

import { sleep } from '../lib/sleep';
import { requireFrom } from '../lib/requireFrom';

/** What `job.finished()` does for a job finished before it was called, with this retention. */
async function finishedAfterTheJob(
	Bull: any,
	redis: { host: string; port: number },
	retention: number,
	waitMs: number,
): Promise<'resolves' | 'waits'> {
	const name = `waba-scale-retention-${retention}-${Date.now()}`;
	const producer = new Bull(name, { redis });
	const worker = new Bull(name, { redis });
	try {
		const done = new Promise((resolve) => worker.once('completed', resolve));
		void worker.process(async () => ({ success: true }));
		await producer.isReady();
		// a webhook processor listens to the queue's global events long before (earlier jobs)
		await Promise.all([
			producer._registerEvent('global:completed'),
			producer._registerEvent('global:failed'),
		]);
		const job = await producer.add({}, { removeOnComplete: retention, removeOnFail: retention });
		await done;
		await sleep(300); // the event has reached the producer, before anyone waited for it
		return await Promise.race([
			job.finished().then(() => 'resolves' as const),
			sleep(waitMs).then(() => 'waits' as const),
		]);
	} finally {
		await worker.close();
		await producer.close();
	}
}

/** One line for the report: n8n's default retention against the run's. */
export async function bullRetentionLine(
	n8nDir: string,
	redis: { host: string; port: number },
	runRetention: number,
): Promise<string> {
	const Bull = requireFrom(path.join(n8nDir, 'node_modules', 'bull'));
	const withDefault = await finishedAfterTheJob(Bull, redis, 0, 3000);
	const withRun = await finishedAfterTheJob(Bull, redis, runRetention, 3000);
	return (
		`n8n's Bull, job.finished() called after a worker finished the job: with n8n's default retention (0) it ${withDefault === 'waits' ? 'still waits after 3 s (the job is gone, its event passed)' : 'resolves'}; ` +
		`with this run's (${runRetention}) it ${withRun}`
	);
}
