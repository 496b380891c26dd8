import type { INodeProperties } from 'n8n-workflow';

import type { MessagePreparer } from './common';
import * as markAsRead from './markAsRead.operation';
import * as sendContacts from './sendContacts.operation';
import * as sendInteractive from './sendInteractive.operation';
import * as sendLocation from './sendLocation.operation';
import * as sendMedia from './sendMedia.operation';
import * as sendReaction from './sendReaction.operation';
import * as sendText from './sendText.operation';
import { description as sendTemplateDescription } from './sendTemplate.operation';

export { executeMessageBatch } from './batch';

/** Each operation prepares an item's message; executeMessageBatch sends them. */
export const preparers: Record<string, MessagePreparer> = {
	sendText: sendText.prepare,
	sendMedia: sendMedia.prepare,
	sendInteractive: sendInteractive.prepare,
	sendLocation: sendLocation.prepare,
	sendContacts: sendContacts.prepare,
	sendReaction: sendReaction.prepare,
	markAsRead: markAsRead.prepare,
};

const TO = 'to a phone number or BSUID, or as a reply to a WhatsApp Business Account Trigger item';

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['message'] } },
	options: [
		{
			name: 'Mark as Read',
			value: 'markAsRead',
			description:
				'Mark a received message as read (blue ticks), optionally with a typing indicator until the reply is sent',
			action: 'Mark message as read',
		},
		{
			name: 'Send Contacts',
			value: 'sendContacts',
			description: `Send a contact card with name, phone numbers, email and company ${TO}`,
			action: 'Send contact card',
		},
		{
			name: 'Send Interactive',
			value: 'sendInteractive',
			description: `Send reply buttons, a list, a call-to-action URL button, a WhatsApp Flow or a location request ${TO}`,
			action: 'Send interactive message',
		},
		{
			name: 'Send Location',
			value: 'sendLocation',
			description: `Send a map pin with optional name and address ${TO}`,
			action: 'Send location',
		},
		{
			name: 'Send Media',
			value: 'sendMedia',
			description: `Send an image, video, audio, document or sticker from binary data, a URL or a media ID ${TO}`,
			action: 'Send media message',
		},
		{
			name: 'Send Reaction',
			value: 'sendReaction',
			description: 'React to a message with an emoji, or remove the reaction',
			action: 'Send reaction',
		},
		{
			name: 'Send Template',
			value: 'sendTemplate',
			description:
				'Send an approved template, its variables filled as fields, to every input item at a set pace',
			action: 'Send template message',
		},
		{
			name: 'Send Text',
			value: 'sendText',
			description: `Send a text message (up to 4096 characters, optional link preview) ${TO}`,
			action: 'Send text message',
		},
	],
	default: 'sendText',
};

export const description: INodeProperties[] = [
	...sendText.description,
	...sendMedia.description,
	...sendInteractive.description,
	...sendLocation.description,
	...sendContacts.description,
	...sendReaction.description,
	...markAsRead.description,
	...sendTemplateDescription,
];
