/**
 * `npm run scale -- --parts campaign`: Send Template's Campaign ID against a worker killed
 * mid-campaign, in n8n's queue mode for real (Postgres, Redis, a main, a webhook processor and
 * a worker, the package npm-installed as users install it).
 *
 * A workflow (Webhook → Split Out → Send Template with a Campaign ID, On Error: Continue) is
 * published; one POST with N rows starts the campaign on the worker, sending through the Graph
 * stand-in (template sends enforced as Meta does, 100 messages a second, 50 ms an answer) at
 * Meta's default 80 a second. Once 60% of the rows are accepted the worker is killed (-9) and
 * started again; whatever n8n does with the dead worker's job (Bull may run it again) is left
 * to settle, then the same POST runs the campaign again. Every row must then have been accepted
 * by the stand-in exactly once, or be reported "inDoubt" by the last execution:
 *   campaign_rows=<N> campaign_in_doubt_after_crash=<n>
 *   campaign_duplicates_after_crash=<rows accepted more than once, extra sends counted>
 *   campaign_lost_after_crash=<rows neither accepted nor reported in doubt>
 * Settings: SCALE_CAMPAIGN_ROWS (10000), SCALE_CAMPAIGN_KILL_AT (0.6 of the rows accepted).
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { MetaGraphStub } from '../lib/metaGraphStub';
import { attachTemplateMessaging } from '../lib/metaGraphTemplates';
import type { Answer, WorkflowDefinition } from '../lib/n8n/client';
import { freePorts } from '../lib/n8n/processes';
import { ACTION_TYPE, nodeOutput } from '../lib/n8n/workflows';
import { sleep } from '../lib/sleep';
import { QueueCluster } from './n8nProcesses';
import { ensurePackages, Postgres, Redis } from './services';

const ROWS = Number(process.env.SCALE_CAMPAIGN_ROWS ?? 10_000);
const KILL_AT = Number(process.env.SCALE_CAMPAIGN_KILL_AT ?? 0.6);
const WABA = '102290129340398';
const NUMBER = { id: '106540352242922', displayPhoneNumber: '15550783881' };
const APP = { id: '3456789012345678', secret: '9e107d9d372bb6826bd81d3542a419d6' };
const SEND_NODE = 'Send Template';

function campaignWorkflow(credential: { id: string; name: string }, path: string) {
	return {
		name: 'Scale: campaign killed mid-way',
		nodes: [
			{
				id: randomUUID(),
				name: 'Campaign Request',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
			},
			{
				id: randomUUID(),
				name: 'One Item per Row',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [200, 0],
				parameters: { fieldToSplitOut: 'body.rows', options: {} },
			},
			{
				id: randomUUID(),
				name: SEND_NODE,
				type: ACTION_TYPE,
				typeVersion: 1,
				position: [400, 0],
				onError: 'continueRegularOutput',
				parameters: {
					resource: 'message',
					operation: 'sendTemplate',
					wabaId: { __rl: true, mode: 'id', value: WABA },
					recipientMode: 'phone',
					senderPhoneNumberId: { __rl: true, mode: 'id', value: NUMBER.id },
					recipientPhoneNumber: '={{ $json.phone }}',
					templateName: 'spring_sale',
					templateLanguage: 'en_US',
					templateParameters: {
						mappingMode: 'defineBelow',
						value: { 'body.1': '={{ $json.name }}' },
						matchingColumns: [],
						schema: [],
						attemptToConvertTypes: false,
						convertFieldsToString: false,
					},
					templateOptions: {
						messagesPerSecond: 80,
						campaignId: 'crash-test',
						campaignRowKey: '={{ $json.id }}',
					},
				},
				credentials: { whatsAppBusinessAccountApi: credential },
			},
		],
		connections: {
			'Campaign Request': { main: [[{ node: 'One Item per Row', type: 'main', index: 0 }]] },
			'One Item per Row': { main: [[{ node: SEND_NODE, type: 'main', index: 0 }]] },
		},
		settings: {
			executionOrder: 'v1',
			saveDataSuccessExecution: 'all',
			saveDataErrorExecution: 'all',
		},
	} as unknown as WorkflowDefinition;
}

/** Runs the part; answers 0 when no row went twice and none was lost. */
export async function campaignCrashPart(say: (line: string) => void): Promise<number> {
	const started = Date.now();
	const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'waba-scale-campaign-'));
	fs.chmodSync(folder, 0o755);
	say(`campaign part: ${ROWS} rows, worker killed at ${KILL_AT * 100}% accepted; folder ${folder}`);
	ensurePackages(say);
	const [pgPort, redisPort, webhookPort] = await freePorts(3);
	const pg = new Postgres(path.join(folder, 'postgres'), pgPort);
	const redis = new Redis(path.join(folder, 'redis'), redisPort);
	const graph = await MetaGraphStub.start();
	let cluster: QueueCluster | undefined;
	let keep = Boolean(process.env.SCALE_KEEP);
	try {
		pg.start();
		await redis.start();
		graph.addApp({ ...APP, name: 'Scale campaign' });
		const token = graph.addSystemUserToken(APP.id);
		graph.addPhoneNumber(WABA, NUMBER);
		const templates = attachTemplateMessaging(graph, { latencyMs: 50, messagesPerSecond: 100 });
		templates.addTemplate(WABA, {
			name: 'spring_sale',
			components: [{ type: 'BODY', text: 'Hi {{1}}, 20% off this week.' }],
		});

		cluster = QueueCluster.prepare({
			folder,
			env: {
				EXECUTIONS_MODE: 'queue',
				EXECUTIONS_DATA_PRUNE: 'false',
				N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
				N8N_LOG_LEVEL: 'info',
				...pg.env,
				...redis.env,
			},
			webhookProcessors: 1,
			workers: 1,
			workerConcurrency: 2,
			publicWebhookPort: webhookPort,
		});
		const t0 = Date.now();
		await cluster.main.start();
		const n8n = cluster.main.n8n;
		await n8n.setupOwner();
		await n8n.createApiKey();
		const credential = await n8n.createCredential('Campaign Graph', 'whatsAppBusinessAccountApi', {
			accessToken: token,
			appSecret: APP.secret,
			apiVersion: 'v23.0',
			baseUrl: graph.url,
		});
		const hookPath = `campaign-${randomUUID().slice(0, 8)}`;
		const workflow = await n8n.importWorkflow(
			campaignWorkflow({ id: credential.id, name: credential.name }, hookPath),
		);
		const [webhook] = cluster.webhooks;
		const [worker] = cluster.workers;
		await Promise.all([webhook.start(), worker.start()]);
		say(`main, webhook processor and worker up in ${seconds(t0)}`);

		const rows = Array.from({ length: ROWS }, (_, i) => ({
			id: `row-${i}`,
			phone: `1650${String(5_000_000 + i).padStart(7, '0')}`,
			name: `Customer ${i}`,
		}));
		const url = `${webhook.n8n.baseUrl}/webhook/${hookPath}`;
		const start = async () => {
			for (let attempt = 0; ; attempt++) {
				const answer = await fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ rows }),
				}).catch(() => undefined);
				if (answer?.ok) return;
				// the webhook processor learns of the published workflow within a few seconds
				if (attempt > 60) throw new Error(`${url} answered ${answer?.status ?? 'nothing'}`);
				await sleep(1000);
			}
		};

		// first run, killed mid-way
		const t1 = Date.now();
		await start();
		const killAt = Math.floor(ROWS * KILL_AT);
		while (templates.accepted.length < killAt) {
			if (Date.now() - t1 > 30 * 60_000) throw new Error('the campaign did not progress');
			await sleep(20);
		}
		await worker.kill();
		const acceptedAtKill = templates.accepted.length;
		say(
			`kill -9 worker-1 with ${acceptedAtKill} of ${ROWS} rows accepted, ${seconds(t1)} after the campaign started`,
		);
		await sleep(2000);
		const t2 = Date.now();
		await worker.start();
		say(`worker-1 started again in ${seconds(t2)}`);

		// let n8n do what it does with the dead worker's job (Bull may hand it out again): until
		// the queue is empty and the stand-in has had no request for 15 s
		const settle = Date.now();
		let quietSince = Date.now();
		let seen = graph.requests.length;
		while (Date.now() - settle < 300_000) {
			await sleep(1000);
			const queued = ['wait', 'active'].reduce(
				(n, list) => n + Number(redis.cli('LLEN', `bull:jobs:${list}`).trim()),
				0,
			);
			if (graph.requests.length !== seen || queued > 0) quietSince = Date.now();
			seen = graph.requests.length;
			if (Date.now() - quietSince > 15_000) break;
		}
		const before = new Set((await n8n.executions(workflow.id)).map((e) => e.id));
		say(
			`settled ${seconds(settle)} after the restart: ${templates.accepted.length} rows accepted, ${before.size} executions so far`,
		);

		// the campaign run again
		const t3 = Date.now();
		await start();
		let last: Answer | undefined;
		while (Date.now() - t3 < 30 * 60_000) {
			await sleep(2000);
			const rerun = (await n8n.executions(workflow.id)).find(
				(e) => !before.has(e.id) && (e.finished || e.stoppedAt),
			);
			if (rerun) {
				last = rerun;
				break;
			}
		}
		if (!last) throw new Error('the second run did not finish');
		const outcomes = (nodeOutput(last, SEND_NODE) ?? []) as Array<Record<string, Answer>>;
		const byStatus = new Map<string, number>();
		for (const o of outcomes) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
		say(
			`second run: ${last.status} in ${seconds(t3)}, ${outcomes.length} outcomes (${[...byStatus].map(([s, n]) => `${s} ${n}`).join(', ')})`,
		);

		const accepted = templates.countBy((s) => s.recipient);
		const finalStatus = new Map(outcomes.map((o) => [String(o.rowKey), String(o.status)]));
		let duplicates = 0;
		let lost = 0;
		let inDoubt = 0;
		const examples: string[] = [];
		for (const row of rows) {
			const count = accepted.get(row.phone) ?? 0;
			const status = finalStatus.get(row.id);
			if (count > 1) duplicates += count - 1;
			if (status === 'inDoubt') inDoubt++;
			else if (count === 0) {
				lost++;
				if (examples.length < 5) examples.push(`${row.id}: ${status ?? 'no outcome'}`);
			}
		}
		for (const line of examples) say(`  lost: ${line}`);
		if (lost || duplicates) keep = true;
		const inDoubtAccepted = rows.filter(
			(r) => finalStatus.get(r.id) === 'inDoubt' && accepted.has(r.phone),
		).length;
		say(
			`rows in doubt: ${inDoubt} (${inDoubtAccepted} of them accepted by Meta before the kill: their status webhooks would say so)`,
		);
		say(`campaign part ${seconds(started)}`);
		say(`campaign_rows=${ROWS}`);
		say(`campaign_in_doubt_after_crash=${inDoubt}`);
		say(`campaign_duplicates_after_crash=${duplicates}`);
		say(`campaign_lost_after_crash=${lost}`);
		return duplicates === 0 && lost === 0 && outcomes.length === ROWS ? 0 : 1;
	} catch (error) {
		keep = true;
		say(`campaign part failed: ${(error as Error).stack ?? String(error)}`);
		return 1;
	} finally {
		await cluster?.stopAll();
		await redis.stop();
		pg.stop();
		await graph.close();
		if (keep) say(`campaign folder kept: ${folder}`);
		else fs.rmSync(folder, { recursive: true, force: true });
	}
}
