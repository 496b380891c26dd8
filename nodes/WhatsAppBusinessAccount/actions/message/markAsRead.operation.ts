import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getReplyTarget, getSenderPhoneNumberId, senderProperty } from '../../messaging/recipient';
import type { OutgoingMessage, SendAnswer } from '../../messaging/send';
import type { OperationOption } from '../operation';
import { fail, showFor, sending } from './common';

const show = showFor('markAsRead');

export const option: OperationOption = {
	name: 'Mark as Read',
	value: 'markAsRead',
	description:
		'Mark a received message as read (blue ticks), optionally with a typing indicator until the reply is sent',
	action: 'Mark message as read',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Message',
		name: 'readMode',
		type: 'options',
		noDataExpression: true,
		default: 'triggerItem',
		description: 'Which received message to mark as read',
		displayOptions: { show },
		options: [
			{
				name: 'From Trigger Item',
				value: 'triggerItem',
				description: "The customer's message of a WhatsApp Business Account Trigger item",
			},
			{
				name: 'By ID',
				value: 'id',
				description: 'A message ID (wamid) and the business phone number it arrived on',
			},
		],
	},
	{
		displayName: 'Trigger Item',
		name: 'triggerItem',
		type: 'json',
		default: '={{ $json }}',
		description:
			"The trigger item with the customer's message: a message item or a messages change item. The default is the incoming item itself.",
		displayOptions: { show: { ...show, readMode: ['triggerItem'] } },
	},
	senderProperty({ ...show, readMode: ['id'] }),
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
		description: "The wamid of the received message, as in the trigger item's message ID",
		displayOptions: { show: { ...show, readMode: ['id'] } },
	},
	{
		displayName: 'Show Typing Indicator',
		name: 'typingIndicator',
		type: 'boolean',
		default: false,
		description:
			'Whether to also show "typing…" to the customer until you reply or for up to 25 seconds; use it only when a reply follows',
		displayOptions: { show },
	},
];

async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OutgoingMessage> {
	const mode = this.getNodeParameter('readMode', itemIndex, 'triggerItem') as string;
	let phoneNumberId: string;
	let messageId: string;
	if (mode === 'triggerItem') {
		const target = getReplyTarget(this, itemIndex);
		if (!target.isCustomerMessage || !target.messageId) {
			fail(
				this,
				itemIndex,
				"Trigger Item is not a customer's message, so there is nothing to mark as read",
				'Status items (sent, delivered, read, failed) are about your own messages; filter them out before this node.',
			);
		}
		phoneNumberId = target.phoneNumberId;
		messageId = target.messageId!;
	} else {
		phoneNumberId = getSenderPhoneNumberId(this, itemIndex);
		messageId = String(this.getNodeParameter('messageId', itemIndex, '') ?? '').trim();
		if (!messageId) fail(this, itemIndex, 'Message ID is empty');
	}
	const typing = this.getNodeParameter('typingIndicator', itemIndex, false) as boolean;
	return {
		phoneNumberId,
		payload: {
			status: 'read',
			message_id: messageId,
			...(typing ? { typing_indicator: { type: 'text' } } : {}),
		},
	};
}

/** The output of a mark-as-read: whether Meta took it, for which message and number. */
function readOutcome(message: OutgoingMessage, answer: SendAnswer): IDataObject {
	return {
		success: answer.success === true,
		messageId: message.payload.message_id,
		phoneNumberId: message.phoneNumberId,
		typingIndicator: message.payload.typing_indicator !== undefined,
	};
}

export const execute = sending(prepare, readOutcome);
