import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { wabaIdProperty } from '../shared/descriptions';
import {
	searchBusinessPhoneNumbers,
	searchWhatsAppBusinessAccounts,
} from '../shared/methods/listSearch';

import * as account from './actions/account/account.resource';
import * as activity from './actions/activity/activity.resource';
import * as analytics from './actions/analytics/analytics.resource';
import * as assignedUser from './actions/assignedUser/assignedUser.resource';
import * as media from './actions/media/media.resource';
import * as message from './actions/message/message.resource';
import { getTemplateFields } from './actions/message/sendTemplate.operation';
import * as messageTemplate from './actions/messageTemplate/messageTemplate.resource';
import * as phoneNumber from './actions/phoneNumber/phoneNumber.resource';
import * as subscribedApp from './actions/subscribedApp/subscribedApp.resource';
import * as webhookSetup from './actions/webhookSetup/webhookSetup.resource';
import { router } from './actions/router';

/**
 * The operations that work on an account; the others address a phone number, a template or
 * a media file by its own ID. (One copy per resource: `show` with two keys needs both.)
 */
const wabaIdProperties: INodeProperties[] = [
	{
		...wabaIdProperty,
		displayOptions: {
			show: {
				resource: [
					'account',
					'subscribedApp',
					'assignedUser',
					'analytics',
					'activity',
					'webhookSetup',
				],
			},
		},
	},
	{
		...wabaIdProperty,
		displayOptions: { show: { resource: ['phoneNumber'], operation: ['list'] } },
	},
	{
		...wabaIdProperty,
		displayOptions: {
			show: { resource: ['messageTemplate'], operation: ['list', 'create', 'delete'] },
		},
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
			{
				name: 'whatsAppBusinessAccountWebhookApi',
				required: true,
				displayOptions: { show: { resource: ['webhookSetup'] } },
			},
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
		return await router.call(this);
	}
}
