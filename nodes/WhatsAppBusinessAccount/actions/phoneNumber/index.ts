import type { INodeProperties } from 'n8n-workflow';

import type { OperationExecutor } from '../common';
import * as get from './get';
import * as list from './list';

export const operations: Record<string, OperationExecutor> = { list: list.execute, get: get.execute };

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['phoneNumber'] } },
	options: [
		{
			name: 'Get',
			value: 'get',
			description: 'Read one business phone number',
			action: 'Get phone number',
		},
		{
			name: 'Get Many',
			value: 'list',
			description: 'Get the account\'s business phone numbers',
			action: 'Get many phone numbers',
		},
	],
	default: 'list',
};

/** The operations' own fields. */
export const description: INodeProperties[] = [
	...list.description,
	...get.description,
];
