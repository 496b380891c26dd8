import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../operation';
import {
	callAction,
	getCallId,
	getCallOpaqueData,
	getSdp,
	sdpProperty,
	showFor,
	trackingDataOption,
} from './common';

export const option: OperationOption = {
	name: 'Accept',
	value: 'accept',
	description:
		"Answer a customer's call with your media system's SDP answer; the audio flows between WhatsApp and that system",
	action: 'Accept call',
};

export const description: INodeProperties[] = [
	sdpProperty('accept', 'answer'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: showFor('accept') },
		options: [trackingDataOption],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const callId = getCallId(this, itemIndex);
	const sdp = getSdp(this, itemIndex, 'SDP Answer');
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		callId,
		...(await callAction(this, itemIndex, {
			call_id: callId,
			action: 'accept',
			session: { sdp_type: 'answer', sdp },
			...getCallOpaqueData(this, itemIndex, options),
		})),
	};
}
