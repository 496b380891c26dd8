/**
 * Who a message goes to and from which business number: the fields the editor shows, and
 * the body fields Meta's Messages API takes. Meta's reference (business-scoped user IDs):
 * `to` takes a phone number, `recipient` a BSUID or parent BSUID; when both are sent, `to`
 * wins. A group (Groups API, "Group messaging") goes as `recipient_type: group` with its ID
 * in `to`. A reply to a trigger item reads the phone number ID, the customer and the message
 * ID from the item, whichever shape it has (see replyTarget.ts).
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { GRAPH_ID_REGEX } from '../../shared/descriptions';
import { replyTargetFromItem } from './replyTarget';
import type { Recipient, ReplyTarget } from './replyTarget';

export type { Recipient, RecipientKind, ReplyTarget } from './replyTarget';

export const RECIPIENT_MODE = {
	triggerItem: 'triggerItem',
	phone: 'phone',
	userId: 'userId',
	parentUserId: 'parentUserId',
	group: 'group',
} as const;

const GRAPH_ID = new RegExp(GRAPH_ID_REGEX);
/** A phone number as people write it: digits with an optional +, spaces, dashes, dots, brackets. */
const PHONE_WRITTEN = /^\+?[0-9 ()./-]+$/;
/** A WhatsApp ID as webhooks carry it (`wa_id`, `from`): digits, country code first (a + tolerated). */
const WHATSAPP_ID = /^\+?[0-9]+$/;
/** Meta's group IDs: base64-like text ("Y2FwaV9ncm91cDox…"); it goes into `to`, never into a path. */
const GROUP_ID = /^[A-Za-z0-9_=-]+$/;
/** Meta's BSUIDs: a two-letter country code, a period, then letters and digits ("US.13491208655302741918"; parents "US.ENT.…"). */
const BSUID = /^[A-Z]{2}\.[A-Za-z0-9][A-Za-z0-9._-]*$/;

type Show = Record<string, string[]>;

/** The sender (a business phone number) and the recipient, shown for the given operations. */
export function recipientProperties(
	show: Show,
	options: { triggerItemHint?: string; group?: boolean } = {},
): INodeProperties[] {
	const explicit = {
		...show,
		recipientMode: [
			RECIPIENT_MODE.phone,
			RECIPIENT_MODE.userId,
			RECIPIENT_MODE.parentUserId,
			...(options.group ? [RECIPIENT_MODE.group] : []),
		],
	};
	return [
		{
			displayName: 'Send To',
			name: 'recipientMode',
			type: 'options',
			noDataExpression: true,
			default: 'triggerItem',
			description: 'Who gets the message, and from which business number',
			displayOptions: { show },
			options: [
				{
					name: 'Reply to Trigger Item',
					value: RECIPIENT_MODE.triggerItem,
					description:
						'The customer who wrote the message of a WhatsApp Business Account Trigger item, from the number it arrived on: phone number when Meta sent one, else the BSUID',
				},
				{
					name: 'Phone Number',
					value: RECIPIENT_MODE.phone,
					description: 'A WhatsApp phone number, best with + and country code',
				},
				{
					name: 'User ID (BSUID)',
					value: RECIPIENT_MODE.userId,
					description:
						'A business-scoped user ID (user_id), for a customer who shares only a username',
				},
				{
					name: 'Parent User ID (BSUID)',
					value: RECIPIENT_MODE.parentUserId,
					description:
						'A parent business-scoped user ID (parent_user_id), shared across linked business portfolios',
				},
				...(options.group
					? [
							{
								name: 'Group',
								value: RECIPIENT_MODE.group,
								description:
									'A WhatsApp group of the business number (Groups API), by its group ID',
							},
						]
					: []),
			],
		},
		{
			displayName: 'Trigger Item',
			name: 'triggerItem',
			type: 'json',
			default: '={{ $json }}',
			description:
				options.triggerItemHint ??
				'The trigger item to answer: a message item (Output: one item per message) or a messages change item. The default is the incoming item itself.',
			displayOptions: { show: { ...show, recipientMode: [RECIPIENT_MODE.triggerItem] } },
		},
		senderProperty(explicit),
		{
			displayName: 'Phone Number',
			name: 'recipientPhoneNumber',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. +16505551234',
			description: "The customer's WhatsApp phone number, starting with + and the country code",
			hint: "Without +, WhatsApp reads the number as local to the From Phone Number's country and adds that country code",
			displayOptions: { show: { ...show, recipientMode: [RECIPIENT_MODE.phone] } },
		},
		{
			displayName: 'User ID (BSUID)',
			name: 'recipientUserId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. US.13491208655302741918',
			description:
				"The customer's business-scoped user ID, as in user_id or from_user_id of a webhook",
			displayOptions: { show: { ...show, recipientMode: [RECIPIENT_MODE.userId] } },
		},
		{
			displayName: 'Parent User ID (BSUID)',
			name: 'recipientParentUserId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. US.ENT.11815799212886844830',
			description:
				"The customer's parent business-scoped user ID, as in parent_user_id of a webhook",
			displayOptions: { show: { ...show, recipientMode: [RECIPIENT_MODE.parentUserId] } },
		},
		...(options.group
			? [
					{
						displayName: 'Group ID',
						name: 'recipientGroupId',
						type: 'string' as const,
						required: true,
						default: '',
						placeholder: 'e.g. Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD',
						description:
							'The group to send to: Group > Get Many lists the groups of the number; only text, media and templates reach groups',
						displayOptions: { show: { ...show, recipientMode: [RECIPIENT_MODE.group] } },
					},
				]
			: []),
	];
}

