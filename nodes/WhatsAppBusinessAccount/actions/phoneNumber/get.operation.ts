import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId, phoneNumberIdProperty } from '../common';
import type { OperationOption } from '../operation';
import { phoneNumberFieldsProperty } from './getAll.operation';

/** Every operation on one business number, by its ID. */
export const PHONE_NUMBER_ID_OPERATIONS = [
	'get',
	'register',
	'deregister',
	'requestCode',
	'verifyCode',
	'setTwoStepPin',
	'getBusinessProfile',
	'updateBusinessProfile',
	'setBusinessPublicKey',
	'getBusinessPublicKey',
	'getCommerceSettings',
	'updateCommerceSettings',
	'getConversationalAutomation',
	'updateConversationalAutomation',
	'getUsername',
	'getUsernameSuggestions',
	'setUsername',
	'releaseUsername',
];

export const option: OperationOption = {
	name: 'Get',
	value: 'get',
	description: 'Read one business phone number',
	action: 'Get phone number',
};

export const description: INodeProperties[] = [
	phoneNumberIdProperty(
		{ resource: ['phoneNumber'], operation: PHONE_NUMBER_ID_OPERATIONS },
		'The ID of the business phone number (not the number itself); Phone Number > Get Many shows it',
	),
	phoneNumberFieldsProperty('get'),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const phoneNumberId = getGraphId(this, 'phoneNumberId', itemIndex, 'Phone Number ID');
	const fields = this.getNodeParameter('fields', itemIndex, []) as string[];
	return await graphApiRequest<IDataObject>(this, {
		method: 'GET',
		path: `/${phoneNumberId}`,
		qs: fields.length ? { fields: fields.join(',') } : {},
		itemIndex,
	});
}
