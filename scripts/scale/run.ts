/**
 * `npm run scale`: the trigger in n8n's queue mode, for real, under faults.
 *
 * Postgres and Redis (Debian's packages, apt-get when missing) on free loopback ports with
 * their own data folders; n8n 2.41.1 (cached) as a main, two webhook processors and two
 * workers, the package npm-installed as users install it. The workflow is published on the
 * main; the Meta-like sender (scripts/lib/metaSender.ts) sends signed deliveries round-robin
 * to the webhook processors' production URLs and sends again whatever is not answered 2xx.
 * A second workflow registers itself with a Graph stub (registration.ts), which proves that
 * only the main registers, once. Three phases: one worker, two workers, then faults (kill -9
 * of a worker holding executions, a webhook processor stopped and started, Redis
 * restarted). Afterwards every delivery is accounted for from n8n's database. Ends with:
 *   queue_registration=ok (...)
 *   queue_delivered=<delivered>/<sent>
 *   queue_lost=<lost>
 * and exits non-zero if anything was lost or cannot be explained, or registration failed.
 * Everything started here is stopped at the end, also on failure or Ctrl-C.
 *
 * Then the campaign part (campaignCrash.ts): Send Template with a Campaign ID, its worker killed
 * mid-campaign and the campaign run again; ends with campaign_duplicates_after_crash=0 and
 * campaign_lost_after_crash=0. Then the ask part (ask.ts): 100 Send and Wait questions answered
 * while the workers are killed; ends with ask_resumed=N/N, ask_lost=0 and ask_double=0.
 *
 * Settings (flags or environment): --parts deliveries,campaign,ask (SCALE_PARTS, all three; a list
 * runs only those parts; --part ask is the same as --parts ask), --deliveries N (SCALE_DELIVERIES, 10000), --faults
 * worker,webhook,redis (SCALE_FAULTS, all three; "none" for none), --ack workflowFinished|
 * executionCreated (SCALE_ACK, the trigger's "Confirm Receipt to Meta"), SCALE_CONCURRENCY (client, 16),
 * SCALE_WORKER_CONCURRENCY (10), SCALE_TIMEOUT_MS (client's wait for an answer, 30000),
 * SCALE_KEEP=1 keeps the folder, SCALE_N8N_ENV_<NAME>=value sets an n8n variable,
 * --trail 12,345 (SCALE_TRAIL) prints those deliveries' trails too, --worker-kills N
 * (SCALE_WORKER_KILLS, 1) kills workers 1, 2, 1, ... N times over the faults phase, --repeat N
 * (SCALE_FAULT_REPEAT, 1) stops the webhook processor and restarts Redis N times each.
 *
 * Whenever a delivery is lost the folder is kept (n8n's logs, Postgres's and Redis's data,
 * the client's sends in sends.json, Bull's events in bull-events.jsonl) and each lost
 * delivery's whole trail is printed (trail.ts).
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { percentile } from '../lib/stats';
import { buildLoad, type LoadDelivery } from '../reliability/load';
import { MetaSender } from '../lib/metaSender';
import { askScale } from './ask';
import { BullEventRecorder } from './bullEvents';
import { campaignCrashPart } from './campaignCrash';
import { bullRetentionLine } from './bullRetention';
import {
	account,
	describeUnanswered,
	readExecutions,
	TRIGGER_NODE_NAME,
	unfinishedCount,
	type DeliveryRecord,
} from './account';
import { freePorts } from '../lib/n8n/processes';
import { TRIGGER_TYPE, triggerWorkflow } from '../lib/n8n/workflows';
import { QueueCluster, type Member } from './n8nProcesses';
import { ReadinessGate } from './readiness';
import { QueueRegistrationCheck } from './registration';
import { ensurePackages, Postgres, Redis, REDIS_PERSISTENCE } from './services';
import { deliveryTrail } from './trail';
import { sleep } from '../lib/sleep';
import { fromRoot, REPO_ROOT } from '../lib/repoRoot';

const SECRETS = {
	appId: '1234567890123456',
	appSecret: 'scale-app-secret-6c1e0b7d95',
	verifyToken: 'scale-verify-token-2d8f',
};

function flag(name: string, env: string, fallback: string): string {
	const i = process.argv.indexOf(`--${name}`);
	if (i >= 0 && process.argv[i + 1] !== undefined) return process.argv[i + 1];
	const inline = process.argv.find((a) => a.startsWith(`--${name}=`));
	if (inline) return inline.slice(name.length + 3);
	return process.env[env] ?? fallback;
}

const DELIVERIES = Number(flag('deliveries', 'SCALE_DELIVERIES', '10000'));
const FAULTS = new Set(
	flag('faults', 'SCALE_FAULTS', 'worker,webhook,redis')
		.split(',')
		.filter((f) => f && f !== 'none'),
);
const ACK = flag('ack', 'SCALE_ACK', 'workflowFinished');
const CONCURRENCY = Number(process.env.SCALE_CONCURRENCY ?? 16);
const WORKER_CONCURRENCY = Number(process.env.SCALE_WORKER_CONCURRENCY ?? 10);
const TIMEOUT_MS = Number(process.env.SCALE_TIMEOUT_MS ?? 30_000);
const WORKER_KILLS = Number(flag('worker-kills', 'SCALE_WORKER_KILLS', '1'));
const REPEAT = Number(flag('repeat', 'SCALE_FAULT_REPEAT', '1'));
const PARTS = new Set(
	flag('parts', 'SCALE_PARTS', flag('part', 'SCALE_PART', 'deliveries,campaign,ask')).split(','),
);
const TRAIL = new Set(flag('trail', 'SCALE_TRAIL', '').split(',').filter(Boolean).map(Number));

/** n8n's settings for every process (README, "Running at scale"). */
const N8N_SETTINGS: Record<string, string> = {
	EXECUTIONS_MODE: 'queue',
	// every execution kept so that each can be counted (n8n prunes by default)
	EXECUTIONS_DATA_PRUNE: 'false',
	EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
	EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
	// an expression sandbox only when an expression is evaluated (README, Reliability)
	N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
	N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
	N8N_RUNNERS_ENABLED: 'true',
	// the processes' timing and queue events in their logs, as JSON lines with a timestamp and
	// the execution and job ids (a lost delivery's trail is read from them)
	N8N_LOG_LEVEL: 'info',
	N8N_LOG_FORMAT: 'json',
	// finished jobs stay in Bull's completed/failed sets (ids and n8n's small result, trimmed
	// to the last 1,000): a webhook processor that asks Bull whether a job has finished only
	// after the worker finished it then finds it there; with n8n's default (0, the job
	// removed at once) it waits for an event that has passed and never answers (README,
	// "Running at scale")
	N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: '1000',
	N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED: '1000',
};
for (const [name, value] of Object.entries(process.env)) {
	if (!name.startsWith('SCALE_N8N_ENV_') || value === undefined) continue;
	if (value === '') delete N8N_SETTINGS[name.slice('SCALE_N8N_ENV_'.length)];
	else N8N_SETTINGS[name.slice('SCALE_N8N_ENV_'.length)] = value;
}

