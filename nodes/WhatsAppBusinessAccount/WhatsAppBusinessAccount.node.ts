import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	JsonObject,
} from 'n8n-workflow';

import * as account from './actions/account/account.resource';
import * as activity from './actions/activity/activity.resource';
import * as analytics from './actions/analytics/analytics.resource';
import * as assignedUser from './actions/assignedUser/assignedUser.resource';
import { errorItem, isExecutionData, wabaIdProperty, EXECUTION_DATA } from './actions/common';
import type { OperationExecutor } from './actions/common';
import * as media from './actions/media/media.resource';
import * as message from './actions/message/message.resource';
import { executeSendTemplate, getTemplateFields } from './actions/message/templateOperation';
import * as messageTemplate from './actions/messageTemplate/messageTemplate.resource';
import * as phoneNumber from './actions/phoneNumber/phoneNumber.resource';
import * as subscribedApp from './actions/subscribedApp/subscribedApp.resource';
import * as webhookSetup from './actions/webhookSetup/webhookSetup.resource';
import { searchBusinessPhoneNumbers, searchWhatsAppBusinessAccounts } from '../shared/methods/listSearch';

const resources: Record<string, Record<string, OperationExecutor>> = {
	account: account.operations,
	subscribedApp: subscribedApp.operations,
	assignedUser: assignedUser.operations,
	phoneNumber: phoneNumber.operations,
	messageTemplate: messageTemplate.operations,
	media: media.operations,
	analytics: analytics.operations,
	activity: activity.operations,
	webhookSetup: webhookSetup.operations,
};

/**
 * The operations that work on an account; the others address a phone number, a template or
 * a media file by its own ID. (One copy per resource: `show` with two keys needs both.)
 */
const wabaIdProperties: INodeProperties[] = [
	{
		...wabaIdProperty,
		displayOptions: { show: { resource: ['account', 'subscribedApp', 'assignedUser', 'analytics', 'activity', 'webhookSetup'] } },
	},
	{
		...wabaIdProperty,
		displayOptions: { show: { resource: ['phoneNumber'], operation: ['list'] } },
	},
	{
		...wabaIdProperty,
		displayOptions: { show: { resource: ['messageTemplate'], operation: ['list', 'create', 'delete'] } },
	},
];

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
			'Send WhatsApp messages and manage a WhatsApp Business Account over the Graph API: messages (text, media, interactive, reactions, read receipts), account, subscribed apps, users, phone numbers and their profiles, message templates, media, cost and template analytics, activity history',
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
					{ name: 'Activity', value: 'activity' },
					{ name: 'Analytics', value: 'analytics' },
					{ name: 'Assigned User', value: 'assignedUser' },
					{ name: 'Media', value: 'media' },
					{ name: 'Message', value: 'message' },
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
			media.operationProperty,
			message.operationProperty,
			analytics.operationProperty,
			activity.operationProperty,
			webhookSetup.operationProperty,
			...wabaIdProperties,
			...account.description,
			...subscribedApp.description,
			...assignedUser.description,
			...phoneNumber.description,
			...messageTemplate.description,
			...media.description,
			...message.description,
			...analytics.description,
			...activity.description,
			...webhookSetup.description,
		],
	};

	methods = {
		listSearch: { searchWhatsAppBusinessAccounts, searchBusinessPhoneNumbers },
		resourceMapping: { getTemplateFields },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		// the Message resource runs its items as one batch (the resource cannot vary by item)
		// a campaign: every item goes out together, at the pace set, instead of one by one
		if (items.length && this.getNodeParameter('resource', 0) === 'message' && this.getNodeParameter('operation', 0) === 'sendTemplate') {
			return [await executeSendTemplate.call(this, items)];
		}
		if (items.length && this.getNodeParameter('resource', 0) === 'message') {
			return [await message.executeMessageBatch.call(this, items, message.preparers)];
		}
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
				if (isExecutionData(result)) {
					returnData.push(...result[EXECUTION_DATA].map((item) => ({ ...item, pairedItem: { item: itemIndex } })));
					continue;
				}
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
