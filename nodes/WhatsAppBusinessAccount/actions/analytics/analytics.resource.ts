import type { INodeProperties } from 'n8n-workflow';

import type { OperationExecutor } from '../common';
import * as getConversations from './getConversations.operation';
import * as getPricing from './getPricing.operation';
import * as getTemplates from './getTemplates.operation';

export const operations: Record<string, OperationExecutor> = {
	getPricing: getPricing.execute,
	getTemplates: getTemplates.execute,
	getConversations: getConversations.execute,
};

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['analytics'] } },
	options: [
		{
			name: 'Get Conversation Analytics',
			value: 'getConversations',
			description:
				'Get conversation counts and costs over a date range, for accounts billed per conversation (before July 2025), one item per data point',
			action: 'Get conversation analytics',
		},
		{
			name: 'Get Pricing Analytics',
			value: 'getPricing',
			description:
				'Get message volumes and costs over a date range, by country, category or number, one item per data point',
			action: 'Get pricing analytics',
		},
		{
			name: 'Get Template Analytics',
			value: 'getTemplates',
			description:
				'Get how often templates were sent, delivered, read and clicked, and what they cost, per day; the account must have template insights on',
			action: 'Get template analytics',
		},
	],
	default: 'getPricing',
};

/** The operations' own fields. */
export const description: INodeProperties[] = [
	...getPricing.description,
	...getTemplates.description,
	...getConversations.description,
];
