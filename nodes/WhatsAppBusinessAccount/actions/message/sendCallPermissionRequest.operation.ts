import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OutgoingMessage } from '../../messaging/send';
import type { OperationOption } from '../operation';
import {
	envelope,
	LIMITS,
	outgoing,
	requiredText,
	sendOptions,
	sendProperties,
	showFor,
	sending,
	TO_ANY_RECIPIENT,
} from './common';

const show = showFor('sendCallPermissionRequest');

export const option: OperationOption = {
	name: 'Send Call Permission Request',
	value: 'sendCallPermissionRequest',
	description: `Ask a customer to let this number call them (interactive call_permission_request, in the customer-service window) ${TO_ANY_RECIPIENT}`,
	action: 'Send call permission request',
};

export const description: INodeProperties[] = [
	...sendProperties('sendCallPermissionRequest'),
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		placeholder: 'e.g. May we call you about your order ON-12853?',
		description:
			'Why you want to call, up to 1024 characters; WhatsApp shows the allow and decline buttons under it. The answer arrives on the trigger as a call_permission_reply item.',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: sendOptions(),
	},
];

async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OutgoingMessage> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const text = requiredText(this, itemIndex, 'text', 'Text', LIMITS.interactiveBody);
	const { target, fields } = envelope(this, itemIndex, options);
	return outgoing(target, fields, 'interactive', {
		type: 'call_permission_request',
		action: { name: 'call_permission_request' },
		body: { text },
	});
}

export const execute = sending(prepare);
