import type { INodeProperties } from 'n8n-workflow';

import type { OperationExecutor } from '../common';
import * as check from './check.operation';

export const operations: Record<string, OperationExecutor> = {
	check: check.execute,
};

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['webhookSetup'] } },
	options: [
		{
			name: 'Check',
			value: 'check',
			description:
				"Find out why deliveries don't arrive: outputs one item per check of the app, the account, its phone numbers and the callback, with the fix",
			action: 'Check webhook setup',
		},
	],
	default: 'check',
};

export const description: INodeProperties[] = [...check.description];
