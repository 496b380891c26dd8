import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { deletedResult } from '../common';
import type { OperationOption } from '../operation';
import { codeOf, qrRequest } from './common';

export const option: OperationOption = {
	name: 'Delete',
	value: 'delete',
	description: 'Delete a QR code; its short link stops opening the chat',
	action: 'Delete qr code',
};

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return deletedResult(
		await qrRequest(this, itemIndex, { method: 'DELETE', code: codeOf(this, itemIndex) }),
	);
}
