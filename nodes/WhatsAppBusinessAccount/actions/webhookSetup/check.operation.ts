import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { webhookCredentialProblem } from '../../../shared/transport/webhookCredential';
import type { OperationOption } from '../operation';
import { runSetupCheck } from './setupCheck';
import { FIELD_OPTIONS } from '../../../shared/fieldOptions';
import { getWabaId } from '../common';

const show = { resource: ['webhookSetup'], operation: ['check'] };

export const option: OperationOption = {
	name: 'Check',
	value: 'check',
	description:
		"Find out why deliveries don't arrive: outputs one item per check of the app, the account, its phone numbers and the callback, with the fix",
	action: 'Check webhook setup',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Expected Callback URL',
		name: 'expectedUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://n8n.example.com/webhook/…/webhook',
		description: "The trigger's production URL (open the trigger > Webhook URLs > Production URL)",
		displayOptions: { show },
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'multiOptions',
		options: FIELD_OPTIONS,
		default: ['messages'],
		description: 'The webhook fields the trigger listens to; each must be subscribed',
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const wabaId = getWabaId(this, itemIndex);
	const expectedUrl = String(this.getNodeParameter('expectedUrl', itemIndex, '')).trim();
	if (!/^https?:\/\//i.test(expectedUrl)) {
		throw new NodeOperationError(
			this.getNode(),
			`Expected Callback URL must be an http or https URL, got "${expectedUrl}"`,
			{ itemIndex },
		);
	}
	const fields = this.getNodeParameter('fields', itemIndex, ['messages']) as string[];
	const raw = await this.getCredentials('whatsAppBusinessAccountWebhookApi', itemIndex);
	const problem = webhookCredentialProblem(raw);
	if (problem)
		throw new NodeOperationError(this.getNode(), problem, {
			itemIndex,
			description: 'Fix the WhatsApp Business Account Webhook credential; nothing was checked.',
		});
	const results = await runSetupCheck(this, {
		wabaId,
		expectedUrl,
		fields,
		app: {
			appId: String(raw.appId).trim(),
			appSecret: String(raw.appSecret),
			verifyToken: String(raw.verifyToken),
			baseUrl: raw.baseUrl ? String(raw.baseUrl) : undefined,
		},
	});
	return results as unknown as IDataObject[];
}
