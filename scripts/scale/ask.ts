/**
 * `npm run scale -- --part ask` (SCALE_PART=ask): Send and Wait for Response in n8n's queue mode,
 * for real, with a worker killed (docs/design/send-and-wait.md, "Queue mode and faults").
 *
 * Postgres and Redis as `npm run scale` has them (services.ts), n8n (2.41.1 by default,
 * N8N_VERSION for another) as a main, two webhook processors and two workers (n8nProcesses.ts),
 * the Graph stand-in in this process. A published workflow Webhook → Ask (Send and Wait, an
 * Approve / Decline question to the phone number in the request) → Counted (an HTTP Request to a
 * counter here, one call per resumed run); a second published workflow holds the trigger that
 * receives the answers. Then:
 * 1. N questions (SCALE_ASK_QUESTIONS, 100) are started through the webhook processors, each to
 *    its own customer, and the run waits until N executions are `waiting` in Postgres;
 * 2. worker-1 is killed (SIGKILL) while they wait: they are still `waiting` (n8n keeps them in
 *    the database; no worker holds them), and it is started again;
 * 3. every customer taps Approve (a delivery signed as Meta signs it), through both webhook
 *    processors, 10 of them twice at once; whatever is not answered 2xx (the trigger's 503 for
 *    an answer n8n cannot take yet) is sent again, as Meta does; worker-2 is killed (SIGKILL)
 *    once 40 % are answered, and started again;
 * 4. each question's resumed runs are counted at the counter and its execution read from
 *    Postgres. Ends with:
 *      ask_resumed=<taken out of waiting by its answer, once>/<N>
 *      ask_completed=<whose resumed run reached the end>/<N>
 *      ask_lost=<still waiting: no answer took>
 *      ask_double=<run more than once>
 *    A resumed run that was on worker-2 when it was killed ends in error: n8n 2.x fails a
 *    stalled job (Bull maxStalledCount 0), its crash handling of any running execution; such
 *    runs are listed, resumed but not completed.
 * and exits non-zero unless every question was resumed once and none lost or doubled.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';

import { inboundMessageBody } from '../lib/deliveries';
import { MetaGraphStub } from '../lib/metaGraphStub';
import { MetaSender } from '../lib/metaSender';
import { signBody } from '../../nodes/shared/webhook/signature';
import { freePorts } from '../lib/n8n/processes';
import { ACTION_TYPE, triggerWorkflow } from '../lib/n8n/workflows';
import { sleep } from '../lib/sleep';
import { QueueCluster } from './n8nProcesses';
import { ensurePackages, Postgres, Redis } from './services';

const APP = {
	id: '3456789012345679',
	secret: 'scale-ask-app-secret-51c0e2a9d4',
	name: 'Scale Ask',
};
const VERIFY_TOKEN = 'scale-ask-verify-7f31';
const WABA = '102290129340400';
const NUMBER = { id: '106540352242924', displayPhoneNumber: '15550783883' };
const QUESTIONS = Number(process.env.SCALE_ASK_QUESTIONS ?? 100);
const TWICE = Math.min(10, QUESTIONS);

/** Counts each resumed run by execution (the Counted node's POST). */
async function startCounter() {
	const runs = new Map<string, number>();
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			try {
				const { execution } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
					execution: string;
				};
				runs.set(String(execution), (runs.get(String(execution)) ?? 0) + 1);
			} catch {
				/* counted nothing */
			}
			res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ran`,
		runs,
		close: async () => await new Promise((r) => server.close(r)),
	};
}

/** The customer's tap on the question's Approve button, as Meta delivers it. */
function tapDelivery(phone: string, question: string, reference: string): string {
	return JSON.stringify(
		inboundMessageBody({
			wabaId: WABA,
			number: NUMBER,
			customer: { phone, name: `Customer ${phone.slice(-4)}` },
			message: {
				context: { from: NUMBER.displayPhoneNumber, id: question },
				id: `wamid.SCALEASK${randomUUID().replace(/-/g, '')}`,
				type: 'interactive',
				interactive: {
					type: 'button_reply',
					button_reply: { id: reference, title: '✓ Approve' },
				},
			},
		}),
	);
}

export async function askScale(say: (line?: string) => void, settings: Record<string, string>) {
	const started = Date.now();
	const elapsed = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'waba-scale-ask-'));
	fs.chmodSync(folder, 0o755);
	say(
		`npm run scale -- --part ask: ${QUESTIONS} questions, a worker killed twice; folder ${folder}`,
	);
	ensurePackages(say);
	const [pgPort, redisPort, publicWebhookPort] = await freePorts(3);
	const pg = new Postgres(path.join(folder, 'postgres'), pgPort);
	const redis = new Redis(path.join(folder, 'redis'), redisPort);
	const graph = await MetaGraphStub.start();
	const counter = await startCounter();
	let cluster: QueueCluster | undefined;
	let sender: MetaSender | undefined;
	let ok = false;
	try {
		pg.start();
		await redis.start();
		graph.addApp(APP);
		const token = graph.addSystemUserToken(APP.id);
		graph.addPhoneNumber(WABA, NUMBER);
		cluster = QueueCluster.prepare({
			folder,
			env: { ...settings, ...pg.env, ...redis.env },
			webhookProcessors: 2,
			workers: 2,
			workerConcurrency: 10,
			publicWebhookPort,
		});
		await cluster.main.start();
		const n8n = cluster.main.n8n;
		say(`n8n ${n8n.n8nVersion}: main up in ${elapsed(started)}`);
		await n8n.setupOwner();
		await n8n.createApiKey();
		const webhook = await n8n.createCredential('Ask webhook', 'whatsAppBusinessAccountWebhookApi', {
			appId: APP.id,
			appSecret: APP.secret,
			verifyToken: VERIFY_TOKEN,
			baseUrl: graph.url,
		});
		const api = await n8n.createCredential('Ask Graph', 'whatsAppBusinessAccountApi', {
			accessToken: token,
			appSecret: APP.secret,
			apiVersion: 'v23.0',
			baseUrl: graph.url,
		});
		const triggerId = randomUUID();
		await n8n.importWorkflow(
			triggerWorkflow({
				name: 'Scale ask: answers',
				credential: webhook,
				parameters: { registration: 'manual', outputMode: 'message' },
				nodeName: 'Answers',
				typeVersion: 1.1,
				webhookId: triggerId,
			}),
		);
		const askPath = `scale-ask-${randomUUID()}`;
		const ask = await n8n.importWorkflow({
			name: 'Scale ask: questions',
			nodes: [
				{
					id: randomUUID(),
					name: 'Start',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: randomUUID(),
					parameters: {
						httpMethod: 'POST',
						path: askPath,
						responseMode: 'onReceived',
						options: {},
					},
				},
				{
					id: randomUUID(),
					name: 'Ask',
					type: ACTION_TYPE,
					typeVersion: 1,
					position: [300, 0],
					parameters: {
						resource: 'message',
						operation: 'sendAndWait',
						recipientMode: 'phone',
						recipientPhoneNumber: '={{ $json.body.phone }}',
						senderPhoneNumberId: { __rl: true, mode: 'id', value: NUMBER.id },
						message: '=Approve order {{ $json.body.order }}?',
						responseType: 'approval',
						approvalOptions: { values: { approvalType: 'double' } },
					},
					credentials: { whatsAppBusinessAccountApi: { id: api.id, name: api.name } },
				},
				{
					id: randomUUID(),
					name: 'Counted',
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					position: [600, 0],
					parameters: {
						method: 'POST',
						url: counter.url,
						sendBody: true,
						specifyBody: 'json',
						jsonBody:
							'={{ JSON.stringify({ execution: $execution.id, approved: $json.approved }) }}',
						options: {},
					},
				},
			],
			connections: {
				Start: { main: [[{ node: 'Ask', type: 'main', index: 0 }]] },
				Ask: { main: [[{ node: 'Counted', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		});
		const t1 = Date.now();
		await Promise.all([...cluster.webhooks, ...cluster.workers].map((m) => m.start()));
		say(`2 webhook processors and 2 workers up in ${elapsed(t1)}`);
		const triggerUrls = cluster.webhooks.map(
			(m) => `${m.n8n.baseUrl}/webhook/${triggerId}/webhook`,
		);
		const askUrls = cluster.webhooks.map((m) => `${m.n8n.baseUrl}/webhook/${askPath}`);

		// 1. the questions, each to its own customer (whose last message opened the 24-hour window)
		const phones = Array.from({ length: QUESTIONS }, (_, i) => String(16505552000 + i));
		for (const phone of phones) graph.messaging.recordInbound(NUMBER.id, { phone });
		const t2 = Date.now();
		for (let i = 0; i < phones.length; i += 10)
			await Promise.all(
				phones.slice(i, i + 10).map(async (phone, k) => {
					for (let attempt = 0; attempt < 100; attempt++) {
						const res = await fetch(askUrls[(i + k) % askUrls.length], {
							method: 'POST',
							headers: { 'content-type': 'application/json' },
							body: JSON.stringify({ phone, order: `#${i + k}` }),
						}).catch(() => undefined);
						if (res?.status === 200) return;
						await sleep(300);
					}
					throw new Error(`the question to ${phone} could not be started`);
				}),
			);
		const waitingCount = () =>
			Number(
				pg.query(
					`SELECT count(*) FROM execution_entity WHERE "workflowId" = '${ask.id}' AND status = 'waiting'`,
				)[0],
			);
		const deadline = Date.now() + 180_000;
		while (waitingCount() < QUESTIONS && Date.now() < deadline) await sleep(500);
		say(
			`${waitingCount()}/${QUESTIONS} executions waiting in Postgres ${elapsed(t2)} after the first start`,
		);

		// the questions as sent: each customer's Approve reference and the question's wamid
		const questions = phones.map((phone) => {
			const sent = graph.messaging.sent.filter(
				(m) => (m.body as { to?: string }).to?.replace(/\D/g, '') === phone,
			);
			const last = sent[sent.length - 1];
			const body = last?.body as {
				interactive?: { action?: { buttons?: Array<{ reply: { id: string } }> } };
			};
			const reference = body?.interactive?.action?.buttons?.[0]?.reply.id ?? '';
			return { phone, wamid: last?.wamid ?? '', reference, executionId: reference.split('/')[2] };
		});
		const asked = questions.filter((q) => q.reference).length;

		// 2. a worker killed while they wait: the executions live in Postgres, not in a worker
		const [worker1, worker2] = cluster.workers;
		await worker1.kill();
		await sleep(3000);
		const afterKill = waitingCount();
		say(`ask_waiting_after_worker_kill=${afterKill}/${QUESTIONS} (worker-1 killed with SIGKILL)`);
		await worker1.start();

		// 3. every customer answers, 10 of them twice at once (through both webhook processors)
		const deliveries = questions.flatMap((q, i) => {
			const body = Buffer.from(tapDelivery(q.phone, q.wamid, q.reference));
			const one = { body, signature: signBody(body, APP.secret), question: q };
			return i < TWICE ? [one, one] : [one];
		});
		sender = new MetaSender({
			urls: triggerUrls,
			concurrency: 10,
			timeoutMs: 30_000,
			redeliver: 'until2xx',
			retryDelayMs: 1000,
			maxRetryDelayMs: 8000,
		});
		let killed: Promise<void> | undefined;
		const t3 = Date.now();
		const records = await sender.sendAll(deliveries, (answered) => {
			if (!killed && answered >= deliveries.length * 0.4)
				killed = (async () => {
					await worker2.kill();
					say(`  worker-2 killed (SIGKILL) with ${answered}/${deliveries.length} answers taken`);
					await sleep(5000);
					await worker2.start();
					say('  worker-2 started again');
				})();
		});
		await killed;
		say(
			`${deliveries.length} answer deliveries taken in ${elapsed(t3)}; ${records.reduce((n, r) => n + r.attempts.length, 0)} sends (503s sent again, as Meta does)`,
		);

		// 4. each question's resumed runs (up to 2 minutes for the last ones)
		const settle = Date.now() + 120_000;
		const runsOf = (q: (typeof questions)[number]) => counter.runs.get(q.executionId) ?? 0;
		while (questions.some((q) => runsOf(q) === 0) && Date.now() < settle) await sleep(1000);
		await sleep(5000); // a second run, if any, shows up too
		const statusOf = new Map(
			pg
				.query(`SELECT id || ':' || status FROM execution_entity WHERE "workflowId" = '${ask.id}'`)
				.map((row) => row.split(':') as [string, string]),
		);
		// resumed: the answer took the execution out of waiting, once; completed: its resumed run
		// reached the end (Counted); lost: still waiting (no answer took); double: ran twice
		const lost = questions.filter((q) => statusOf.get(q.executionId) === 'waiting');
		const double = questions.filter((q) => runsOf(q) > 1);
		const resumed = questions.filter(
			(q) =>
				statusOf.has(q.executionId) && statusOf.get(q.executionId) !== 'waiting' && runsOf(q) <= 1,
		);
		const completed = questions.filter(
			(q) => runsOf(q) === 1 && statusOf.get(q.executionId) === 'success',
		);
		const statuses = pg.query(
			`SELECT status || ':' || count(*) FROM execution_entity WHERE "workflowId" = '${ask.id}' GROUP BY status`,
		);
		say(`questions sent ${asked}/${QUESTIONS}; executions by status: ${statuses.join(', ')}`);
		// a resumed run on the killed worker: n8n 2.x fails a stalled job (Bull maxStalledCount 0)
		// and the execution ends in error: n8n's crash handling of a running execution, not a lost answer
		const mainLog = fs.readFileSync(cluster.main.n8n.logFile, 'utf8');
		for (const q of resumed.filter((r) => !completed.includes(r)))
			say(
				`  resumed, run not completed: execution ${q.executionId} ${statusOf.get(q.executionId)}${mainLog.includes(`job stalled more than maxStalledCount (execution ${q.executionId})`) ? ' (its worker was killed during the run: "job stalled more than maxStalledCount", n8n fails it)' : ''}`,
			);
		for (const q of lost.slice(0, 10))
			say(`  lost: execution ${q.executionId} (${q.phone}) still waiting`);
		for (const q of double.slice(0, 10))
			say(`  double: execution ${q.executionId} ran ${runsOf(q)} times`);
		say(`whole run ${elapsed(started)}`);
		say(`ask_resumed=${resumed.length}/${QUESTIONS}`);
		say(`ask_completed=${completed.length}/${QUESTIONS}`);
		say(`ask_lost=${lost.length}`);
		say(`ask_double=${double.length}`);
		ok =
			resumed.length === QUESTIONS &&
			lost.length === 0 &&
			double.length === 0 &&
			afterKill === QUESTIONS;
		return ok ? 0 : 1;
	} finally {
		sender?.close();
		await cluster?.stopAll();
		await redis.stop();
		pg.stop();
		await graph.close();
		await counter.close();
		const outDir = path.resolve(__dirname, '../../.scale-output');
		fs.mkdirSync(outDir, { recursive: true });
		for (const member of cluster?.all ?? [])
			try {
				fs.copyFileSync(
					member.n8n.logFile,
					path.join(outDir, `ask-${path.basename(member.n8n.logFile)}`),
				);
			} catch {
				/* never started */
			}
		if (ok && !process.env.SCALE_KEEP) fs.rmSync(folder, { recursive: true, force: true });
		else say(`folder kept: ${folder}`);
	}
}
