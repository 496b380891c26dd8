import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../operation';
import { getCallPhoneNumberId, showFor } from './common';
import { customerWaId, permissionOutput, readCallPermission } from './permission';

export const option: OperationOption = {
	name: 'Get Permission',
	value: 'getPermission',
	description:
		'Whether a customer lets this number call them (temporary or permanent, until when), and whether a call or a permission request may be sent now',
	action: 'Get call permission',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Customer Phone Number',
		name: 'customerPhone',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. +16505551234',
		description:
			"The customer's WhatsApp phone number with its country code (+ optional); a trigger item gives it as customer.phone",
		displayOptions: { show: showFor('getPermission') },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const phoneNumberId = getCallPhoneNumberId(this, itemIndex);
	const userWaId = customerWaId(
		this,
		itemIndex,
		this.getNodeParameter('customerPhone', itemIndex, ''),
		'Customer Phone Number',
	);
	return permissionOutput(
		userWaId,
		await readCallPermission(this, itemIndex, phoneNumberId, userWaId),
	);
}