/** The business phone number a message goes out from: picked from the account's numbers or by ID. */
export function senderProperty(show: Show): INodeProperties {
	return {
		displayName: 'From Phone Number',
		name: 'senderPhoneNumberId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description:
			'The business phone number that sends (its phone number ID, not the number itself)',
		displayOptions: { show },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a phone number...',
				typeOptions: { searchListMethod: 'searchBusinessPhoneNumbers', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 106540352242922',
				hint: 'WhatsApp Manager > Phone Numbers, or Phone Number > Get Many, shows the ID',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^[0-9]+$', errorMessage: 'A phone number ID is digits only' },
					},
				],
			},
		],
	};
}

/**
 * A business phone number ID, digits only, wherever it comes from (From Phone Number, a
 * trigger item): it becomes the path of the send, so anything else (`me`, a page ID with a
 * path) would post to another Graph node. `label` names where the value came from.
 */
export function checkedPhoneNumberId(
	context: IExecuteFunctions,
	raw: unknown,
	label: string,
	itemIndex: number,
	description?: string,
): string {
	const phoneNumberId = String(raw ?? '').trim();
	if (!GRAPH_ID.test(phoneNumberId)) {
		throw new NodeOperationError(
			context.getNode(),
			`${label} must be a phone number ID, digits only, got ${JSON.stringify(phoneNumberId)}`,
			{ itemIndex, ...(description ? { description } : {}) },
		);
	}
	return phoneNumberId;
}

/** The From Phone Number parameter: a phone number ID, digits only. */
export function getSenderPhoneNumberId(context: IExecuteFunctions, itemIndex: number): string {
	const raw = context.getNodeParameter('senderPhoneNumberId', itemIndex, '', {
		extractValue: true,
	}) as unknown;
	return checkedPhoneNumberId(context, raw, 'From Phone Number', itemIndex);
}

/** The body fields that address a message: `to` for a phone number, `recipient` for a BSUID. */
export function recipientBody(recipient: Recipient): IDataObject {
	if (recipient.kind === 'group') return { recipient_type: 'group', to: recipient.value };
	return recipient.kind === 'phone'
		? { recipient_type: 'individual', to: recipient.value }
		: { recipient_type: 'individual', recipient: recipient.value };
}

/**
 * A phone number as Meta reads it, or why it is not one. Meta's "WhatsApp user phone number
 * formats" (Cloud API, phone numbers reference): "If the plus sign is omitted, your business
 * phone number's country calling code is prepended to the customer's phone number." So the
 * plus sign decides: a number with + goes as E.164 (+ and digits), one without stays without
 * (Meta reads it as local to the sending number's country); separators are dropped either way.
 * `international`: a WhatsApp ID read from a trigger item (digits, country code first); only
 * digits (and a leading +) are taken, and it goes with a + so that Meta adds nothing.
 */
export function normalizePhoneNumber(
	raw: string,
	international = false,
): { value?: string; problem?: string } {
	const text = raw.trim();
	if (!text) return { problem: 'is empty' };
	if (international && !WHATSAPP_ID.test(text))
		return { problem: `must be a WhatsApp ID (digits, country code first), got "${text}"` };
	if (!PHONE_WRITTEN.test(text))
		return {
			problem: `must be a phone number such as +16505551234 (+, country code, number), got "${text}"`,
		};
	// "+44 (0)20 7946 0958": the bracketed 0 is the national trunk prefix, written for callers
	// inside the country and never dialled after the country code
	const digits = (text.startsWith('+') ? text.replace(/\(\s*0\s*\)/g, '') : text).replace(
		/[^0-9]/g,
		'',
	);
	if (digits.length < 7 || digits.length > 15)
		return { problem: `must have 7 to 15 digits, got "${text}"` };
	return { value: international || text.startsWith('+') ? `+${digits}` : digits };
}

