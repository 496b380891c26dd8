import type { INodeProperties } from 'n8n-workflow';

import type { OperationExecutor } from '../common';
import * as create from './create.operation';
import * as deleteTemplate from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations: Record<string, OperationExecutor> = {
	// saved workflows hold 'list' (Get Many)
	list: getAll.execute,
	get: get.execute,
	create: create.execute,
	update: update.execute,
	delete: deleteTemplate.execute,
};

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['messageTemplate'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			description: 'Create a message template and submit it to Meta for review',
			action: 'Create message template',
		},
		{
			name: 'Delete',
			value: 'delete',
			description: 'Delete a message template by name, in every language or in one',
			action: 'Delete message template',
		},
		{
			name: 'Get',
			value: 'get',
			description: 'Get one message template by its ID, with its status and components',
			action: 'Get message template',
		},
		{
			name: 'Get Many',
			value: 'list',
			description: "Get the account's message templates, optionally filtered",
			action: 'Get many message templates',
		},
		{
			name: 'Update',
			value: 'update',
			description: 'Change the components or category of a message template; Meta reviews it again',
			action: 'Update message template',
		},
	],
	default: 'list',
};

/** The operations' own fields. */
export const description: INodeProperties[] = [
	...getAll.description,
	...get.description,
	...create.description,
	...update.description,
	...deleteTemplate.description,
];
