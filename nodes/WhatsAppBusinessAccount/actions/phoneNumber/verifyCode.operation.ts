import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId, normalizeSuccess } from '../common';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Verify Code',
	value: 'verifyCode',
	description: 'Verify a business number with the code Meta sent to it',
	action: 'Verify phone number with code',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Code',
		name: 'code',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 123456',
		description: 'The verification code Meta sent to the number (Request Code), digits only',
		displayOptions: { show: { resource: ['phoneNumber'], operation: ['verifyCode'] } },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const phoneNumberId = getGraphId(this, 'phoneNumberId', itemIndex, 'Phone Number ID');
	// Meta's SMS shows the code as 123-456: the dash is dropped
	const code = String(this.getNodeParameter('code', itemIndex, '')).replace(/[\s-]/g, '');
	if (!/^[0-9]{4,10}$/.test(code)) {
		throw new NodeOperationError(this.getNode(), 'The code must be the digits Meta sent', {
			itemIndex,
		});
	}
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'POST',
		path: `/${phoneNumberId}/verify_code`,
		qs: { code },
		itemIndex,
	});
	return normalizeSuccess(answer);
}
