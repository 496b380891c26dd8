import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import {
	searchBusinessPhoneNumbers,
	searchWhatsAppBusinessAccounts,
} from '../shared/methods/listSearch';

import { getTemplateFields, searchMessageTemplates } from './actions/message/templateChoice';
import { nodeProperties } from './actions/registry';
import { router } from './actions/router';
import { resumeWebhook, RESUME_WEBHOOKS } from './waiting/webhook';

export class WhatsAppBusinessAccount implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Business Account',
		name: 'whatsAppBusinessAccount',
		icon: {
			light: 'file:whatsAppBusinessAccount.svg',
			dark: 'file:whatsAppBusinessAccount.dark.svg',
		},
		group: ['transform'],
		// 1.1: Send Template's template picker, and Send To starting at Phone Number there
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			"Send WhatsApp messages and templates and manage your business account, numbers and templates; its trigger receives every message and event. Unlike n8n's built-in WhatsApp Business Cloud node, it also manages the account and sends template campaigns at a safe pace",
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
		// Send and Wait for Response: the signed resume URL an answer is POSTed to
		// (a restart webhook: served under /webhook-waiting/ while an execution waits, registered
		// nowhere, so the node has no webhookMethods; n8n's send-and-wait nodes are declared alike)
		webhooks: RESUME_WEBHOOKS,
		// Resource, Operation and every field, from the one list of resources (actions/registry.ts)
		properties: nodeProperties(),
	};

	methods = {
		listSearch: {
			searchWhatsAppBusinessAccounts,
			searchBusinessPhoneNumbers,
			searchMessageTemplates,
		},
		resourceMapping: { getTemplateFields },
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await resumeWebhook.call(this);
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