const lines: string[] = [];
const say = (line = '') => {
	lines.push(line);
	console.log(line);
};
const elapsed = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

interface Phase {
	name: string;
	records: DeliveryRecord[];
	seconds: number;
	cpu: { webhooks: number; workers: number; main: number; postgres: number; redis: number };
	postgres: { commits: number; inserted: number; updated: number; deleted: number };
	redisCalls: number;
}

function cpuOf(members: Member[]): number {
	return members.reduce((sum, m) => sum + m.cpuSeconds(), 0);
}

async function waitForUrl(url: string, timeoutMs = 120_000): Promise<number> {
	const started = Date.now();
	for (;;) {
		try {
			const answer = await fetch(
				`${url}?hub.mode=subscribe&hub.challenge=ready&hub.verify_token=${encodeURIComponent(SECRETS.verifyToken)}`,
			);
			const text = await answer.text();
			if (answer.status === 200 && text === 'ready') return Date.now() - started;
		} catch {
			/* not listening yet */
		}
		if (Date.now() - started > timeoutMs)
			throw new Error(`${url} did not answer the handshake within ${timeoutMs} ms`);
		await sleep(100);
	}
}

function describePhase(p: Phase): string {
	const ok = p.records.map((r) => r.attempts[r.attempts.length - 1]);
	const ms = ok.map((a) => a.ms);
	const n = p.records.length;
	return (
		`${p.name}: ${n} deliveries in ${p.seconds.toFixed(1)} s = ${(n / p.seconds).toFixed(1)} deliveries/s; ` +
		`answer p50 ${percentile(ms, 50)} ms, p99 ${percentile(ms, 99)} ms; sends ${p.records.reduce((s, r) => s + r.attempts.length, 0)}; ` +
		`CPU per delivery: webhook processors ${perDelivery(p.cpu.webhooks)} ms, workers ${perDelivery(p.cpu.workers)} ms, main ${perDelivery(p.cpu.main)} ms, ` +
		`Postgres ${perDelivery(p.cpu.postgres)} ms, Redis ${perDelivery(p.cpu.redis)} ms; per delivery Postgres ${(p.postgres.commits / n).toFixed(1)} commits ` +
		`(${(p.postgres.inserted / n).toFixed(1)} rows inserted, ${(p.postgres.updated / n).toFixed(1)} updated, ${(p.postgres.deleted / n).toFixed(1)} deleted), ` +
		`Redis ${(p.redisCalls / n).toFixed(0)} commands` +
		(p.redisCalls < 0 ? ' (Redis restarted: its counts start again)' : '')
	);
	function perDelivery(seconds: number) {
		return ((seconds / n) * 1000).toFixed(0);
	}
}

