// Issue 33's Flow management in the end-to-end run: the steps the action workflow runs against
// the Graph stand-in's Flows (scripts/lib/metaGraphFlows.ts), and the checks on the requests,
// the Flows' states and the items n8n produced.
import { generateKeyPairSync } from 'crypto';

import type { Execution } from '../../lib/n8n/client';
import { nodeOutput } from '../../lib/n8n/workflows';
import { SAMPLE_FLOW_JSON } from '../../lib/metaGraphFlowJson';
import type { MetaGraphStub } from '../../lib/metaGraphStub';
import { PHONE_NUMBER_ID, WABA_ID } from './actionGraph';
import type { ActionStep } from './actionOps';
import type { Check } from './checks';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const created = (step: string) => `={{ $('${step}').first().json.id }}`;

/** A Flow JSON missing its screens' layout, written over lines so its errors have positions. */
const INVALID_FLOW_JSON = '{\n  "version": "7.0",\n  "screens": [\n    { "id": "BOOK" }\n  ]\n}';
const FLOW_JSON = SAMPLE_FLOW_JSON;
const PUBLIC_KEY = generateKeyPairSync('rsa', {
	modulusLength: 2048,
	publicKeyEncoding: { type: 'spki', format: 'pem' },
	privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
}).publicKey.trim();

const flow = (name: string, operation: string, parameters: Record<string, unknown> = {}) => ({
	name,
	parameters: { resource: 'flow', operation, flowId: created('Flow Create'), ...parameters },
});

/** The steps, in the order the action workflow runs them after the older ones. */
export const FLOW_STEPS: ActionStep[] = [
	{
		name: 'Flow Create',
		parameters: {
			resource: 'flow',
			operation: 'create',
			wabaId: byId(WABA_ID),
			name: 'Appointment booking',
			categories: ['APPOINTMENT_BOOKING'],
		},
	},
	flow('Flow Upload Invalid JSON', 'uploadJson', { flowJson: INVALID_FLOW_JSON }),
	flow('Flow Upload JSON', 'uploadJson', { flowJson: FLOW_JSON }),
	flow('Flow Update Metadata', 'update', {
		updateFields: { endpointUri: 'https://n8n.example.com/webhook/flow' },
	}),
	flow('Flow Get Preview URL', 'getPreviewUrl'),
	{
		name: 'Phone Number Set Public Key',
		parameters: {
			resource: 'phoneNumber',
			operation: 'setBusinessPublicKey',
			phoneNumberId: PHONE_NUMBER_ID,
			businessPublicKey: PUBLIC_KEY,
		},
	},
	{
		name: 'Phone Number Get Public Key',
		parameters: {
			resource: 'phoneNumber',
			operation: 'getBusinessPublicKey',
			phoneNumberId: PHONE_NUMBER_ID,
		},
	},
	flow('Flow Publish', 'publish'),
	flow('Flow Deprecate', 'deprecate'),
	{
		name: 'Flow Create Draft',
		parameters: {
			resource: 'flow',
			operation: 'create',
			wabaId: byId(WABA_ID),
			name: 'Appointment booking v2',
			categories: ['APPOINTMENT_BOOKING'],
			options: { cloneFlowId: created('Flow Create') },
		},
	},
	{
		name: 'Flow Delete Draft',
		parameters: { resource: 'flow', operation: 'delete', flowId: created('Flow Create Draft') },
	},
	{
		name: 'Flow Get Many',
		parameters: { resource: 'flow', operation: 'getAll', wabaId: byId(WABA_ID), returnAll: true },
	},
];

/** Checks on what the stand-in received and holds, and what each Flow step output. */
export function checkFlows({
	execution,
	graph,
	check,
}: {
	execution: Execution | undefined;
	graph: MetaGraphStub;
	check: Check;
}): void {
	const out = (step: string) => nodeOutput(execution, step) ?? [];
	const flowId = String(out('Flow Create')[0]?.id ?? '');
	const invalid = out('Flow Upload Invalid JSON')[0];
	check(
		'Flow Create: a draft in the account',
		graph.flows.flows.get(flowId)?.wabaId === WABA_ID,
		flowId,
	);
	check(
		"Flow Upload JSON: Meta's validation errors with line and column, then a valid Flow JSON",
		invalid?.valid === false &&
			JSON.stringify(invalid?.validation_summary) ===
				JSON.stringify(["Line 4, column 5: Missing required property 'layout'. (at screens[0])"]) &&
			out('Flow Upload JSON')[0]?.valid === true,
		JSON.stringify(invalid?.validation_summary),
	);
	const preview = out('Flow Get Preview URL')[0]?.preview as Record<string, unknown> | undefined;
	check(
		'Flow Get Preview URL: a preview link and its expiry',
		typeof preview?.preview_url === 'string' &&
			String(preview.preview_url).includes(`/flows/${flowId}/preview/`) &&
			typeof preview.expires_at === 'string',
		JSON.stringify(preview),
	);
	check(
		'Phone Number Set / Get Business Public Key: the PEM registered, signature VALID',
		out('Phone Number Set Public Key')[0]?.success === true &&
			out('Phone Number Get Public Key')[0]?.business_public_key === PUBLIC_KEY &&
			out('Phone Number Get Public Key')[0]?.business_public_key_signature_status === 'VALID',
	);
	const draftId = String(out('Flow Create Draft')[0]?.id ?? '');
	check(
		'Flow Publish, Deprecate; a clone created as a draft and deleted',
		out('Flow Publish')[0]?.success === true &&
			graph.flows.flows.get(flowId)?.status === 'DEPRECATED' &&
			graph.flows.flows.get(flowId)?.endpointUri === 'https://n8n.example.com/webhook/flow' &&
			draftId !== '' &&
			out('Flow Delete Draft')[0]?.deleted === true &&
			!graph.flows.flows.has(draftId),
	);
	check(
		'Flow Get Many: the deprecated Flow, one item',
		JSON.stringify(out('Flow Get Many').map((f) => [f.id, f.status])) ===
			JSON.stringify([[flowId, 'DEPRECATED']]),
		JSON.stringify(out('Flow Get Many')),
	);
}
