import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { RECIPIENT_MODE } from '../../messaging/recipient';
import type { OutgoingMessage } from '../../messaging/send';
import type { OperationOption } from '../operation';
import { envelope, fail, outgoing, sendProperties, showFor, sending } from './common';

const show = showFor('sendReaction');

export const option: OperationOption = {
	name: 'Send Reaction',
	value: 'sendReaction',
	description: 'React to a message with an emoji, or remove the reaction',
	action: 'Send reaction',
};

export const description: INodeProperties[] = [
	...sendProperties('sendReaction').filter((p) => p.name !== 'quoteTriggerMessage'),
	{
		displayName: 'Action',
		name: 'reactionAction',
		type: 'options',
		noDataExpression: true,
		default: 'react',
		description: 'Whether to add a reaction or remove the one sent before',
		displayOptions: { show },
		options: [
			{ name: 'React', value: 'react', description: 'Put an emoji on the message' },
			{
				name: 'Remove Reaction',
				value: 'remove',
				description: 'Take your earlier reaction off the message',
			},
		],
	},
	{
		displayName: 'Emoji',
		name: 'emoji',
		type: 'string',
		required: true,
		default: '👍',
		description: 'One emoji to react with',
		displayOptions: { show: { ...show, reactionAction: ['react'] } },
	},
	{
		displayName: 'Message ID',
		name: 'reactToMessageId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
		description:
			'The wamid of the message to react to; replying to a trigger item reacts to its message',
		displayOptions: {
			show: {
				...show,
				recipientMode: [RECIPIENT_MODE.phone, RECIPIENT_MODE.userId, RECIPIENT_MODE.parentUserId],
			},
		},
	},
];

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** One emoji (one grapheme, not a letter, digit or punctuation), as Meta's reaction takes it. */
function checkedEmoji(context: IExecuteFunctions, itemIndex: number, raw: string): string {
	const emoji = raw.trim();
	const graphemes = [...segmenter.segment(emoji)].length;
	if (graphemes !== 1 || !/\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(emoji)) {
		fail(
			context,
			itemIndex,
			`Emoji must be exactly one emoji, got "${emoji}"`,
			'Choose Action > Remove Reaction to take a reaction off.',
		);
	}
	return emoji;
}

async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OutgoingMessage> {
	const action = this.getNodeParameter('reactionAction', itemIndex, 'react') as string;
	const emoji =
		action === 'remove'
			? ''
			: checkedEmoji(this, itemIndex, String(this.getNodeParameter('emoji', itemIndex, '') ?? ''));
	const { target, fields } = envelope(this, itemIndex);
	const mode = this.getNodeParameter(
		'recipientMode',
		itemIndex,
		RECIPIENT_MODE.triggerItem,
	) as string;
	const messageId =
		mode === RECIPIENT_MODE.triggerItem
			? target.messageId
			: String(this.getNodeParameter('reactToMessageId', itemIndex, '') ?? '').trim();
	if (!messageId)
		fail(
			this,
			itemIndex,
			mode === RECIPIENT_MODE.triggerItem
				? 'Trigger Item has no message ID to react to'
				: 'Message ID is empty',
		);
	return outgoing(target, fields, 'reaction', { message_id: messageId, emoji });
}

export const execute = sending(prepare);
