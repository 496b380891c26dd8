import type { INodeProperties } from 'n8n-workflow';

import type { OperationExecutor } from '../common';
import * as getAll from './getAll.operation';

export const operations: Record<string, OperationExecutor> = { getAll: getAll.execute };

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['activity'] } },
	options: [
		{
			name: 'Get Many',
			value: 'getAll',
			description:
				"Get the account's activity history (who added numbers or users, changed settings, and when), newest first, optionally between two dates",
			action: 'Get many activities',
		},
	],
	default: 'getAll',
};

/** The operations' own fields. */
export const description: INodeProperties[] = [...getAll.description];
