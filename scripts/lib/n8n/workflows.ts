/**
 * This package's nodes in n8n workflows: their type names, the trigger-alone workflow e2e,
 * reliability and scale import, and a node's output items read back from an execution.
 */
import { randomUUID } from 'crypto';

import type { Credential, Execution, WorkflowDefinition } from './client';
import { PACKAGE } from './install';

export const TRIGGER_TYPE = `${PACKAGE}.whatsAppBusinessAccountTrigger`;
export const ACTION_TYPE = `${PACKAGE}.whatsAppBusinessAccount`;

/** A workflow holding the trigger alone, every execution kept (what e2e, reliability and scale import). */
export function triggerWorkflow(options: {
	name: string;
	credential: Credential;
	parameters: Record<string, unknown>;
	nodeName: string;
	typeVersion: number;
	webhookId?: string;
}): WorkflowDefinition {
	const { credential } = options;
	return {
		name: options.name,
		nodes: [
			{
				id: randomUUID(),
				name: options.nodeName,
				type: TRIGGER_TYPE,
				typeVersion: options.typeVersion,
				position: [0, 0],
				webhookId: options.webhookId ?? randomUUID(),
				parameters: options.parameters,
				credentials: {
					whatsAppBusinessAccountWebhookApi: { id: credential.id, name: credential.name },
				},
			},
		],
		connections: {},
		settings: {
			executionOrder: 'v1',
			saveDataSuccessExecution: 'all',
			saveDataErrorExecution: 'all',
		},
	};
}

/** Output items (json) of one node in an execution: main output `outputIndex` of its last run. */
export function nodeOutput(
	execution: Execution | undefined,
	nodeName: string,
	outputIndex = 0,
): Array<Record<string, unknown>> | undefined {
	const runData = execution?.data?.resultData?.runData?.[nodeName];
	if (!runData || !runData.length) return undefined;
	const main = runData[runData.length - 1]?.data?.main?.[outputIndex] || [];
	return main.map((i) => i.json);
}
