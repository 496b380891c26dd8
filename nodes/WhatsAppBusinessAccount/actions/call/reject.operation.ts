import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../operation';
import { callAction, getCallId } from './common';

export const option: OperationOption = {
	name: 'Reject',
	value: 'reject',
	description: "Decline a customer's call before it is answered; the caller hears it end",
	action: 'Reject call',
};

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const callId = getCallId(this, itemIndex);
	return { callId, ...(await callAction(this, itemIndex, { call_id: callId, action: 'reject' })) };
}
