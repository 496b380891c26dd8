import type { INodeProperties } from 'n8n-workflow';

import type { OperationExecutor } from '../common';
import * as add from './add.operation';
import * as getAll from './getAll.operation';
import * as remove from './remove.operation';

export const operations: Record<string, OperationExecutor> = {
	// saved workflows hold 'list' (Get Many)
	list: getAll.execute,
	add: add.execute,
	remove: remove.execute,
};

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['assignedUser'] } },
	options: [
		{
			name: 'Add',
			value: 'add',
			description: 'Give a business or system user tasks on the account',
			action: 'Add assigned user',
		},
		{
			name: 'Get Many',
			value: 'list',
			description: 'Get the users assigned to the account, with their tasks',
			action: 'Get many assigned users',
		},
		{
			name: 'Remove',
			value: 'remove',
			description: "Take a user's access to the account away. Outputs { deleted: true }.",
			action: 'Remove assigned user',
		},
	],
	default: 'list',
};

/** The operations' own fields. */
export const description: INodeProperties[] = [
	...getAll.description,
	...add.description,
	...remove.description,
];
