// The WhatsApp Flow Endpoint Trigger in a real n8n: an active workflow (the trigger, then a
// Code node answering the next screen) serves a Meta-like Flow client that encrypts with a
// real RSA key pair (scripts/lib/metaFlowClient.ts). INIT and data_exchange come back
// encrypted from the last node; a health check and an error notification are answered without
// an execution; a tampered body gets 421, a bad signature 432; a failing workflow gives Meta's
// error shape on the current screen; the private key is nowhere in executions or n8n's log.
import * as crypto from 'crypto';
import * as fs from 'fs';

import { FLOW_ENDPOINT_VERSION } from '../../../nodes/WhatsAppFlowEndpointTrigger/WhatsAppFlowEndpointTrigger.node.js';
import { generateFlowKeyPair, MetaFlowClient } from '../../lib/metaFlowClient';
import type { WorkflowDefinition } from '../../lib/n8n/client';
import { PACKAGE } from '../../lib/n8n/install';
import type { N8n } from '../../lib/n8n/instance';
import { sleep } from '../../lib/sleep';
import type { Check, Step } from '../lib/checks';

export const FLOW_ENDPOINT_TYPE = `${PACKAGE}.whatsAppFlowEndpointTrigger`;
const APP_SECRET = '5b8e2f0c9d1a4e7b3c6f8a0d2e4b6c81';
const PASSPHRASE = 'e2e flow endpoint passphrase 31';
const ERROR_MESSAGE = 'Booking is unavailable right now';

// the booking logic the Code node runs: INIT offers slots, a submitted slot completes the Flow
const BOOKING_CODE = `const request = $input.first().json;
if (request.action === 'INIT') return [{ json: { screen: 'APPOINTMENT', data: { slots: ['09:00', '10:30'], flow_token: request.flow_token } } }];
if (request.data && request.data.slot === 'broken') throw new Error('the calendar is down');
return [{ json: { screen: 'SUCCESS', data: { extension_message_response: { params: { flow_token: request.flow_token, slot: request.data.slot } } } } }];`;

function endpointWorkflow(
	credential: { id: string; name: string },
	webhookId: string,
): WorkflowDefinition {
	return {
		name: 'E2E: Flow endpoint',
		nodes: [
			{
				id: crypto.randomUUID(),
				name: 'WhatsApp Flow Endpoint Trigger',
				type: FLOW_ENDPOINT_TYPE,
				typeVersion: FLOW_ENDPOINT_VERSION,
				position: [0, 0],
				webhookId,
				parameters: { options: { errorMessage: ERROR_MESSAGE } },
				credentials: { whatsAppFlowEndpointApi: credential },
			},
			{
				id: crypto.randomUUID(),
				name: 'Booking',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: { jsCode: BOOKING_CODE },
			},
		],
		connections: {
			'WhatsApp Flow Endpoint Trigger': { main: [[{ node: 'Booking', type: 'main', index: 0 }]] },
		},
		settings: {
			executionOrder: 'v1',
			saveDataSuccessExecution: 'all',
			saveDataErrorExecution: 'all',
		},
	};
}

