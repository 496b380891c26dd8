import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../operation';
import {
	callAction,
	getCallOpaqueData,
	getCallPhoneNumberId,
	getSdp,
	sdpProperty,
	showFor,
	trackingDataOption,
} from './common';
import { customerWaId, readCallPermission, startCallRefusal } from './permission';

const show = showFor('start');

export const option: OperationOption = {
	name: 'Start',
	value: 'start',
	description:
		"Call a customer who gave this number permission, with your media system's SDP offer; the answer arrives on the trigger",
	action: 'Start call',
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
		displayOptions: { show },
	},
	sdpProperty('start', 'offer'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Check Permission First',
				name: 'checkPermission',
				type: 'boolean',
				default: false,
				description:
					"Whether to ask Meta for the customer's call permission first and not call when Meta would refuse (one more request, counted in Meta's limit on permission reads)",
			},
			trackingDataOption,
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const phoneNumberId = getCallPhoneNumberId(this, itemIndex);
	const to = customerWaId(
		this,
		itemIndex,
		this.getNodeParameter('customerPhone', itemIndex, ''),
		'Customer Phone Number',
	);
	const sdp = getSdp(this, itemIndex, 'SDP Offer');
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const opaque = getCallOpaqueData(this, itemIndex, options);
	if (options.checkPermission === true) {
		const refusal = startCallRefusal(await readCallPermission(this, itemIndex, phoneNumberId, to));
		if (refusal)
			throw new NodeOperationError(this.getNode(), refusal, {
				itemIndex,
				description:
					'No call was placed. Call > Get Permission shows the permission and the limits.',
			});
	}
	const answer = await callAction(this, itemIndex, {
		to,
		action: 'connect',
		session: { sdp_type: 'offer', sdp },
		...opaque,
	});
	const calls = Array.isArray(answer.calls) ? (answer.calls as IDataObject[]) : [];
	return { callId: calls[0]?.id ?? null, to, ...answer };
}
