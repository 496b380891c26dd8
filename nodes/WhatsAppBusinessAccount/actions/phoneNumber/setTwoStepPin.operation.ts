import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId, getPin, normalizeSuccess } from '../common';
import type { OperationOption } from '../operation';
import { pinProperty } from './register.operation';

export const option: OperationOption = {
	name: 'Set Two-Step Verification PIN',
	value: 'setTwoStepPin',
	description: 'Set or change the six-digit two-step verification PIN of a business number',
	action: 'Set two step verification pin of phone number',
};

export const description: INodeProperties[] = [
	pinProperty(
		'setTwoStepPin',
		'The new six-digit two-step verification PIN; it is asked for when the number is registered again',
	),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const phoneNumberId = getGraphId(this, 'phoneNumberId', itemIndex, 'Phone Number ID');
	const pin = getPin(this, 'pin', itemIndex);
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'POST',
		path: `/${phoneNumberId}`,
		json: { pin },
		itemIndex,
	});
	return normalizeSuccess(answer);
}