async function main(): Promise<number> {
	const started = Date.now();
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'waba-scale-'));
	fs.chmodSync(folder, 0o755);
	const outDir = fromRoot('.scale-output');
	fs.mkdirSync(outDir, { recursive: true });
	say(
		`npm run scale: ${DELIVERIES} deliveries, faults: ${[...FAULTS].join(', ') || 'none'}, Confirm Receipt to Meta: ${ACK}; folder ${folder}`,
	);

	ensurePackages(say);
	const [pgPort, redisPort, publicWebhookPort] = await freePorts(3);
	const pg = new Postgres(path.join(folder, 'postgres'), pgPort);
	const redis = new Redis(path.join(folder, 'redis'), redisPort);
	let cluster: QueueCluster | undefined;
	let client: MetaSender | undefined;
	let registration: QueueRegistrationCheck | undefined;
	let bullEvents: BullEventRecorder | undefined;
	let readiness: ReadinessGate | undefined;
	let keep = Boolean(process.env.SCALE_KEEP);
	try {
		pg.start();
		await redis.start();
		say(
			`Postgres 15 on 127.0.0.1:${pgPort}, Redis on 127.0.0.1:${redisPort} (${REDIS_PERSISTENCE.join(' ')})`,
		);

		cluster = QueueCluster.prepare({
			folder,
			env: { ...N8N_SETTINGS, ...pg.env, ...redis.env },
			webhookProcessors: 2,
			workers: 2,
			workerConcurrency: WORKER_CONCURRENCY,
			publicWebhookPort,
		});
		const bullEventsFile = path.join(folder, 'bull-events.jsonl');
		bullEvents = await BullEventRecorder.start(
			cluster.main.n8n.n8nDir,
			{ host: '127.0.0.1', port: redis.port },
			bullEventsFile,
		);
		const t0 = Date.now();
		await cluster.main.start();
		say(`main up in ${elapsed(t0)}`);
		const n8n = cluster.main.n8n;
		await n8n.setupOwner();
		await n8n.createApiKey();
		const credential = await n8n.createCredential(
			'Scale webhook',
			'whatsAppBusinessAccountWebhookApi',
			{
				...SECRETS,
				baseUrl: 'https://graph.facebook.com',
			},
		);
		const webhookId = randomUUID();
		const workflow = await n8n.importWorkflow(
			triggerWorkflow({
				name: 'Scale: WhatsApp Business Account Trigger',
				credential,
				webhookId,
				nodeName: TRIGGER_NODE_NAME,
				typeVersion: 1.1,
				// every change executed, statuses included (1.1 leaves them out unless asked)
				parameters: { acknowledge: ACK, includeStatuses: true },
			}),
		);
		say(`workflow ${workflow.id} published on the main`);

		const [worker1, worker2] = cluster.workers;
		const t1 = Date.now();
		await Promise.all([...cluster.webhooks.map((m) => m.start()), worker1.start()]);
		say(`2 webhook processors and 1 worker up in ${elapsed(t1)}`);
		const urls = cluster.webhooks.map((m) => `${m.n8n.baseUrl}/webhook/${webhookId}/webhook`);
		for (const url of urls) await waitForUrl(url);

		// registration with Meta in queue mode: publish on the main, restart the webhook processor
		// behind the callback URL, then the whole load (workers started, faults) with every
		// Graph call attributed; unpublished after the load
		const t3 = Date.now();
		const members = cluster.all;
		registration = await QueueRegistrationCheck.start(SECRETS, () => members);
		await registration.publish(n8n, cluster.webhooks[0].n8n.baseUrl, TRIGGER_TYPE);
		await registration.during('webhook-1 restart', async () => {
			await cluster!.webhooks[0].stop();
			await cluster!.webhooks[0].start();
			await waitForUrl(urls[0]);
		});
		say(
			`registration workflow published (App Subscription, Graph stub), webhook-1 restarted, in ${elapsed(t3)}`,
		);

		const { deliveries, fixtures } = buildLoad(REPO_ROOT, SECRETS.appSecret, DELIVERIES);
		say(
			`${deliveries.length} signed deliveries from ${fixtures} fixtures, each unique, ${deliveries.reduce((n, d) => n + d.keys.length, 0)} changes`,
		);
		// the load balancer in front of the processors sends only to those whose readiness check
		// answers 200: a starting n8n answers any request 200 before it is ready (readiness.ts)
		readiness = new ReadinessGate(
			cluster.webhooks.map((m, i) => ({ url: urls[i], baseUrl: m.n8n.baseUrl })),
		);
		await readiness.start();
		client = new MetaSender({
			urls,
			concurrency: CONCURRENCY,
			timeoutMs: TIMEOUT_MS,
			redeliver: 'until2xx',
			retryDelayMs: 1000,
			maxRetryDelayMs: 15_000,
			isReady: readiness.isReady,
		});

		const phases: Phase[] = [];
		const runPhase = async (
			name: string,
			slice: LoadDelivery[],
			onAnswered?: (answered: number) => void,
		) => {
			const webhooksBefore = cpuOf(cluster!.webhooks);
			const workersBefore = cpuOf(cluster!.workers);
			const mainBefore = cluster!.main.cpuSeconds();
			const pgBefore = { cpu: pg.cpuSeconds(), ...pg.stats() };
			const redisBefore = redis.stats();
			const t = Date.now();
			const records = await client!.sendAll(slice, onAnswered);
			const seconds = (Date.now() - t) / 1000;
			await sleep(1500); // Postgres publishes its statistics within a second
			const pgAfter = { cpu: pg.cpuSeconds(), ...pg.stats() };
			const redisAfter = redis.stats();
			const phase: Phase = {
				name,
				records,
				seconds,
				cpu: {
					webhooks: cpuOf(cluster!.webhooks) - webhooksBefore,
					workers: cpuOf(cluster!.workers) - workersBefore,
					main: cluster!.main.cpuSeconds() - mainBefore,
					postgres: pgAfter.cpu - pgBefore.cpu,
					redis: redisAfter.cpu - redisBefore.cpu,
				},
				postgres: {
					commits: pgAfter.commits - pgBefore.commits,
					inserted: pgAfter.inserted - pgBefore.inserted,
					updated: pgAfter.updated - pgBefore.updated,
					deleted: pgAfter.deleted - pgBefore.deleted,
				},
				redisCalls: redisAfter.calls - redisBefore.calls,
			};
			phases.push(phase);
			say(describePhase(phase));
			return phase;
		};

		const n1 = Math.round(deliveries.length * 0.2);
		const n2 = Math.round(deliveries.length * 0.3);
		await runPhase('1 worker', deliveries.slice(0, n1));
		const t2 = Date.now();
		await worker2.start();
		say(`worker-2 up in ${elapsed(t2)}`);
		await runPhase('2 workers', deliveries.slice(n1, n1 + n2));

		// faults, each started once its share of the last phase has been answered
		const rest = deliveries.slice(n1 + n2);
		const faults: Array<Promise<void>> = [];
		const faultLog: string[] = [];
		const workerKills: number[] = [];
		const note = (line: string) => {
			faultLog.push(line);
			say(`  [fault] ${line}`);
		};
		const plan: Array<{ at: number; name: string; run: () => Promise<void> }> = [];
		// kill k of WORKER_KILLS hits worker 1, 2, 1, ... spread over the phase; a worker is
		// killed again only once it is back from its last kill
		const lastKill = new Map<Member, Promise<void>>();
		for (let k = 0; FAULTS.has('worker') && k < WORKER_KILLS; k++) {
			const worker = cluster.workers[k % cluster.workers.length];
			plan.push({
				at: 0.05 + (0.9 * k) / WORKER_KILLS,
				name: 'worker',
				run: async () => {
					const killed = (lastKill.get(worker) ?? Promise.resolve()).then(async () => {
						const active = Number(redis.cli('LLEN', 'bull:jobs:active').trim());
						const running = unfinishedCount(pg, workflow.id);
						workerKills.push(Date.now());
						await worker.kill();
						note(
							`kill -9 ${worker.name} while the queue held ${active} active jobs and ${running} executions were unfinished`,
						);
						await sleep(5000);
						const t = Date.now();
						await worker.start();
						note(`${worker.name} started again, up in ${elapsed(t)}`);
					});
					lastKill.set(worker, killed);
					await killed;
				},
			});
		}
		// a fault repeated (--repeat) runs again only once its last run is over
		const serial = new Map<string, Promise<void>>();
		const repeated = (name: string, firstAt: number, run: () => Promise<void>) => {
			for (let k = 0; k < REPEAT; k++)
				plan.push({
					at: firstAt + (k * (0.95 - firstAt)) / REPEAT,
					name,
					run: async () => {
						const done = (serial.get(name) ?? Promise.resolve()).then(run);
						serial.set(name, done);
						await done;
					},
				});
		};
		if (FAULTS.has('webhook'))
			repeated('webhook', 0.4, async () => {
				const processor = cluster!.webhooks[1];
				await processor.stop();
				note(`webhook-2 stopped (SIGTERM)`);
				await sleep(3000);
				const t = Date.now();
				await processor.start();
				await waitForUrl(urls[1]);
				note(`webhook-2 started again, serving the workflow ${elapsed(t)} later`);
			});
		if (FAULTS.has('redis'))
			repeated('redis', 0.75, async () => {
				const queued = redis.cli('LLEN', 'bull:jobs:wait').trim();
				const active = redis.cli('LLEN', 'bull:jobs:active').trim();
				const t = Date.now();
				await redis.restart('SIGTERM', 3000);
				note(
					`Redis restarted (SIGTERM, down 3 s, back in ${elapsed(t)}) with ${queued} jobs waiting and ${active} active`,
				);
			});
		const pending = [...plan].sort((a, b) => a.at - b.at);
		await runPhase(`faults (${[...FAULTS].join(', ') || 'none'})`, rest, (answered) => {
			while (pending.length && answered >= pending[0].at * rest.length) {
				const fault = pending.shift()!;
				faults.push(
					fault.run().catch((error: Error) => note(`${fault.name} fault failed: ${error.message}`)),
				);
			}
		});
		// faults planned past the end of a short run still happen, then the run waits for them
		for (const fault of pending)
			faults.push(
				fault.run().catch((error: Error) => note(`${fault.name} fault failed: ${error.message}`)),
			);
		await Promise.all(faults);

		await registration.unpublish(n8n);
		const registered = registration.verdict();

		// let n8n finish (or give up on) everything it holds, then count
		// (n8n fails a dead worker's jobs after its lock expires, 60-90 s; an execution whose
		// job never reached Redis stays "new" for good, so: until the queue is empty and the
		// unfinished count has not moved for 30 s)
		const drainStarted = Date.now();
		let unfinished = unfinishedCount(pg, workflow.id);
		let steadySince = Date.now();
		while (unfinished > 0 && Date.now() - drainStarted < 300_000) {
			await sleep(1000);
			const now = unfinishedCount(pg, workflow.id);
			if (now !== unfinished) steadySince = Date.now();
			unfinished = now;
			const queued = ['wait', 'active', 'delayed'].reduce(
				(n, list) =>
					n + Number(redis.cli(list === 'delayed' ? 'ZCARD' : 'LLEN', `bull:jobs:${list}`).trim()),
				0,
			);
			if (queued === 0 && Date.now() - steadySince > 30_000) break;
		}
		say(
			`executions settled ${elapsed(drainStarted)} after the last answer; ${unfinished} never finished (their deliveries are accounted for below)`,
		);

		const records = phases.flatMap((p) => p.records);
		const executions = readExecutions(pg, workflow.id);
		const result = account(records, executions);
		say(
			`executions: ${result.executions} (${Object.entries(result.byStatus)
				.map(([status, n]) => `${status} ${n}`)
				.join(
					', ',
				)}); sends ${result.sends} for ${result.sent} deliveries, ${result.redelivered} redelivered by the client`,
		);
		say(
			`duplicate executions: ${result.duplicateExecutions}, each of a delivery the client sent again, with the same dedupKey; unexplained: ${result.unexplained.length}`,
		);
		for (const line of result.unexplained.slice(0, 10)) say(`  unexplained: ${line}`);
		for (const line of result.lostExamples) say(`  lost: ${line}`);
		fs.writeFileSync(
			path.join(folder, 'sends.json'),
			JSON.stringify(
				records.map((r) => ({
					index: r.delivery.index,
					keys: r.delivery.keys,
					attempts: r.attempts,
				})),
			),
		);
		const trailed = new Set([...result.lostIndexes, ...TRAIL]);
		if (result.lost) {
			keep = true;
			say(
				`${result.lost} lost: the folder ${folder} is kept (n8n's logs, Postgres's and Redis's data, sends.json, bull-events.jsonl); their trails:`,
			);
		}
		const processorOf = (url: string) => cluster!.webhooks[urls.indexOf(url)]?.name ?? url;
		const logs = cluster.all.map((m) => ({ name: m.name, file: m.n8n.logFile }));
		for (const record of records.filter((r) => trailed.has(r.delivery.index)))
			for (const line of deliveryTrail(record, {
				pg,
				redis,
				workflowId: workflow.id,
				processorOf,
				logs,
				bullEventsFile,
			}))
				say(line);
		// around a worker kill, a worker may store an execution and die before it tells Bull the
		// job is done; elsewhere it is n8n's queue retention (README, "A request n8n never answers")
		const nearKill = (sentAt: number) =>
			workerKills.some((at) => sentAt > at - TIMEOUT_MS && sentAt < at + 90_000);
		const byKill = result.unanswered.filter((u) => nearKill(u.sentAt)).length;
		say(
			`sends the client stopped waiting for although their execution had succeeded: ${result.unanswered.length} ` +
				`(${byKill} sent around a worker kill, ${result.unanswered.length - byKill} elsewhere: README, "A request n8n never answers")`,
		);
		for (const u of result.unanswered.slice(0, 10))
			say(
				`  unanswered${nearKill(u.sentAt) ? ' (around a worker kill)' : ''}: ${describeUnanswered(u)}`,
			);
		say(
			`  why: ${await bullRetentionLine(n8n.n8nDir, { host: '127.0.0.1', port: redis.port }, Number(N8N_SETTINGS.N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED ?? 0))}`,
		);
		const failedAnswers = records.flatMap((r) =>
			r.attempts.filter((a) => a.status < 200 || a.status >= 300),
		);
		const reasons = new Map<string, number>();
		for (const a of failedAnswers) {
			const reason = a.status ? `HTTP ${a.status}` : (a.error ?? 'no answer').replace(/\d+/g, 'N');
			reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
		}
		say(
			`answers that made the client send again: ${failedAnswers.length} (${[...reasons].map(([r, n]) => `${r}: ${n}`).join('; ') || 'none'})`,
		);
		const [one, two] = phases;
		say(`deliveries_per_s_1_worker=${(one.records.length / one.seconds).toFixed(1)}`);
		say(`deliveries_per_s_2_workers=${(two.records.length / two.seconds).toFixed(1)}`);
		const restarts = (f: string) =>
			faultLog.filter((line) =>
				f === 'worker'
					? /^worker-\d started again/.test(line)
					: line.startsWith(f === 'webhook' ? 'webhook-2 started' : 'Redis restarted'),
			).length;
		const faultsDone = [...FAULTS].every(
			(f) => restarts(f) >= (f === 'worker' ? WORKER_KILLS : REPEAT),
		);
		if (!faultsDone) say('not every planned fault was carried out (see [fault] lines)');
		for (const line of registered.details) say(line);
		say(`whole run ${elapsed(started)}`);
		say(registered.line);
		say(`queue_delivered=${result.delivered}/${result.sent}`);
		say(`queue_lost=${result.lost}`);
		return result.lost === 0 && result.unexplained.length === 0 && faultsDone && registered.ok
			? 0
			: 1;
	} finally {
		client?.close();
		readiness?.stop();
		await bullEvents?.stop();
		await registration?.close();
		await cluster?.stopAll();
		await redis.stop();
		pg.stop();
		for (const member of cluster?.all ?? []) {
			try {
				fs.copyFileSync(member.n8n.logFile, path.join(outDir, path.basename(member.n8n.logFile)));
			} catch {
				/* never started */
			}
		}
		fs.writeFileSync(path.join(outDir, 'report.txt'), lines.join('\n') + '\n');
		if (keep) say(`folder kept: ${folder}`);
		else fs.rmSync(folder, { recursive: true, force: true });
	}
}

/** The parts asked for, in order: the trigger's deliveries under faults, the campaign killed mid-way, the questions. */
async function parts(): Promise<number> {
	let code = 0;
	if (PARTS.has('deliveries')) code = await main();
	if (PARTS.has('campaign')) code = (await campaignCrashPart(say)) || code;
	if (PARTS.has('ask')) code = (await askScale(say, N8N_SETTINGS)) || code;
	return code;
}

parts().then(
	(code) => process.exit(code),
	(error: Error) => {
		console.error(error.stack ?? error.message);
		process.exit(1);
	},
);
