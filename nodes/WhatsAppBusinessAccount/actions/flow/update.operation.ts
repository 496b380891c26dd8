import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId, normalizeSuccess } from '../common';
import type { OperationOption } from '../operation';
import { categoriesField, endpointUriField, getCategories, getEndpointUri } from './common';

export const option: OperationOption = {
	name: 'Update Metadata',
	value: 'update',
	description: 'Rename a Flow, change its categories or set its endpoint URL',
	action: 'Update metadata of flow',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { resource: ['flow'], operation: ['update'] } },
		options: [
			categoriesField,
			endpointUriField,
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				placeholder: 'e.g. Appointment booking',
				description: 'The new name of the Flow, unique in the account',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const flowId = getGraphId(this, 'flowId', itemIndex, 'Flow ID');
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const json: IDataObject = {};
	if (String(fields.name ?? '').trim()) json.name = String(fields.name).trim();
	if (fields.categories !== undefined)
		json.categories = getCategories(this, fields.categories, itemIndex);
	if (fields.endpointUri !== undefined)
		json.endpoint_uri = getEndpointUri(this, fields.endpointUri, itemIndex);
	if (!Object.keys(json).length)
		throw new NodeOperationError(this.getNode(), 'Add at least one field to update', {
			itemIndex,
			description: 'Update Fields can change the name, the categories and the endpoint URL.',
		});
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'POST',
		path: `/${flowId}`,
		json,
		itemIndex,
	});
	return normalizeSuccess(answer);
}
