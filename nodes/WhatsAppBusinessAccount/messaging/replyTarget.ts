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
export type RecipientKind = 'phone' | 'userId' | 'parentUserId';

export interface Recipient {
	kind: RecipientKind;
	value: string;
}

export interface ReplyTarget {
	phoneNumberId: string;
	recipient: Recipient;
	/** The wamid of the customer's message (or, for a status item, of the business's message). */
	messageId?: string;
	/** True when the item is a customer's message (a status item is not: it cannot be marked as read). */
	isCustomerMessage: boolean;
}

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined =>
	typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined;
const first = (v: unknown): Obj | undefined =>
	Array.isArray(v) && isObject(v[0]) ? v[0] : undefined;

interface Found {
	phoneNumberId?: string;
	message?: Obj;
	status?: Obj;
	contact?: Obj;
}

/** The message (or status) and its context, from whichever shape the item has. */
function locate(item: Obj): Found {
	const value = isObject(item.value) ? item.value : undefined;
	// message mode: the element itself is `value`
	if (item.kind === 'message' || item.kind === 'status') {
		return {
			phoneNumberId:
				text(item.phoneNumberId) ??
				text(isObject(item.metadata) ? item.metadata.phone_number_id : undefined),
			...(item.kind === 'message' ? { message: value } : { status: value }),
			contact: isObject(item.contact) ? item.contact : undefined,
		};
	}
	// change mode (`value` is the change's value) or a bare change value
	const change =
		value &&
		(Array.isArray(value.messages) || Array.isArray(value.statuses) || isObject(value.metadata))
			? value
			: item;
	const metadata = isObject(change.metadata) ? change.metadata : {};
	return {
		phoneNumberId: text(item.phoneNumberId) ?? text(metadata.phone_number_id),
		message: first(change.messages),
		status: first(change.messages) ? undefined : first(change.statuses),
		contact: first(change.contacts),
	};
}

/** The reply target of an item, or why the item is not one. */
export function replyTargetFromItem(item: unknown): ReplyTarget | { problem: string } {
	if (!isObject(item)) return { problem: 'it is not an object' };
	const { phoneNumberId, message, status, contact } = locate(item);
	const customer = isObject(item.customer) ? item.customer : {};
	if (!message && !status && !isObject(item.customer)) {
		return { problem: 'it has no customer message (expected a messages item of the trigger)' };
	}
	if (!phoneNumberId)
		return {
			problem: 'it has no phone number ID (phoneNumberId or value.metadata.phone_number_id)',
		};

	const phone =
		text(customer.phone) ??
		text(message?.from) ??
		text(status?.recipient_id) ??
		text(contact?.wa_id);
	const userId =
		text(customer.userId) ??
		text(message?.from_user_id) ??
		text(status?.recipient_user_id) ??
		text(contact?.user_id);
	const parentUserId =
		text(customer.parentUserId) ??
		text(message?.from_parent_user_id) ??
		text(status?.recipient_parent_user_id) ??
		text(contact?.parent_user_id);
	// Meta recommends the phone number when there is one (webhooks then keep carrying it)
	const recipient: Recipient | undefined = phone
		? { kind: 'phone', value: phone }
		: userId
			? { kind: 'userId', value: userId }
			: parentUserId
				? { kind: 'parentUserId', value: parentUserId }
				: undefined;
	if (!recipient)
		return { problem: 'it names no customer (no phone number, BSUID or parent BSUID)' };

	const messageId = text(item.messageId) ?? text(message?.id) ?? text(status?.id);
	const isCustomerMessage =
		item.kind === 'status'
			? false
			: Boolean(message) || (item.kind === 'message' && Boolean(messageId));
	return { phoneNumberId, recipient, ...(messageId ? { messageId } : {}), isCustomerMessage };
}
