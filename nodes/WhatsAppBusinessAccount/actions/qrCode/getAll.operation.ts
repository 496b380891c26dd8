import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequestAllItems } from '../../../shared/transport/graphApi';
import { getGraphId, getListOptions, listPropertiesFor } from '../common';
import type { OperationOption } from '../operation';
import { fieldsFor, imageFormatProperty } from './common';

export const option: OperationOption = {
	name: 'Get Many',
	value: 'getAll',
	description: "Get a number's QR codes and short links (up to 2,000)",
	action: 'Get many qr codes',
};

export const description: INodeProperties[] = [
	imageFormatProperty(['getAll'], true),
	...listPropertiesFor({ resource: ['qrCode'], operation: ['getAll'] }),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const phoneNumberId = getGraphId(this, 'phoneNumberId', itemIndex, 'Phone Number ID');
	return await graphApiRequestAllItems<IDataObject>(
		this,
		{
			method: 'GET',
			path: `/${phoneNumberId}/message_qrdls`,
			qs: fieldsFor(this, itemIndex),
			itemIndex,
		},
		getListOptions(this, itemIndex),
	);
}
