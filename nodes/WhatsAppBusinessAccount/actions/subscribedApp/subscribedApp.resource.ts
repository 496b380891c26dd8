import type { INodeProperties } from 'n8n-workflow';

import type { OperationExecutor } from '../common';
import * as getAll from './getAll.operation';
import * as subscribe from './subscribe.operation';
import * as unsubscribe from './unsubscribe.operation';

export const operations: Record<string, OperationExecutor> = {
	// saved workflows hold 'list' (Get Many)
	list: getAll.execute,
	subscribe: subscribe.execute,
	unsubscribe: unsubscribe.execute,
};

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['subscribedApp'] } },
	options: [
		{
			name: 'Get Many',
			value: 'list',
			description: "Get the apps that receive this account's webhooks",
			action: 'Get many subscribed apps',
		},
		{
			name: 'Subscribe',
			value: 'subscribe',
			description:
				"Subscribe the token's app to this account's webhooks (the usual fix when a trigger only receives test messages)",
			action: 'Subscribe app to account',
		},
		{
			name: 'Unsubscribe',
			value: 'unsubscribe',
			description:
				"Stop the token's app from receiving this account's webhooks. Outputs { deleted: true }.",
			action: 'Unsubscribe app from account',
		},
	],
	default: 'list',
};

/** The operations' own fields. */
export const description: INodeProperties[] = [
	...getAll.description,
	...subscribe.description,
	...unsubscribe.description,
];
