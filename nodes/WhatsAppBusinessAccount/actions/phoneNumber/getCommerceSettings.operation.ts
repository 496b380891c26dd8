import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId } from '../common';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Get Commerce Settings',
	value: 'getCommerceSettings',
	description: 'Get whether a business number shows its catalog and lets customers fill a cart',
	action: 'Get commerce settings of phone number',
};

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const phoneNumberId = getGraphId(this, 'phoneNumberId', itemIndex, 'Phone Number ID');
	const answer = await graphApiRequest<{ data?: IDataObject[] }>(this, {
		method: 'GET',
		path: `/${phoneNumberId}/whatsapp_commerce_settings`,
		itemIndex,
	});
	// Meta answers a list of one: the number's settings (and their id)
	return { ...(Array.isArray(answer.data) ? answer.data[0] : {}) };
}
