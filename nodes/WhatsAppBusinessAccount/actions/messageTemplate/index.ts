import type { INodeProperties } from 'n8n-workflow';

import type { OperationExecutor } from '../common';
import * as list from './list';

export const operations: Record<string, OperationExecutor> = { list: list.execute };

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['messageTemplate'] } },
	options: [
		{
			name: 'Get Many',
			value: 'list',
			description: 'Get the account\'s message templates, optionally filtered',
			action: 'Get many message templates',
		},
	],
	default: 'list',
};

/** The operations' own fields. */
export const description: INodeProperties[] = [
	...list.description,
];
