/**
 * The WhatsApp Flow Endpoint Trigger in a real n8n against n8n's plain Webhook node, same
 * instance, same bytes: one Meta-like request (encrypted with a real RSA key pair and signed,
 * scripts/lib/metaFlowClient.ts) POSTed again and again, one at a time, to
 * - ours: the trigger, then a No Operation node; the trigger decrypts, the workflow runs, the
 *   answer (the last node's first item) is encrypted and returned;
 * - the Webhook node ("When Last Node Finishes", first entry JSON), then the same No Operation
 *   node, answering its item in clear.
 * Interleaved ABBA (scripts/bench/measure.ts); latency is until the whole answer is read.
 * The ratio is the Webhook node's median latency ÷ ours: our requests per second one at a
 * time as a share of the Webhook node's (1 = as fast, goal >= 0.9).
 */
import { randomUUID } from 'crypto';

import { decryptFlowAnswer, encryptFlowRequest, generateFlowKeyPair } from '../lib/metaFlowClient';
import { fetchKeptAlive } from '../lib/metaSender';
import type { WorkflowDefinition } from '../lib/n8n/client';
import { PACKAGE } from '../lib/n8n/install';
import { signBody } from '../../nodes/shared/webhook/signature';
import { FLOW_ENDPOINT_VERSION } from '../../nodes/WhatsAppFlowEndpointTrigger/WhatsAppFlowEndpointTrigger.node.js';
import { pairAsync } from './measure';
import type { N8nInstall } from './n8nWebhookPath';
import { sleep } from '../lib/sleep';
import { startBenchN8n, stopBenchN8n } from './realN8n';

const APP_SECRET = '3c9e1f7a5b2d4c8e0a6f1b3d5e7c9a2f';

export interface FlowEndpointResult {
	p50Ms: number;
	p99Ms: number;
	webhookP50Ms: number;
	webhookP99Ms: number;
	/** The Webhook node's median latency ÷ ours. */
	ratio: number;
	samples: number;
}

const noOp = (x: number) => ({
	id: randomUUID(),
	name: 'Answer',
	type: 'n8n-nodes-base.noOp',
	typeVersion: 1,
	position: [x, 0],
	parameters: {},
});

function workflow(name: string, start: Record<string, unknown>): WorkflowDefinition {
	return {
		name,
		nodes: [start, noOp(220)],
		connections: { [String(start.name)]: { main: [[{ node: 'Answer', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<string> {
	const response = await fetchKeptAlive(url, { method: 'POST', body, headers });
	const text = await response.text();
	if (response.status !== 200)
		throw new Error(`${url} answered ${response.status}: ${text.slice(0, 200)}`);
	return text;
}

/** Waits for an activated workflow's webhook to be registered (n8n does it just after activation). */
async function whenRegistered(url: string, body: string, headers: Record<string, string>) {
	for (let i = 0; ; i++) {
		const response = await fetchKeptAlive(url, { method: 'POST', body, headers });
		await response.text();
		if (response.status !== 404 || i > 100) return;
		await sleep(300);
	}
}

export async function flowEndpointBench(o: {
	root: string;
	install: N8nInstall;
	quick: boolean;
	/** n8n's environment beyond its defaults (the README's recommended setting, say). */
	env?: Record<string, string>;
	note: (text: string) => void;
}): Promise<FlowEndpointResult> {
	const bench = await startBenchN8n({ root: o.root, install: o.install, env: o.env, note: o.note });
	const { n8n } = bench;
	try {
		const keys = generateFlowKeyPair();
		const credential = await n8n.createCredential(
			'Bench Flow endpoint',
			'whatsAppFlowEndpointApi',
			{
				privateKey: keys.privateKeyPem,
				appSecret: APP_SECRET,
			},
		);
		const oursId = randomUUID();
		const webhookPath = `bench-flow-${randomUUID()}`;
		await n8n.importWorkflow(
			workflow('Bench: Flow endpoint', {
				id: randomUUID(),
				name: 'WhatsApp Flow Endpoint Trigger',
				type: `${PACKAGE}.whatsAppFlowEndpointTrigger`,
				typeVersion: FLOW_ENDPOINT_VERSION,
				position: [0, 0],
				webhookId: oursId,
				parameters: {},
				credentials: { whatsAppFlowEndpointApi: { id: credential.id, name: credential.name } },
			}),
			{ activate: true },
		);
		await n8n.importWorkflow(
			workflow('Bench: Webhook node', {
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: {
					httpMethod: 'POST',
					path: webhookPath,
					responseMode: 'lastNode',
					responseData: 'firstEntryJson',
					options: {},
				},
			}),
			{ activate: true },
		);
		const oursUrl = `${n8n.baseUrl}/webhook/${oursId}/flow`;
		const webhookUrl = `${n8n.baseUrl}/webhook/${webhookPath}`;

		// one data_exchange request as Meta sends it; both contenders get exactly these bytes
		const request = encryptFlowRequest(
			{
				version: '3.0',
				action: 'data_exchange',
				screen: 'APPOINTMENT',
				data: { slot: '10:30', date: '2026-12-08' },
				flow_token: 'bench-booking',
			},
			keys.publicKeyPem,
		);
		const body = JSON.stringify(request.body);
		const headers = {
			'content-type': 'application/json',
			'user-agent': 'facebookexternalua',
			'x-hub-signature-256': signBody(body, APP_SECRET),
		};
		await whenRegistered(oursUrl, body, headers);
		await whenRegistered(webhookUrl, body, headers);
		// the answer is the request's item, encrypted with its key and flipped IV
		const answer = decryptFlowAnswer(await post(oursUrl, body, headers), request.session) as {
			screen?: string;
		};
		if (answer.screen !== 'APPOINTMENT')
			throw new Error(`the Flow endpoint answered ${JSON.stringify(answer).slice(0, 200)}`);

		const [ours, webhook] = await pairAsync(
			async () => await post(oursUrl, body, headers),
			async () => await post(webhookUrl, body, headers),
			{
				warmupMs: o.quick ? 1000 : 3000,
				budgetMs: o.quick ? 8000 : 30000,
				minSamples: o.quick ? 60 : 200,
				maxSamples: o.quick ? 300 : 2000,
			},
		);
		const ms = (ns: number) => ns / 1e6;
		return {
			p50Ms: ms(ours.median),
			p99Ms: ms(ours.p99),
			webhookP50Ms: ms(webhook.median),
			webhookP99Ms: ms(webhook.p99),
			ratio: webhook.median / ours.median,
			samples: ours.samples,
		};
	} finally {
		await stopBenchN8n(bench);
	}
}
