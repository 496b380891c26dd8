import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId, GRAPH_ID_REGEX } from '../common';
import { phoneNumberFieldsProperty } from './list';

export const description: INodeProperties[] = [
	{
		displayName: 'Phone Number ID',
		name: 'phoneNumberId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 106540352242922',
		description: 'The ID of the business phone number (not the number itself); Phone Number > Get Many shows it',
		displayOptions: { show: { resource: ['phoneNumber'], operation: ['get'] } },
		validation: [{ type: 'regex', properties: { regex: GRAPH_ID_REGEX, errorMessage: 'A phone number ID is digits only' } }],
	} as INodeProperties,
	phoneNumberFieldsProperty('get'),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const phoneNumberId = getGraphId(this, 'phoneNumberId', itemIndex, 'Phone Number ID');
	const fields = this.getNodeParameter('fields', itemIndex, []) as string[];
	return await graphApiRequest<IDataObject>(this, {
		method: 'GET',
		path: `/${phoneNumberId}`,
		qs: fields.length ? { fields: fields.join(',') } : {},
		itemIndex,
	});
}
