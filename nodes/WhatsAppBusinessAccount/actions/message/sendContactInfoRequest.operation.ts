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

const show = showFor('sendContactInfoRequest');

export const option: OperationOption = {
	name: 'Send Contact Info Request',
	value: 'sendContactInfoRequest',
	description: `Ask a customer to share their phone number with one tap (interactive request_contact_info, in the customer-service window) ${TO_ANY_RECIPIENT}`,
	action: 'Send contact info request',
};

export const description: INodeProperties[] = [
	...sendProperties('sendContactInfoRequest'),
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		placeholder: 'e.g. Please share your phone number so we can call you back',
		description:
			'Why you want their number, up to 1024 characters; WhatsApp adds its own Share contact info button under it. The answer arrives on the trigger as a contacts item with origin contact_request.',
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
		type: 'request_contact_info',
		action: { name: 'request_contact_info' },
		body: { text },
	});
}

export const execute = sending(prepare);
