import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId } from '../common';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Get Username',
	value: 'getUsername',
	description:
		"Get a business number's username and its status (reserved: not visible yet; approved: visible)",
	action: 'Get username of phone number',
};

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const phoneNumberId = getGraphId(this, 'phoneNumberId', itemIndex, 'Phone Number ID');
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'GET',
		path: `/${phoneNumberId}/username`,
		itemIndex,
	});
	// Meta leaves username out when the number has none: the output says so instead of lacking the key
	return { username: null, ...answer };
}
