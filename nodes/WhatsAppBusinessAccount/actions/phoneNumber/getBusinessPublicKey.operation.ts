import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { GraphBusinessEncryption } from '../../../shared/generated/graph-types';
import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId } from '../common';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Get Business Public Key',
	value: 'getBusinessPublicKey',
	description:
		"Get the number's registered Flow public key and whether Meta's signature of it is valid",
	action: 'Get business public key of phone number',
};

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const phoneNumberId = getGraphId(this, 'phoneNumberId', itemIndex, 'Phone Number ID');
	const answer = await graphApiRequest<GraphBusinessEncryption>(this, {
		method: 'GET',
		path: `/${phoneNumberId}/whatsapp_business_encryption`,
		itemIndex,
	});
	// Meta wraps the number's one key in `data`; a number without a key answers an empty list
	const [key] = Array.isArray(answer?.data) ? answer.data : [];
	return key
		? (key as IDataObject)
		: { business_public_key: null, business_public_key_signature_status: null };
}
