import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../operation';
import { codeOf, fieldsFor, imageFormatProperty, qrRequest } from './common';

export const option: OperationOption = {
	name: 'Get',
	value: 'get',
	description: "Get a QR code's prefilled message, short link and image URL",
	action: 'Get qr code',
};

export const description: INodeProperties[] = [imageFormatProperty(['get'], true)];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const answer = await qrRequest(this, itemIndex, {
		method: 'GET',
		code: codeOf(this, itemIndex),
		qs: fieldsFor(this, itemIndex),
	});
	// Meta answers a list of one
	return { ...(Array.isArray(answer.data) ? (answer.data[0] as IDataObject) : answer) };
}
