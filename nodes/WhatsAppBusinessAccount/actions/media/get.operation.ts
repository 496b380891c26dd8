import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId } from '../common';
import type { OperationOption } from '../operation';
import { mediaIdProperty, mediaOptionsPhoneNumber, phoneNumberQuery } from './common';

export const option: OperationOption = {
	name: 'Get',
	value: 'get',
	description:
		"Get a media file's temporary download URL (valid five minutes), MIME type, size and SHA-256",
	action: 'Get media file',
};

export const description: INodeProperties[] = [
	mediaIdProperty(['get']),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['media'], operation: ['get'] } },
		options: [mediaOptionsPhoneNumber()],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const mediaId = getGraphId(this, 'mediaId', itemIndex, 'Media ID');
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return await graphApiRequest<IDataObject>(this, {
		method: 'GET',
		path: `/${mediaId}`,
		qs: phoneNumberQuery(this, options, itemIndex),
		itemIndex,
	});
}