/** Adds its checks through `check`. */
export async function flowEndpointChecks(
	n8n: N8n,
	{ check, step }: { check: Check; step: Step },
): Promise<void> {
	step('WhatsApp Flow Endpoint Trigger: encrypted data exchange');
	const keys = generateFlowKeyPair(PASSPHRASE);
	const credential = await n8n.createCredential('E2E Flow endpoint', 'whatsAppFlowEndpointApi', {
		privateKey: keys.privateKeyPem,
		passphrase: PASSPHRASE,
		appSecret: APP_SECRET,
	});
	const webhookId = crypto.randomUUID();
	const workflow = await n8n.importWorkflow(
		endpointWorkflow({ id: credential.id, name: credential.name }, webhookId),
		{
			activate: true,
		},
	);
	const client = new MetaFlowClient(
		`${n8n.baseUrl}/webhook/${webhookId}/flow`,
		keys.publicKeyPem,
		APP_SECRET,
	);
	try {
		// n8n registers an activated workflow's webhooks a moment after answering the activation
		let ping = await client.send({ version: '3.0', action: 'ping' });
		for (let i = 0; i < 100 && ping.status === 404; i++) {
			await sleep(300);
			ping = await client.send({ version: '3.0', action: 'ping' });
		}
		check(
			'Flow endpoint: health check answered encrypted {"data":{"status":"active"}}',
			ping.status === 200 && JSON.stringify(ping.answer) === '{"data":{"status":"active"}}',
			`HTTP ${ping.status} ${ping.text.slice(0, 120)}`,
		);

		const init = await client.send({ version: '3.0', action: 'INIT', flow_token: 'e2e-booking-1' });
		check(
			"Flow endpoint: INIT answered with the last node's next screen, encrypted",
			init.status === 200 &&
				JSON.stringify(init.answer) ===
					JSON.stringify({
						screen: 'APPOINTMENT',
						data: { slots: ['09:00', '10:30'], flow_token: 'e2e-booking-1' },
					}),
			`HTTP ${init.status} ${JSON.stringify(init.answer ?? init.text).slice(0, 200)}`,
		);

		const submit = await client.send({
			version: '3.0',
			action: 'data_exchange',
			screen: 'APPOINTMENT',
			data: { slot: '10:30' },
			flow_token: 'e2e-booking-1',
		});
		check(
			'Flow endpoint: data_exchange completes the Flow (SUCCESS with extension_message_response)',
			submit.status === 200 &&
				JSON.stringify(submit.answer) ===
					JSON.stringify({
						screen: 'SUCCESS',
						data: {
							extension_message_response: {
								params: { flow_token: 'e2e-booking-1', slot: '10:30' },
							},
						},
					}),
			`HTTP ${submit.status} ${JSON.stringify(submit.answer ?? submit.text).slice(0, 200)}`,
		);

		const failing = await client.send({
			version: '3.0',
			action: 'data_exchange',
			screen: 'APPOINTMENT',
			data: { slot: 'broken' },
			flow_token: 'e2e-booking-2',
		});
		check(
			"Flow endpoint: a failing workflow gives Meta's error shape on the current screen",
			failing.status === 200 &&
				JSON.stringify(failing.answer) ===
					JSON.stringify({ screen: 'APPOINTMENT', data: { error_message: ERROR_MESSAGE } }),
			`HTTP ${failing.status} ${JSON.stringify(failing.answer ?? failing.text).slice(0, 200)}`,
		);

		const notification = await client.send({
			version: '3.0',
			action: 'data_exchange',
			flow_token: 'e2e-booking-1',
			data: { error: 'INVALID_SCREEN', error_message: 'no such screen' },
		});
		check(
			'Flow endpoint: error notification acknowledged encrypted',
			notification.status === 200 &&
				JSON.stringify(notification.answer) === '{"data":{"acknowledged":true}}',
			`HTTP ${notification.status} ${notification.text.slice(0, 120)}`,
		);

		const tampered = await client.send(
			{ version: '3.0', action: 'INIT', flow_token: 'x' },
			{
				tamper: (body) => {
					const bytes = Buffer.from(body.encrypted_flow_data, 'base64');
					bytes[0] ^= 0x01;
					return { ...body, encrypted_flow_data: bytes.toString('base64') };
				},
			},
		);
		check(
			'Flow endpoint: a tampered body gets 421',
			tampered.status === 421,
			`HTTP ${tampered.status} ${tampered.text.slice(0, 160)}`,
		);

		const badSignature = await client.send(
			{ version: '3.0', action: 'ping' },
			{ signWith: '0123456789abcdef0123456789abcdef' },
		);
		check(
			'Flow endpoint: a wrong signature is refused with 432',
			badSignature.status === 432,
			`HTTP ${badSignature.status}`,
		);

		// INIT, data_exchange and the failing one ran the workflow; nothing else did
		const executions = await n8n.waitForExecutions(workflow.id, 3);
		check(
			'Flow endpoint: exactly three executions (no execution for ping, notification, refusals)',
			executions.length === 3,
			`${executions.length} executions`,
		);
		const keyLines = keys.privateKeyPem
			.split('\n')
			.filter((line) => line.length > 20 && !line.startsWith('-----'));
		const stored = JSON.stringify(executions);
		const log = fs.existsSync(n8n.logFile) ? fs.readFileSync(n8n.logFile, 'utf8') : '';
		check(
			"Flow endpoint: the private key and passphrase are in no execution's data and not in n8n's log",
			keyLines.every((line) => !stored.includes(line) && !log.includes(line)) &&
				!stored.includes(PASSPHRASE) &&
				!log.includes(PASSPHRASE),
		);
	} finally {
		await n8n
			.api('POST', `/workflows/${workflow.id}/deactivate`, {}, { expect: [200, 400, 404] })
			.catch(() => undefined);
	}
}
