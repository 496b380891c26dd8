import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { readWebhookCredential } from '../shared/webhook/credentialReuse';
import { errorAnswer, sealResponse, workflowAnswer } from './answer';
import { flowEndpointProperties, readEndpointOptions } from './properties';
import { credentialProblem, handleFlowRequest, type FlowEndpointCredential } from './request';
import { warnOwner } from '../shared/webhook/ownerLog';

export const FLOW_ENDPOINT_CREDENTIAL = 'whatsAppFlowEndpointApi';

/**
 * 1.1, not 1: n8n evaluates an expression (binaryData) on every request to a version-1 start
 * node, which in n8n 2.x costs an expression isolate per request; from 1.1 it does not.
 */
export const FLOW_ENDPOINT_VERSION = 1.1;

/** How the owner's log names this node. */
const NODE_LABEL = 'WhatsApp Flow Endpoint Trigger';

export class WhatsAppFlowEndpointTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Flow Endpoint Trigger',
		name: 'whatsAppFlowEndpointTrigger',
		icon: {
			light: 'file:whatsAppFlowEndpointTrigger.svg',
			dark: 'file:whatsAppFlowEndpointTrigger.dark.svg',
		},
		group: ['trigger'],
		version: FLOW_ENDPOINT_VERSION,
		subtitle: 'Flow data endpoint',
		description:
			"Serves a WhatsApp Flow's data endpoint: decrypts Meta's requests, starts the workflow and returns its answer encrypted",
		defaults: { name: 'WhatsApp Flow Endpoint Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'whatsAppFlowEndpointApi', required: true, testedBy: 'flowEndpointCredentialTest' },
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// the last node's first item is the answer; the node encrypts it on its way out (answer.ts)
				responseMode: 'lastNode',
				responseData: 'firstEntryJson',
				path: 'flow',
			},
		],
		properties: flowEndpointProperties,
	};

	methods = {
		credentialTest: {
			// nothing to call: the test reads the key as each request will, and weighs the app secret
			async flowEndpointCredentialTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const problem = credentialProblem((credential.data ?? {}) as FlowEndpointCredential);
				return problem
					? { status: 'Error', message: problem }
					: { status: 'OK', message: 'The private key is an RSA key and the app secret is usable' };
			},
		},
	};

	// Nothing to register: Meta calls the endpoint URL set in the Flow (Flow JSON's endpoint or
	// the Flow's endpoint_uri), which the workflow's owner sets once, not on each activation.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const res = this.getResponseObject();
		// the signature is checked over exactly the bytes received
		const request = req as typeof req & { rawBody?: Buffer; readRawBody?: () => Promise<void> };
		if (request.rawBody === undefined && typeof request.readRawBody === 'function')
			await request.readRawBody();
		const rawBody = request.rawBody ?? Buffer.alloc(0);

		// As the WhatsApp Business Account Trigger does: the node's own read of under a second ago
		// is reused (a credential read is a database query and a decryption, and in n8n 2.x an
		// expression isolate); a request that read refuses is judged again with a fresh read, so
		// an edited key or secret never refuses one.
		const read = await readWebhookCredential<FlowEndpointCredential>(
			this,
			FLOW_ENDPOINT_CREDENTIAL,
		);
		let outcome = handleFlowRequest(rawBody, req.headers, read.value);
		if (read.reused && outcome.kind === 'refused')
			outcome = handleFlowRequest(
				rawBody,
				req.headers,
				(
					await readWebhookCredential<FlowEndpointCredential>(this, FLOW_ENDPOINT_CREDENTIAL, {
						afresh: true,
					})
				).value,
			);
		res.setHeader('X-Content-Type-Options', 'nosniff');

		if (outcome.kind === 'refused') {
			if (outcome.ownerProblem)
				warnOwner(this, NODE_LABEL, `a request was refused: ${outcome.ownerProblem}`);
			res.status(outcome.status).json(outcome.body);
			return { noWebhookResponse: true };
		}
		if (outcome.kind === 'answered') {
			if (outcome.event === 'errorNotification') {
				const data = outcome.payload.data as IDataObject;
				warnOwner(
					this,
					NODE_LABEL,
					`Meta reports an error with this endpoint's previous answer (flow_token ${String(outcome.payload.flow_token ?? '')}): ${String(data.error)}${data.error_message ? `: ${String(data.error_message)}` : ''}`,
				);
			}
			res.status(200).type('text/plain').send(outcome.text);
			return { noWebhookResponse: true };
		}

		const { payload, session } = outcome;
		const options = readEndpointOptions(this);
		sealResponse(
			res,
			(status, body) => workflowAnswer(status, body, payload, session, options.errorMessage),
			options.timeLimitMs,
			() =>
				errorAnswer(
					payload,
					session,
					options.errorMessage,
					`the workflow did not answer within ${options.timeLimitMs / 1000} s`,
				),
			(answer) => {
				if (answer.problem)
					warnOwner(this, NODE_LABEL, `Meta got an error answer: ${answer.problem}`);
			},
		);
		return { workflowData: [[{ json: payload as IDataObject }]] };
	}
}
