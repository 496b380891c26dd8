// An example workflow from examples/ made ready to run against the Graph stand-in: the two
// credentials it names, created in n8n for the stand-in, and its nodes pointed at them.
import * as crypto from 'crypto';
import * as fs from 'fs';

import type { Answer, WorkflowDefinition } from '../../lib/n8n/client';
import type { N8n } from '../../lib/n8n/instance';
import { fromRoot } from '../../lib/repoRoot';

export type CredentialRefs = Record<string, { id: string; name: string }>;

/** The webhook app's credential and the Graph token's, both set to the stand-in, named `<label> webhook` / `<label> Graph`. */
export async function standInCredentials(
	n8n: N8n,
	label: string,
	settings: {
		graphUrl: string;
		app: { id: string; secret: string };
		token: string;
		verifyToken: string;
	},
): Promise<CredentialRefs> {
	const { graphUrl, app } = settings;
	const webhook = await n8n.createCredential(
		`${label} webhook`,
		'whatsAppBusinessAccountWebhookApi',
		{ appId: app.id, appSecret: app.secret, verifyToken: settings.verifyToken, baseUrl: graphUrl },
	);
	const api = await n8n.createCredential(`${label} Graph`, 'whatsAppBusinessAccountApi', {
		accessToken: settings.token,
		appSecret: app.secret,
		apiVersion: 'v23.0',
		baseUrl: graphUrl,
	});
	return {
		whatsAppBusinessAccountWebhookApi: { id: webhook.id, name: webhook.name },
		whatsAppBusinessAccountApi: { id: api.id, name: api.name },
	};
}

/**
 * examples/<file> with each node's credentials replaced by `credentials` and each webhook given
 * a fresh id (an example imported twice in one n8n must not share a path); `adjust` changes a
 * node before the import.
 */
export function exampleWorkflow(
	file: string,
	credentials: CredentialRefs,
	adjust?: (node: Answer) => void,
): WorkflowDefinition & { nodes: Answer[] } {
	const workflow = JSON.parse(
		fs.readFileSync(fromRoot('examples', file), 'utf8'),
	) as WorkflowDefinition & { nodes: Answer[] };
	for (const node of workflow.nodes) {
		if (node.webhookId) node.webhookId = crypto.randomUUID();
		for (const type of Object.keys(node.credentials ?? {}))
			node.credentials[type] = credentials[type];
		adjust?.(node);
	}
	return workflow;
}
