import { idText, isObject, type Json } from '../json';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * The WhatsApp user a message or status is about, the same five keys whatever Meta sent: the
 * phone number when Meta shares it, the business-scoped user id (BSUID) and parent BSUID when
 * sent, and the contact's profile username and name. A user with a username may come with no
 * phone number at all; a reply then goes to `userId`.
 */
export interface Customer {
	phone: string | null;
	userId: string | null;
	parentUserId: string | null;
	username: string | null;
	name: string | null;
}

/**
 * One change's contacts, indexed once by phone (`wa_id`) and by BSUID (`user_id`): the first
 * contact with an id is the one an element with that id refers to. The BSUID map is only built
 * when a contact has one, so phone-only batches pay for one map as before.
 */
export class ContactIndex {
	private readonly byPhone = new Map<string, Json>();
	private byUserId: Map<string, Json> | null = null;
	/** The change's only contact, when there is exactly one. */
	private readonly only: Json | null;

	constructor(contacts: unknown) {
		const list = Array.isArray(contacts) ? contacts : [];
		let count = 0;
		let last: Json | null = null;
		for (const c of list) {
			if (!isObject(c)) continue;
			count++;
			last = c;
			const phone = idText(c.wa_id);
			if (phone !== null && !this.byPhone.has(phone)) this.byPhone.set(phone, c);
			const userId = str(c.user_id);
			if (userId !== null) {
				this.byUserId ??= new Map();
				if (!this.byUserId.has(userId)) this.byUserId.set(userId, c);
			}
		}
		this.only = count === 1 ? last : null;
	}

	/**
	 * The contact of a user: by phone, else by BSUID; else the change's only contact when it
	 * names no other user (Meta sends one contact for the one sender). Never a contact whose
	 * phone or BSUID differs from the element's.
	 */
	find(ids: Customer): Json | null {
		const byPhone = ids.phone !== null ? this.byPhone.get(ids.phone) : undefined;
		if (byPhone) return byPhone;
		const byUserId =
			ids.userId !== null && this.byUserId ? this.byUserId.get(ids.userId) : undefined;
		if (byUserId) return byUserId;
		const only = this.only;
		if (!only) return null;
		const contradicts =
			(ids.phone !== null && only.wa_id !== undefined) ||
			(ids.userId !== null && only.user_id !== undefined);
		return contradicts ? null : only;
	}
}

/**
 * Completes a customer named by an element's own identifiers with its contact: the contact fills
 * in the identifiers the element leaves out, and gives the username and name. Completes the
 * object in place (one object per item: the 1 MB batches have a thousand).
 */
export function withContact(customer: Customer, contact: Json | null): Customer {
	if (!contact) return customer;
	customer.phone ??= idText(contact.wa_id);
	customer.userId ??= str(contact.user_id);
	customer.parentUserId ??= str(contact.parent_user_id);
	const profile = isObject(contact.profile) ? contact.profile : null;
	if (profile) {
		customer.username = str(profile.username);
		customer.name = str(profile.name);
	}
	return customer;
}

/** The sender of an inbound message as it names itself: `from`, `from_user_id`, `from_parent_user_id`. */
export function senderOf(message: Json): Customer {
	return {
		phone: idText(message.from),
		userId: str(message.from_user_id),
		parentUserId: str(message.from_parent_user_id),
		username: null,
		name: null,
	};
}

/**
 * The recipient of a message the business sent. A group status is about one participant
 * (`recipient_participant_*`, or `participant_recipient_id` in some of Meta's examples); its
 * `recipient_id` is the group's id, given as `groupId` instead.
 */
export function recipientOf(status: Json): Customer {
	if (status.recipient_type === 'group') {
		return {
			phone: idText(status.recipient_participant_id ?? status.participant_recipient_id),
			userId: str(status.recipient_participant_user_id),
			parentUserId: str(status.recipient_participant_parent_user_id),
			username: null,
			name: null,
		};
	}
	return {
		phone: idText(status.recipient_id),
		userId: str(status.recipient_user_id),
		parentUserId: str(status.recipient_parent_user_id),
		username: null,
		name: null,
	};
}

