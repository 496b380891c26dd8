import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId, getPin, normalizeSuccess, PIN_REGEX } from '../common';
import type { OperationOption } from '../operation';

const show = { resource: ['phoneNumber'], operation: ['register'] };

/** The six-digit PIN field of an operation. */
export function pinProperty(operation: string, description: string): INodeProperties {
	return {
		displayName: 'PIN',
		name: 'pin',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		placeholder: 'e.g. 123456',
		description,
		displayOptions: { show: { resource: ['phoneNumber'], operation: [operation] } },
		validation: [
			{ type: 'regex', properties: { regex: PIN_REGEX, errorMessage: 'The PIN is six digits' } },
		],
	} as INodeProperties;
}

export const option: OperationOption = {
	name: 'Register',
	value: 'register',
	description:
		'Register a verified business number for the Cloud API, with its two-step verification PIN',
	action: 'Register phone number',
};

export const description: INodeProperties[] = [
	pinProperty(
		'register',
		"Six digits: the number's two-step verification PIN if it has one, otherwise the PIN to set for it",
	),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Data Localization Region',
				name: 'dataLocalizationRegion',
				type: 'string',
				default: '',
				placeholder: 'e.g. DE',
				description:
					"Two-letter country code of the region where Meta stores this number's message data at rest (Local Storage)",
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const phoneNumberId = getGraphId(this, 'phoneNumberId', itemIndex, 'Phone Number ID');
	const pin = getPin(this, 'pin', itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const json: IDataObject = { messaging_product: 'whatsapp', pin };
	const region = String(options.dataLocalizationRegion ?? '')
		.trim()
		.toUpperCase();
	if (region) json.data_localization_region = region;
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'POST',
		path: `/${phoneNumberId}/register`,
		json,
		itemIndex,
	});
	return normalizeSuccess(answer);
}
