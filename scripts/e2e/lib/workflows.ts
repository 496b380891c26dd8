// The workflows the end-to-end run imports into n8n: the trigger alone (manual registration),
// and a Webhook-started chain that runs every operation of the action node once.
import * as crypto from 'crypto';

import type { Credential, WorkflowDefinition } from '../../lib/n8n/client';
import { ACTION_TYPE, triggerWorkflow as supervisedTriggerWorkflow } from '../../lib/n8n/workflows';
import {
	BUSINESS_ID,
	NEW_USER_ID,
	OVERRIDE_VERIFY_TOKEN,
	phoneNumbers,
	WABA_ID,
} from './actionGraph';
import { COMMERCE_STEPS } from './actionCommerce';
import { USERNAME_STEPS } from './actionUsername';
import { FLOW_STEPS } from './actionFlows';
import { OPS_STEPS, type ActionStep } from './actionOps';
import { sleep } from '../../lib/sleep';

export const TRIGGER_NAME = 'WhatsApp Business Account Trigger';

export function triggerWorkflow(credential: Credential): WorkflowDefinition {
	return supervisedTriggerWorkflow({
		name: 'E2E: WhatsApp Business Account Trigger',
		credential,
		nodeName: TRIGGER_NAME,
		typeVersion: 1.1,
		// every fixture is replayed, statuses included (1.1 leaves them out by default)
		parameters: { registration: 'manual', includeStatuses: true },
	});
}

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/**
 * Every operation of the action node, in the order the chain runs them; the Subscribe step
 * overrides the callback with `overrideCallbackUri`, which Meta verifies before storing it.
 */
export const actionSteps = (overrideCallbackUri: string): ActionStep[] => [
	{
		name: 'Account Get',
		parameters: {
			resource: 'account',
			operation: 'get',
			wabaId: byId(WABA_ID),
			fields: ['id', 'name', 'currency', 'business_verification_status'],
		},
	},
	{
		name: 'Account Update',
		parameters: {
			resource: 'account',
			operation: 'update',
			wabaId: byId(WABA_ID),
			updateFields: { is_enabled_for_insights: true },
		},
	},
	{
		name: 'Subscribed App List',
		parameters: { resource: 'subscribedApp', operation: 'list', wabaId: byId(WABA_ID) },
	},
	{
		name: 'Subscribed App Subscribe',
		parameters: {
			resource: 'subscribedApp',
			operation: 'subscribe',
			wabaId: byId(WABA_ID),
			options: { overrideCallbackUri, verifyToken: OVERRIDE_VERIFY_TOKEN },
		},
	},
	{
		name: 'Subscribed App Unsubscribe',
		parameters: { resource: 'subscribedApp', operation: 'unsubscribe', wabaId: byId(WABA_ID) },
	},
	{
		name: 'Assigned User List',
		parameters: {
			resource: 'assignedUser',
			operation: 'list',
			wabaId: byId(WABA_ID),
			businessId: BUSINESS_ID,
			returnAll: true,
		},
	},
	{
		name: 'Assigned User Add',
		parameters: {
			resource: 'assignedUser',
			operation: 'add',
			wabaId: byId(WABA_ID),
			userId: NEW_USER_ID,
			tasks: ['MANAGE_TEMPLATES', 'VIEW_COST'],
		},
	},
	{
		name: 'Assigned User Remove',
		parameters: {
			resource: 'assignedUser',
			operation: 'remove',
			wabaId: byId(WABA_ID),
			userId: NEW_USER_ID,
		},
	},
	{
		name: 'Phone Number List',
		parameters: {
			resource: 'phoneNumber',
			operation: 'list',
			wabaId: byId(WABA_ID),
			returnAll: true,
		},
	},
	{
		name: 'Phone Number Get',
		parameters: { resource: 'phoneNumber', operation: 'get', phoneNumberId: phoneNumbers[1].id },
	},
	{
		name: 'Message Template List',
		parameters: {
			resource: 'messageTemplate',
			operation: 'list',
			wabaId: byId(WABA_ID),
			returnAll: false,
			limit: 4,
			filters: { status: ['APPROVED'] },
		},
	},
	...OPS_STEPS,
	...FLOW_STEPS,
	...COMMERCE_STEPS,
	...USERNAME_STEPS,
];

/** n8n's Webhook node named Start: a POST to /webhook/<webhookPath> runs the workflow. */
export function webhookStartNode(
	webhookPath: string,
	response: Record<string, unknown> = { responseMode: 'onReceived' },
): Record<string, unknown> & { name: string } {
	return {
		id: crypto.randomUUID(),
		name: 'Start',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: crypto.randomUUID(),
		parameters: { httpMethod: 'POST', path: webhookPath, ...response, options: {} },
	};
}

/**
 * POSTs JSON to a published workflow's Webhook node (/webhook/<path>) and reads the answer. n8n
 * registers a published workflow's webhooks a moment after the publish call answers, so a 404
 * is retried for up to 30 s.
 */
export async function postToWebhook(
	n8nBaseUrl: string,
	webhookPath: string,
	body: unknown,
): Promise<{ status: number; text: string }> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const res = await fetch(`${n8nBaseUrl}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		const text = await res.text();
		if (res.status !== 404 || Date.now() > deadline) return { status: res.status, text };
		await sleep(250);
	}
}

export function actionWorkflow(
	credential: Credential,
	webhookPath: string,
	steps: ActionStep[],
): WorkflowDefinition {
	const nodes: Array<Record<string, unknown> & { name: string }> = [
		webhookStartNode(webhookPath),
		...steps.map((step, i) => ({
			id: crypto.randomUUID(),
			name: step.name,
			type: ACTION_TYPE,
			typeVersion: 1,
			position: [220 * (i + 1), 0],
			// each step runs once, whatever number of items the one before it returned
			executeOnce: true,
			parameters: step.parameters,
			credentials: { whatsAppBusinessAccountApi: { id: credential.id, name: credential.name } },
		})),
	];
	// a chain, except steps with `branchFrom`: they take that step's output (binary data, say) as a side branch
	const connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: string; index: number }>> }
	> = {};
	const connect = (from: string, to: string) => {
		connections[from] = connections[from] || { main: [[]] };
		connections[from].main[0].push({ node: to, type: 'main', index: 0 });
	};
	let previous = nodes[0].name;
	for (const step of steps) {
		if (step.branchFrom) {
			connect(step.branchFrom, step.name);
			continue;
		}
		connect(previous, step.name);
		previous = step.name;
	}
	return {
		name: 'E2E: WhatsApp Business Account actions',
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
	};
}
