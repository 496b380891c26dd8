import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	getMessageTarget,
	RECIPIENT_MODE,
	recipientBody,
	recipientProperties,
} from '../../messaging/recipient';
import type { MessageTarget } from '../../messaging/recipient';
import { postMessage, sendOutcome } from '../../messaging/send';
import type { OutgoingMessage, SendAnswer } from '../../messaging/send';
import type { ItemOperation } from '../operation';

/**
 * Meta's limits for what it refuses (Messages API and interactive message references),
 * checked before anything is sent.
 */
export const LIMITS = {
	textBody: 4096,
	caption: 1024,
	interactiveBody: 1024,
	header: 60,
	footer: 60,
	buttonCount: 3,
	buttonTitle: 20,
	buttonId: 256,
	listButton: 20,
	listSections: 10,
	listRows: 10,
	sectionTitle: 24,
	rowTitle: 24,
	rowDescription: 72,
	rowId: 200,
	ctaDisplayText: 20,
	opaqueData: 512,
} as const;

export const showFor = (operation: string) => ({ resource: ['message'], operation: [operation] });

/** The end of a send operation's entry in the Operation list: whom it can address. */
export const TO_ANY_RECIPIENT =
	'to a phone number or BSUID, or as a reply to a WhatsApp Business Account Trigger item';

/** Prepares one item's message: checked, its media uploaded, nothing sent yet. */
export type MessagePreparer = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<OutgoingMessage>;

/**
 * A Message operation's `execute`: the message `prepare` builds for the item is sent, and the
 * item's output is `outcome` of the message and Meta's answer (by default the wamid and
 * recipient). Items are sent one after the other, as the router runs them.
 */
export function sending(
	prepare: MessagePreparer,
	outcome: (message: OutgoingMessage, answer: SendAnswer) => IDataObject = sendOutcome,
): ItemOperation['execute'] {
	return async function (this: IExecuteFunctions, itemIndex: number) {
		const message = await prepare.call(this, itemIndex);
		return outcome(message, await postMessage(this, message, itemIndex));
	};
}

export function fail(
	context: IExecuteFunctions,
	itemIndex: number,
	message: string,
	description?: string,
): never {
	throw new NodeOperationError(context.getNode(), message, {
		itemIndex,
		...(description ? { description } : {}),
	});
}

/** Refuses a text longer than Meta takes, naming the parameter and the limit. */
export function checkLength(
	context: IExecuteFunctions,
	itemIndex: number,
	label: string,
	value: string,
	max: number,
): string {
	const length = [...value].length;
	if (length > max)
		fail(context, itemIndex, `${label} is ${length} characters; WhatsApp allows at most ${max}`);
	return value;
}

/** A required text: trimmed, not empty, within Meta's limit. */
export function requiredText(
	context: IExecuteFunctions,
	itemIndex: number,
	name: string,
	label: string,
	max: number,
): string {
	const value = String(context.getNodeParameter(name, itemIndex, '') ?? '');
	if (!value.trim()) fail(context, itemIndex, `${label} is empty`);
	return checkLength(context, itemIndex, label, value, max);
}

/** A value as quoted in an error message: long ones (a data URL, a pasted file) cut short. */
function quoted(value: string): string {
	return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

function isHttpUrl(value: string): boolean {
	try {
		const { protocol } = new URL(value);
		return protocol === 'https:' || protocol === 'http:';
	} catch {
		return false;
	}
}

/** An http(s) link, refused otherwise. */
export function checkedLink(
	context: IExecuteFunctions,
	itemIndex: number,
	label: string,
	value: string,
): string {
	const link = value.trim();
	if (!isHttpUrl(link))
		fail(context, itemIndex, `${label} must be an http or https URL, got ${quoted(link)}`);
	return link;
}

/** How a media value is given: a link, a media ID, or either (digits are an ID, anything else a link). */
export type MediaReferenceKind = 'url' | 'id' | 'either';

/**
 * A media object's `link` or `id` (Send Media, an interactive header, a template's media
 * header), trimmed and checked the same way for all: a link must be http(s), a media ID digits
 * only. `refuse` throws the caller's error with the message, which names `label`.
 */
export function mediaReference(
	kind: MediaReferenceKind,
	raw: string,
	label: string,
	refuse: (message: string) => never,
): { link: string } | { id: string } {
	const value = raw.trim();
	const isId = /^[0-9]+$/.test(value);
	if (kind === 'id' || (kind === 'either' && isId)) {
		if (!isId) refuse(`${label} must be digits only, got ${quoted(value)}`);
		return { id: value };
	}
	if (!isHttpUrl(value)) refuse(`${label} must be an http or https URL, got ${quoted(value)}`);
	return { link: value };
}

/** Sender, recipient and the quote for a send operation; `group` for the types Meta delivers to groups. */
export function sendProperties(
	operation: string,
	options: { group?: boolean } = {},
): INodeProperties[] {
	const show = showFor(operation);
	return [
		...recipientProperties(show, options),
		{
			displayName: "Quote the Customer's Message",
			name: 'quoteTriggerMessage',
			type: 'boolean',
			default: false,
			description:
				"Whether to show this message as a reply to the customer's message of the trigger item (WhatsApp shows it quoted)",
			displayOptions: { show: { ...show, recipientMode: [RECIPIENT_MODE.triggerItem] } },
		},
	];
}

/** The options every send has: a message to quote and data for the status webhooks. */
export function sendOptions(): INodeProperties[] {
	return [
		{
			displayName: 'Quoted Message ID',
			name: 'quotedMessageId',
			type: 'string',
			default: '',
			placeholder: 'e.g. wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
			description:
				'The wamid of a message in this conversation to show this one as a reply to (context.message_id)',
		},
		{
			displayName: 'Tracking Data',
			name: 'bizOpaqueCallbackData',
			type: 'string',
			default: '',
			description:
				"Up to 512 characters Meta hands back in this message's status items (biz_opaque_callback_data), to match them",
		},
	];
}

/** The message body's addressing and `context`, from the item's target and options. */
export function envelope(
	context: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject = {},
): { target: MessageTarget; fields: IDataObject } {
	const target = getMessageTarget(context, itemIndex);
	const fields: IDataObject = { ...recipientBody(target.recipient) };
	const quoted = String(options.quotedMessageId ?? '').trim();
	const mode = context.getNodeParameter(
		'recipientMode',
		itemIndex,
		RECIPIENT_MODE.triggerItem,
	) as string;
	const quoteTrigger =
		mode === RECIPIENT_MODE.triggerItem &&
		(context.getNodeParameter('quoteTriggerMessage', itemIndex, false) as boolean);
	if (quoted) {
		fields.context = { message_id: quoted };
	} else if (quoteTrigger) {
		if (!target.messageId)
			fail(
				context,
				itemIndex,
				'Trigger Item has no message ID to quote',
				"Turn off Quote the Customer's Message, or point Trigger Item at a message item.",
			);
		fields.context = { message_id: target.messageId };
	}
	const opaque = String(options.bizOpaqueCallbackData ?? '');
	if (opaque)
		fields.biz_opaque_callback_data = checkLength(
			context,
			itemIndex,
			'Tracking Data',
			opaque,
			LIMITS.opaqueData,
		);
	return { target, fields };
}

/** The standard shape of a prepared send: envelope fields, then the type and its object. */
export function outgoing(
	target: MessageTarget,
	fields: IDataObject,
	type: string,
	content: IDataObject,
): OutgoingMessage {
	return { phoneNumberId: target.phoneNumberId, payload: { ...fields, type, [type]: content } };
}
