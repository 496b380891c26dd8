import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OutgoingMessage } from '../../messaging/send';
import type { OperationOption } from '../operation';
import {
	envelope,
	TO_ANY_RECIPIENT,
	LIMITS,
	outgoing,
	requiredText,
	sendOptions,
	sendProperties,
	showFor,
	sending,
} from './common';

const show = showFor('sendText');

export const option: OperationOption = {
	name: 'Send Text',
	value: 'sendText',
	description: `Send a text message (up to 4096 characters, optional link preview) ${TO_ANY_RECIPIENT}`,
	action: 'Send text message',
};

export const description: INodeProperties[] = [
	// Meta delivers text, media and templates to groups ("Group messaging")
	...sendProperties('sendText', { group: true }),
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description:
			'The message, up to 4096 characters; WhatsApp formatting such as *bold* and _italic_ works',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Link Preview',
				name: 'previewUrl',
				type: 'boolean',
				default: false,
				description: 'Whether to show a preview of the first http(s) link in the text',
			},
			...sendOptions(),
		],
	},
];

async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OutgoingMessage> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const body = requiredText(this, itemIndex, 'text', 'Text', LIMITS.textBody);
	const { target, fields } = envelope(this, itemIndex, options);
	return outgoing(target, fields, 'text', {
		body,
		...(options.previewUrl === true ? { preview_url: true } : {}),
	});
}

export const execute = sending(prepare);
