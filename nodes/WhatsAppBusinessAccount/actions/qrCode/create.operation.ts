import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../operation';
import {
	imageFormatProperty,
	prefilledMessageOf,
	prefilledMessageProperty,
	qrRequest,
} from './common';

export const option: OperationOption = {
	name: 'Create',
	value: 'create',
	description:
		'Create a QR code and short link that open a chat with the number, with a prefilled message',
	action: 'Create qr code',
};

export const description: INodeProperties[] = [
	prefilledMessageProperty(['create']),
	imageFormatProperty(['create'], false),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await qrRequest(this, itemIndex, {
		method: 'POST',
		json: {
			prefilled_message: prefilledMessageOf(this, itemIndex),
			generate_qr_image: this.getNodeParameter('imageFormat', itemIndex, 'PNG') as string,
		},
	});
}
