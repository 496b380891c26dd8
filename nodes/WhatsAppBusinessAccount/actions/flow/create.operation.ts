import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId, getWabaId } from '../common';
import type { OperationOption } from '../operation';
import { categoriesField, endpointUriField, getCategories, getEndpointUri } from './common';

const show = { resource: ['flow'], operation: ['create'] };

export const option: OperationOption = {
	name: 'Create',
	value: 'create',
	description: 'Create a draft Flow, empty or cloned from another Flow',
	action: 'Create flow',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Appointment booking',
		description: 'The name of the Flow, unique in the account',
		displayOptions: { show },
	},
	{ ...categoriesField, required: true, displayOptions: { show } },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Clone From Flow ID',
				name: 'cloneFlowId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 1152341234567890',
				description:
					"A Flow to copy the Flow JSON from. The way to change a published Flow: clone it, change the copy's Flow JSON, publish the copy.",
			},
			endpointUriField,
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const wabaId = getWabaId(this, itemIndex);
	const name = String(this.getNodeParameter('name', itemIndex, '')).trim();
	const categories = getCategories(
		this,
		this.getNodeParameter('categories', itemIndex, []),
		itemIndex,
	);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const json: IDataObject = { name, categories };
	if (String(options.cloneFlowId ?? '').trim())
		json.clone_flow_id = getGraphId(this, 'options.cloneFlowId', itemIndex, 'Clone From Flow ID');
	if (String(options.endpointUri ?? '').trim())
		json.endpoint_uri = getEndpointUri(this, options.endpointUri, itemIndex);
	return await graphApiRequest<IDataObject>(this, {
		method: 'POST',
		path: `/${wabaId}/flows`,
		json,
		itemIndex,
	});
}
