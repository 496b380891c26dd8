import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId, normalizeSuccess } from '../common';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Release Username',
	value: 'releaseUsername',
	description: "Remove a business number's username, so that WhatsApp shows its phone number again",
	action: 'Release username of phone number',
};

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const phoneNumberId = getGraphId(this, 'phoneNumberId', itemIndex, 'Phone Number ID');
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'DELETE',
		path: `/${phoneNumberId}/username`,
		itemIndex,
	});
	return normalizeSuccess(answer);
}
