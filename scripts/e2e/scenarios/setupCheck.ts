// Webhook Setup > Check in a real n8n (README, "Why don't my deliveries arrive?"): an active
// trigger workflow (manual registration) gives the production URL; a second workflow (Webhook
// start node answering with the last node's items) runs the check against the stateful Graph
// stub (scripts/lib/metaGraphStub.ts). The correct setup passes; each single fault of
// scripts/lib/setupCheckFaults.ts fails exactly its checks, with its fix. The handshake
// goes from n8n to its own production URL, as Meta's would.
import * as crypto from 'crypto';

import { MetaGraphStub } from '../../lib/metaGraphStub';
import type { Credential, WorkflowDefinition } from '../../lib/n8n/client';
import type { N8n } from '../../lib/n8n/instance';
import { ACTION_TYPE, TRIGGER_TYPE } from '../../lib/n8n/workflows';
import { LOOPBACK_ONLY_FAILING, resetSetup, SETUP, SETUP_FAULTS } from '../../lib/setupCheckFaults';
import type { Check, Step } from '../lib/checks';
import { postToWebhook, webhookStartNode } from '../lib/workflows';

const APP = {
	id: '1234567890123456',
	secret: 'e2b0c44298fc1c149afbf4c8996fb924',
	name: 'E2E Setup',
};
const VERIFY_TOKEN = 'e2e-setup-check-5d2e8a71';
const WRONG_VERIFY_TOKEN = 'e2e-not-the-trigger-token-77';

const ref = (c: Credential) => ({ id: c.id, name: c.name });

