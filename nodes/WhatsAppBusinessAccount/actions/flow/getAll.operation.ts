import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listAccountEdge, listPropertiesFor } from '../common';
import type { OperationOption } from '../operation';
import { flowFieldsProperty } from './get.operation';

export const option: OperationOption = {
	name: 'Get Many',
	value: 'getAll',
	description: "Get the account's Flows with their status",
	action: 'Get many flows',
};

export const description: INodeProperties[] = [
	...listPropertiesFor({ resource: ['flow'], operation: ['getAll'] }),
	flowFieldsProperty('getAll'),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await listAccountEdge(this, itemIndex, 'flows');
}
