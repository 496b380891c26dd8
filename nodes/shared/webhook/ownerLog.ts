import type { IWebhookFunctions } from 'n8n-workflow';

/**
 * Tells the workflow's owner, in n8n's log, what an unauthenticated caller is not told (it would
 * describe a secret or a key): `<node label> "<node name>": <message>`, with the workflow and node.
 */
export function warnOwner(context: IWebhookFunctions, nodeLabel: string, message: string): void {
	const node = context.getNode();
	context.logger.warn(`${nodeLabel} "${node.name}": ${message}`, {
		workflowId: context.getWorkflow().id,
		node: node.name,
	});
}
