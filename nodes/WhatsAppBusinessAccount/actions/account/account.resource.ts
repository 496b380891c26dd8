import type { INodeProperties } from 'n8n-workflow';

import type { OperationExecutor } from '../common';
import * as get from './get.operation';
import * as update from './update.operation';

export const operations: Record<string, OperationExecutor> = {
	get: get.execute,
	update: update.execute,
};

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['account'] } },
	options: [
		{
			name: 'Get',
			value: 'get',
			description: "Read the account's fields",
			action: 'Get account',
		},
		{
			name: 'Update',
			value: 'update',
			description: "Change the account's writable flags",
			action: 'Update account',
		},
	],
	default: 'get',
};

/** The operations' own fields. */
export const description: INodeProperties[] = [...get.description, ...update.description];
