import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../operation';
import { callAction, getCallId, getSdp, sdpProperty } from './common';

export const option: OperationOption = {
	name: 'Pre-Accept',
	value: 'preAccept',
	description:
		"Start connecting the media of a customer's call before answering it, so no audio is clipped when you accept",
	action: 'Preaccept call',
};

export const description: INodeProperties[] = [sdpProperty('preAccept', 'answer')];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const callId = getCallId(this, itemIndex);
	const sdp = getSdp(this, itemIndex, 'SDP Answer');
	return {
		callId,
		...(await callAction(this, itemIndex, {
			call_id: callId,
			action: 'pre_accept',
			session: { sdp_type: 'answer', sdp },
		})),
	};
}
