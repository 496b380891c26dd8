import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../operation';
import { codeOf, prefilledMessageOf, prefilledMessageProperty, qrRequest } from './common';

export const option: OperationOption = {
	name: 'Update',
	value: 'update',
	description: "Change a QR code's prefilled message; its code, link and image stay",
	action: 'Update qr code',
};

export const description: INodeProperties[] = [prefilledMessageProperty(['update'])];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await qrRequest(this, itemIndex, {
		method: 'POST',
		json: { code: codeOf(this, itemIndex), prefilled_message: prefilledMessageOf(this, itemIndex) },
	});
}