function triggerWorkflow(
	webhookCredential: Credential,
): WorkflowDefinition & { nodes: Array<{ webhookId: string } & Record<string, unknown>> } {
	return {
		name: 'E2E: setup check trigger',
		nodes: [
			{
				id: crypto.randomUUID(),
				name: 'WhatsApp Business Account Trigger',
				type: TRIGGER_TYPE,
				typeVersion: 1,
				position: [0, 0],
				webhookId: crypto.randomUUID(),
				parameters: { registration: 'manual' },
				credentials: { whatsAppBusinessAccountWebhookApi: ref(webhookCredential) },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

function checkWorkflow(
	name: string,
	webhookPath: string,
	apiCredential: Credential,
	webhookCredential: Credential,
	parameters: Record<string, unknown>,
): WorkflowDefinition {
	return {
		name,
		nodes: [
			webhookStartNode(webhookPath, { responseMode: 'lastNode', responseData: 'allEntries' }),
			{
				id: crypto.randomUUID(),
				name: 'Check Webhook Setup',
				type: ACTION_TYPE,
				typeVersion: 1,
				position: [220, 0],
				executeOnce: true,
				parameters: { resource: 'webhookSetup', operation: 'check', ...parameters },
				credentials: {
					whatsAppBusinessAccountApi: ref(apiCredential),
					whatsAppBusinessAccountWebhookApi: ref(webhookCredential),
				},
			},
		],
		connections: { Start: { main: [[{ node: 'Check Webhook Setup', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/** Adds its checks through `check`. */
export async function setupCheckChecks(
	n8n: N8n,
	{ check, step }: { check: Check; step: Step },
): Promise<void> {
	step('Webhook Setup > Check against single faults');
	const graph = await MetaGraphStub.start();
	const workflows: string[] = [];
	try {
		graph.addApp(APP);
		const token = graph.addSystemUserToken(APP.id);
		const webhook = await n8n.createCredential(
			'E2E setup check webhook',
			'whatsAppBusinessAccountWebhookApi',
			{ appId: APP.id, appSecret: APP.secret, verifyToken: VERIFY_TOKEN, baseUrl: graph.url },
		);
		const wrongWebhook = await n8n.createCredential(
			'E2E setup check webhook (other verify token)',
			'whatsAppBusinessAccountWebhookApi',
			{ appId: APP.id, appSecret: APP.secret, verifyToken: WRONG_VERIFY_TOKEN, baseUrl: graph.url },
		);
		const api = await n8n.createCredential('E2E setup check Graph', 'whatsAppBusinessAccountApi', {
			accessToken: token,
			appSecret: APP.secret,
			apiVersion: 'v23.0',
			baseUrl: graph.url,
		});

		const triggerDefinition = triggerWorkflow(webhook);
		const trigger = await n8n.importWorkflow(triggerDefinition, { activate: true });
		workflows.push(trigger.id);
		const url = `${n8n.baseUrl}/webhook/${triggerDefinition.nodes[0].webhookId}/webhook`;
		const parameters = {
			wabaId: { __rl: true, mode: 'id', value: SETUP.wabaId },
			expectedUrl: url,
			fields: ['messages'],
		};
		const paths: Record<'right' | 'wrong', string> = {
			right: `setup-check-${crypto.randomUUID()}`,
			wrong: `setup-check-${crypto.randomUUID()}`,
		};
		for (const [key, credential] of [
			['right', webhook],
			['wrong', wrongWebhook],
		] as const) {
			const wf = await n8n.importWorkflow(
				checkWorkflow(
					`E2E: setup check (${key} verify token)`,
					paths[key],
					api,
					credential,
					parameters,
				),
				{ activate: true },
			);
			workflows.push(wf.id);
		}
		const runCheck = async (key: 'right' | 'wrong') => {
			const { status, text } = await postToWebhook(n8n.baseUrl, paths[key], {});
			let items: unknown;
			try {
				items = JSON.parse(text);
			} catch {
				items = undefined;
			}
			return {
				status,
				items: (Array.isArray(items) ? items : []) as Array<{
					check: string;
					passed: boolean;
					fix: string;
				}>,
				text,
			};
		};
		const failing = (items: Array<{ check: string; passed: boolean }>) =>
			items
				.filter((i) => i.passed === false)
				.map((i) => i.check)
				.sort();
		const same = (a: readonly string[], b: readonly string[]) =>
			JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

		resetSetup(graph, { appId: APP.id, url });
		const correct = await runCheck('right');
		check(
			'Setup check, correct setup: every readable check passes (only "Reachable by Meta" fails on loopback http)',
			correct.status === 200 &&
				correct.items.length >= 10 &&
				same(failing(correct.items), LOOPBACK_ONLY_FAILING),
			`HTTP ${correct.status}; failing: ${JSON.stringify(failing(correct.items))}; ${correct.text.slice(0, 300)}`,
		);

		for (const fault of SETUP_FAULTS) {
			resetSetup(graph, { appId: APP.id, url });
			fault.apply(graph, { appId: APP.id, url });
			if (fault.callbackDown)
				await n8n.api('POST', `/workflows/${trigger.id}/deactivate`, {}, { expect: [200] });
			const answer = await runCheck(fault.wrongVerifyToken ? 'wrong' : 'right');
			if (fault.callbackDown) await n8n.publish(trigger.id);
			const fixes = answer.items.filter((i) => fault.failing.includes(i.check)).map((i) => i.fix);
			check(
				`Setup check, ${fault.name}: named exactly, with its fix`,
				answer.status === 200 &&
					same(failing(answer.items), [...fault.failing, ...LOOPBACK_ONLY_FAILING]) &&
					fixes.length === fault.failing.length &&
					fixes.every((f) => f.includes(fault.fixMentions)),
				`HTTP ${answer.status}; failing: ${JSON.stringify(failing(answer.items))}; fixes: ${JSON.stringify(fixes).slice(0, 300)}`,
			);
		}
		check(
			'Setup check: the app access token never travelled in a URL',
			!graph.requests.some((r) => r.tokenInUrl),
			`${graph.requests.filter((r) => r.tokenInUrl).length} calls with access_token in the URL`,
		);
	} finally {
		for (const id of workflows)
			await n8n
				.api('POST', `/workflows/${id}/deactivate`, {}, { expect: [200, 400, 404] })
				.catch(() => undefined);
		await graph.close();
	}
}