export function bsuidProblem(raw: string): string | undefined {
	const text = raw.trim();
	if (!text) return 'is empty';
	if (!BSUID.test(text))
		return `must look like "US.13491208655302741918" (country code, period, ID), got "${text}"`;
	return undefined;
}

/** Checks a recipient and returns it as Meta takes it, or throws naming the parameter. */
export function checkedRecipient(
	context: IExecuteFunctions,
	recipient: Recipient,
	parameter: string,
	itemIndex: number,
): Recipient {
	if (recipient.kind === 'phone') {
		const { value, problem } = normalizePhoneNumber(recipient.value, recipient.international);
		if (problem)
			throw new NodeOperationError(context.getNode(), `${parameter} ${problem}`, { itemIndex });
		return { kind: 'phone', value: value! };
	}
	if (recipient.kind === 'group') {
		const groupId = recipient.value.trim();
		if (!GROUP_ID.test(groupId))
			throw new NodeOperationError(
				context.getNode(),
				`${parameter} must be a WhatsApp group ID such as Y2FwaV9ncm91cDox…, got "${groupId}"`,
				{ itemIndex },
			);
		return { kind: 'group', value: groupId };
	}
	const problem = bsuidProblem(recipient.value);
	if (problem)
		throw new NodeOperationError(context.getNode(), `${parameter} ${problem}`, { itemIndex });
	return { kind: recipient.kind, value: recipient.value.trim() };
}

export interface MessageTarget {
	phoneNumberId: string;
	recipient: Recipient;
	/** The message the target came from (a trigger item's message), to quote or mark as read. */
	messageId?: string;
}

/** The item a reply answers, read from the Trigger Item parameter; throws naming it when it is not one. */
export function getReplyTarget(context: IExecuteFunctions, itemIndex: number): ReplyTarget {
	const raw = context.getNodeParameter('triggerItem', itemIndex, {}) as unknown;
	let item = raw;
	if (typeof raw === 'string') {
		try {
			item = JSON.parse(raw) as unknown;
		} catch {
			throw new NodeOperationError(context.getNode(), 'Trigger Item is not a JSON object', {
				itemIndex,
			});
		}
	}
	const target = replyTargetFromItem(item);
	if ('problem' in target) {
		throw new NodeOperationError(
			context.getNode(),
			`Trigger Item is not a message to reply to: ${target.problem}`,
			{ itemIndex, description: TRIGGER_ITEM_FIX },
		);
	}
	// the item, not the node's settings, names the number to send from: checked as strictly
	checkedPhoneNumberId(
		context,
		target.phoneNumberId,
		`Trigger Item's ${target.from.phoneNumberId}`,
		itemIndex,
		`Nothing was sent. ${TRIGGER_ITEM_FIX}`,
	);
	return target;
}

const TRIGGER_ITEM_FIX =
	"Point Trigger Item at an item of the WhatsApp Business Account Trigger with a customer's message (field messages), such as {{ $('WhatsApp Trigger').item.json }}, or choose Send To > Phone Number or BSUID.";

/** The sender, recipient and (for replies) the message answered, for the item. */
export function getMessageTarget(context: IExecuteFunctions, itemIndex: number): MessageTarget {
	const mode = context.getNodeParameter(
		'recipientMode',
		itemIndex,
		RECIPIENT_MODE.triggerItem,
	) as string;
	if (mode === RECIPIENT_MODE.triggerItem) {
		const target = getReplyTarget(context, itemIndex);
		return {
			phoneNumberId: target.phoneNumberId,
			recipient: checkedRecipient(
				context,
				target.recipient,
				`Trigger Item's ${target.from.recipient}`,
				itemIndex,
			),
			messageId: target.messageId,
		};
	}
	const phoneNumberId = getSenderPhoneNumberId(context, itemIndex);
	const [parameter, label, kind] =
		mode === RECIPIENT_MODE.phone
			? (['recipientPhoneNumber', 'Phone Number', 'phone'] as const)
			: mode === RECIPIENT_MODE.userId
				? (['recipientUserId', 'User ID (BSUID)', 'userId'] as const)
				: mode === RECIPIENT_MODE.group
					? (['recipientGroupId', 'Group ID', 'group'] as const)
					: (['recipientParentUserId', 'Parent User ID (BSUID)', 'parentUserId'] as const);
	const value = String(context.getNodeParameter(parameter, itemIndex, '') ?? '');
	return { phoneNumberId, recipient: checkedRecipient(context, { kind, value }, label, itemIndex) };
}
