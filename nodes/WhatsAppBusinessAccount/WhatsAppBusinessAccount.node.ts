import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	JsonObject,
} from 'n8n-workflow';

import * as account from './actions/account';
import * as assignedUser from './actions/assignedUser';
import { wabaIdProperty } from './actions/common';
import type { OperationExecutor } from './actions/common';
import * as messageTemplate from './actions/messageTemplate';
import * as phoneNumber from './actions/phoneNumber';
import * as subscribedApp from './actions/subscribedApp';
import * as webhookSetup from './actions/webhookSetup';
import { searchWhatsAppBusinessAccounts } from './methods/listSearch';

const resources: Record<string, Record<string, OperationExecutor>> = {
	account: account.operations,
	subscribedApp: subscribedApp.operations,
	assignedUser: assignedUser.operations,
	phoneNumber: phoneNumber.operations,
	messageTemplate: messageTemplate.operations,
	webhookSetup: webhookSetup.operations,
};

/**
 * Every operation works on an account, except reading one phone number by its own ID.
 * (Two copies because `hide` with two keys hides when either matches.)
 */
const wabaIdProperties: INodeProperties[] = [
	{
		...wabaIdProperty,
		displayOptions: { show: { resource: ['account', 'subscribedApp', 'assignedUser', 'messageTemplate', 'webhookSetup'] } },
	},
	{
		...wabaIdProperty,
		displayOptions: { show: { resource: ['phoneNumber'], operation: ['list'] } },
	},
];

/** Error details for an item that failed while "continue on fail" is on. */
function errorItem(error: Error & { context?: IDataObject; description?: string | null }): IDataObject {
	const context = error.context ?? {};
	const item: IDataObject = { error: error.message };
	if (error.description) item.description = error.description;
	for (const [from, to] of [
		['graphErrorCode', 'code'],
		['graphErrorSubcode', 'subcode'],
		['fbtraceId', 'fbtrace_id'],
		['graphErrorType', 'type'],
		['httpStatus', 'httpStatus'],
	] as const) {
		if (context[from] !== undefined) item[to] = context[from];
	}
	return item;
}

export class WhatsAppBusinessAccount implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Business Account',
		name: 'whatsAppBusinessAccount',
		icon: {
			light: 'file:whatsAppBusinessAccount.svg',
			dark: 'file:whatsAppBusinessAccount.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Manage a WhatsApp Business Account over the Graph API: account info, subscribed apps, assigned users, phone numbers and message templates',
		defaults: { name: 'WhatsApp Business Account' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'whatsAppBusinessAccountApi', required: true },
			// the app that should receive the webhooks: its id, secret and verify token
			{ name: 'whatsAppBusinessAccountWebhookApi', required: true, displayOptions: { show: { resource: ['webhookSetup'] } } },
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'Assigned User', value: 'assignedUser' },
					{ name: 'Message Template', value: 'messageTemplate' },
					{ name: 'Phone Number', value: 'phoneNumber' },
					{ name: 'Subscribed App', value: 'subscribedApp' },
					{ name: 'Webhook Setup', value: 'webhookSetup' },
				],
				default: 'account',
			},
			account.operationProperty,
			subscribedApp.operationProperty,
			assignedUser.operationProperty,
			phoneNumber.operationProperty,
			messageTemplate.operationProperty,
			webhookSetup.operationProperty,
			...wabaIdProperties,
			...account.description,
			...subscribedApp.description,
			...assignedUser.description,
			...phoneNumber.description,
			...messageTemplate.description,
			...webhookSetup.description,
		],
	};

	methods = {
		listSearch: { searchWhatsAppBusinessAccounts },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const returnData: INodeExecutionData[] = [];

		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const resource = this.getNodeParameter('resource', itemIndex) as string;
				const operation = this.getNodeParameter('operation', itemIndex) as string;
				const run = resources[resource]?.[operation];
				if (!run) {
					throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`, {
						itemIndex,
					});
				}
				const result = await run.call(this, itemIndex);
				returnData.push(
					...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(result), {
						itemData: { item: itemIndex },
					}),
				);
			} catch (error) {
				if (this.continueOnFail()) {
					returnData.push({ json: errorItem(error as Error), pairedItem: { item: itemIndex } });
					continue;
				}
				if (error instanceof NodeApiError) {
					// Already carries Meta's details; NodeApiError hands back the same instance.
					throw new NodeApiError(this.getNode(), error as unknown as JsonObject, { itemIndex });
				}
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
		}
		return [returnData];
	}
}
