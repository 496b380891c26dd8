import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { deletedResult, getGraphId } from '../common';
import type { OperationOption } from '../operation';
import { mediaIdProperty, mediaOptionsPhoneNumber, phoneNumberQuery } from './common';

export const option: OperationOption = {
	name: 'Delete',
	value: 'delete',
	description: 'Delete an uploaded media file from Meta',
	action: 'Delete media file',
};

export const description: INodeProperties[] = [
	mediaIdProperty(['delete']),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['media'], operation: ['delete'] } },
		options: [mediaOptionsPhoneNumber()],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const mediaId = getGraphId(this, 'mediaId', itemIndex, 'Media ID');
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'DELETE',
		path: `/${mediaId}`,
		qs: phoneNumberQuery(this, options, itemIndex),
		itemIndex,
	});
	return deletedResult(answer);
}
