/**
 * Reads what a reply needs from a WhatsApp Business Account Trigger item: the business phone
 * number ID the message arrived on, the customer (phone number, else BSUID, else parent
 * BSUID) and the message's wamid. Three shapes are understood:
 * - the trigger's message-mode item with `customer` and `messageId` (the trigger's contract:
 *   `customer: {phone, userId, parentUserId, username, name}`);
 * - the message-mode item as the trigger emits it without them (`kind`, `phoneNumberId`,
 *   `contact`, `value` = the message or status);
 * - a per-change item of field `messages` (`value.metadata.phone_number_id`,
 *   `value.messages[0]`, `value.contacts[0]`), or a bare change value.
 */
import { isObject, type Json } from '../../shared/json';

/** `group`: a WhatsApp group by its ID (Groups API), never read from a trigger item. */
export type RecipientKind = 'phone' | 'userId' | 'parentUserId' | 'group';

export interface Recipient {
	kind: RecipientKind;
	value: string;
	/**
	 * The phone number is a WhatsApp ID from a webhook (`wa_id`, `from`, `recipient_id`): always
	 * country code first, without the plus sign, so it is sent with one (see normalizePhoneNumber).
	 */
	international?: boolean;
}

export interface ReplyTarget {
	phoneNumberId: string;
	recipient: Recipient;
	/** Where in the item the phone number ID and the customer were read, to name them in errors. */
	from: { phoneNumberId: string; recipient: string };
	/** The wamid of the customer's message (or, for a status item, of the business's message). */
	messageId?: string;
	/** True when the item is a customer's message (a status item is not: it cannot be marked as read). */
	isCustomerMessage: boolean;
}

const text = (v: unknown): string | undefined =>
	typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined;
const first = (v: unknown): Json | undefined =>
	Array.isArray(v) && isObject(v[0]) ? v[0] : undefined;

/** A value read from the item, with the path it was read at. */
interface Read {
	value: string;
	from: string;
}

/** The first of the candidates (value, path) that has text. */
function firstText(...candidates: Array<[unknown, string]>): Read | undefined {
	for (const [candidate, from] of candidates) {
		const value = text(candidate);
		if (value !== undefined) return { value, from };
	}
	return undefined;
}

interface Found {
	phoneNumberId?: Read;
	message?: Json;
	status?: Json;
	contact?: Json;
	/** The paths of the message (or status) and of the contact in the item. */
	at: { element: string; contact: string };
}

/** The message (or status) and its context, from whichever shape the item has. */
function locate(item: Json): Found {
	const value = isObject(item.value) ? item.value : undefined;
	// message mode: the element itself is `value`
	if (item.kind === 'message' || item.kind === 'status') {
		return {
			phoneNumberId: firstText(
				[item.phoneNumberId, 'phoneNumberId'],
				[
					isObject(item.metadata) ? item.metadata.phone_number_id : undefined,
					'metadata.phone_number_id',
				],
			),
			...(item.kind === 'message' ? { message: value } : { status: value }),
			contact: isObject(item.contact) ? item.contact : undefined,
			at: { element: 'value', contact: 'contact' },
		};
	}
	// change mode (`value` is the change's value) or a bare change value
	const nested =
		value &&
		(Array.isArray(value.messages) || Array.isArray(value.statuses) || isObject(value.metadata));
	const change = nested ? value : item;
	const base = nested ? 'value.' : '';
	const metadata = isObject(change.metadata) ? change.metadata : {};
	const message = first(change.messages);
	return {
		phoneNumberId: firstText(
			[item.phoneNumberId, 'phoneNumberId'],
			[metadata.phone_number_id, `${base}metadata.phone_number_id`],
		),
		message,
		status: message ? undefined : first(change.statuses),
		contact: first(change.contacts),
		at: {
			element: `${base}${message ? 'messages[0]' : 'statuses[0]'}`,
			contact: `${base}contacts[0]`,
		},
	};
}

/** The reply target of an item, or why the item is not one. */
export function replyTargetFromItem(item: unknown): ReplyTarget | { problem: string } {
	if (!isObject(item)) return { problem: 'it is not an object' };
	const { phoneNumberId, message, status, contact, at } = locate(item);
	const customer = isObject(item.customer) ? item.customer : {};
	if (!message && !status && !isObject(item.customer)) {
		return { problem: 'it has no customer message (expected a messages item of the trigger)' };
	}
	if (!phoneNumberId)
		return {
			problem: 'it has no phone number ID (phoneNumberId or value.metadata.phone_number_id)',
		};

	const phone = firstText(
		[customer.phone, 'customer.phone'],
		[message?.from, `${at.element}.from`],
		[status?.recipient_id, `${at.element}.recipient_id`],
		[contact?.wa_id, `${at.contact}.wa_id`],
	);
	const userId = firstText(
		[customer.userId, 'customer.userId'],
		[message?.from_user_id, `${at.element}.from_user_id`],
		[status?.recipient_user_id, `${at.element}.recipient_user_id`],
		[contact?.user_id, `${at.contact}.user_id`],
	);
	const parentUserId = firstText(
		[customer.parentUserId, 'customer.parentUserId'],
		[message?.from_parent_user_id, `${at.element}.from_parent_user_id`],
		[status?.recipient_parent_user_id, `${at.element}.recipient_parent_user_id`],
		[contact?.parent_user_id, `${at.contact}.parent_user_id`],
	);
	// Meta recommends the phone number when there is one (webhooks then keep carrying it)
	const [kind, read]: [RecipientKind, Read | undefined] = phone
		? ['phone', phone]
		: userId
			? ['userId', userId]
			: ['parentUserId', parentUserId];
	if (!read) return { problem: 'it names no customer (no phone number, BSUID or parent BSUID)' };
	// a webhook's phone number is a WhatsApp ID: country code first, always
	const recipient: Recipient =
		kind === 'phone'
			? { kind, value: read.value, international: true }
			: { kind, value: read.value };

	const messageId = text(item.messageId) ?? text(message?.id) ?? text(status?.id);
	const isCustomerMessage =
		item.kind === 'status'
			? false
			: Boolean(message) || (item.kind === 'message' && Boolean(messageId));
	return {
		phoneNumberId: phoneNumberId.value,
		recipient,
		from: { phoneNumberId: phoneNumberId.from, recipient: read.from },
		...(messageId ? { messageId } : {}),
		isCustomerMessage,
	};
}