/** The group a message was sent in or a status is about, or null. */
export function groupOf(element: Json, kind: 'message' | 'status'): string | null {
	if (kind === 'message') return str(element.group_id);
	return element.recipient_type === 'group' ? idText(element.recipient_id) : null;
}

/**
 * The system messages that say a user's phone number or BSUID changed (`customer_changed_number`
 * is the name API versions before v12 gave `user_changed_number`). A workflow keyed on the user's
 * phone or BSUID must update it: these come out as their own kind.
 */
const IDENTITY_SYSTEM_TYPES: ReadonlySet<string> = new Set([
	'user_changed_number',
	'user_changed_user_id',
	'customer_changed_number',
]);

export interface IdentityChange {
	/** The system message's type, or `user_id_update`. */
	event: string;
	previousCustomer: Customer;
	customer: Customer;
}

/**
 * A system message about a number or BSUID change, as the user before (`sender`: the message's
 * sender) and after; null for any other message. `from` / `from_user_id` name the user as they were; `system.wa_id` (or the older
 * `new_wa_id`), `system.user_id` and `system.parent_user_id` as they are now. What the message
 * does not say changed is carried over (a BSUID change keeps the phone; a number change keeps
 * the name), except the BSUIDs on a number change: Meta issues a new BSUID with a new number,
 * so the old one is not carried into the new identity. Since August 2026 Meta also states the
 * old BSUIDs (`system.previous_user_id`, `previous_parent_user_id`): said outright about the
 * change, they come before the sender's.
 */
export function identityChangeOf(message: Json, sender: Customer): IdentityChange | null {
	if (message.type !== 'system' || !isObject(message.system)) return null;
	const system = message.system;
	const event = typeof system.type === 'string' ? system.type : null;
	if (event === null || !IDENTITY_SYSTEM_TYPES.has(event)) return null;
	const previous: Customer = {
		...sender,
		userId: str(system.previous_user_id) ?? sender.userId,
		parentUserId: str(system.previous_parent_user_id) ?? sender.parentUserId,
	};
	const newUserId = str(system.user_id);
	const newParent = str(system.parent_user_id);
	const numberChanged = event !== 'user_changed_user_id';
	const customer: Customer = {
		phone: numberChanged ? (idText(system.wa_id ?? system.new_wa_id) ?? null) : previous.phone,
		userId: newUserId ?? (numberChanged ? null : previous.userId),
		parentUserId: newParent ?? (numberChanged ? null : previous.parentUserId),
		username: previous.username,
		name: previous.name,
	};
	return { event, previousCustomer: previous, customer };
}

/**
 * One entry of a `user_id_update` change (Meta's business-scoped user ids guide): `wa_id` when the
 * phone can be shared, `user_id` and `parent_user_id` as `{ previous, current }`.
 */
export function userIdUpdateOf(
	update: Json,
	contacts: ContactIndex,
): IdentityChange & { contact: Json | null } {
	const phone = idText(update.wa_id);
	const userId = isObject(update.user_id) ? update.user_id : {};
	const parent = isObject(update.parent_user_id) ? update.parent_user_id : {};
	const previous: Customer = {
		phone,
		userId: str(userId.previous),
		parentUserId: str(parent.previous),
		username: null,
		name: null,
	};
	const current: Customer = {
		phone,
		userId: str(userId.current),
		parentUserId: str(parent.current),
		username: null,
		name: null,
	};
	// Meta's contacts entry may name the user by either BSUID
	const contact = contacts.find(current) ?? contacts.find(previous);
	// the BSUIDs come from the update itself, never from the contact (which holds one of them)
	const profileOnly = (customer: Customer): Customer => {
		const { userId: own, parentUserId: ownParent } = customer;
		withContact(customer, contact);
		customer.userId = own;
		customer.parentUserId = ownParent;
		return customer;
	};
	return {
		event: 'user_id_update',
		contact,
		previousCustomer: profileOnly(previous),
		customer: profileOnly(current),
	};
}
