import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequestAllItems } from '../../../shared/transport/graphApi';
import { getListOptions, getWabaId, listPropertiesFor } from '../common';
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
	const wabaId = getWabaId(this, itemIndex);
	const fields = this.getNodeParameter('fields', itemIndex, []) as string[];
	return await graphApiRequestAllItems<IDataObject>(
		this,
		{
			method: 'GET',
			path: `/${wabaId}/flows`,
			qs: fields.length ? { fields: fields.join(',') } : {},
			itemIndex,
		},
		getListOptions(this, itemIndex),
	);
}
