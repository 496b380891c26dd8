import {
	ContactIndex,
	groupOf,
	identityChangeOf,
	recipientOf,
	senderOf,
	userIdUpdateOf,
	withContact,
} from '../../shared/webhook/customer';
import { callPermissionOf } from './callPermission';
import type { FlowReply } from './flowReplies';
import { elementDedupKey, userIdUpdateDedupKey } from './dedupKeys';
import { keepsStatus, type CompiledFilters } from './filters';
import { ElementIssues, verdict, type ChangeIssues } from './issues';
import { idText, isObject, type Json } from '../../shared/json';
import type { ChangeItem } from './result';

/** Output "One Item per Message or Status": the split of one messages or user_id_update change. */
export interface SplitContext {
	field: string;
	wabaId: string;
	/** The entry's id as sent (a string, or a number Meta sent as one). */
	entryId: unknown;
	time: number | null;
	value: Json;
	issues: ChangeIssues;
	/** Pointer to the change's value, to attribute issues to one message or status. */
	valuePath: string;
	rawBody: Buffer;
	filters: CompiledFilters;
	/** The answers of completed Flows by message (readFlowReplies); null when there are none. */
	flowReplies: Map<Json, FlowReply> | null;
}

/** What every item of a split change carries first: where it comes from, and the business number. */
export function itemBase(ctx: SplitContext, metadata: Json) {
	return {
		field: ctx.field,
		wabaId: ctx.wabaId,
		time: ctx.time,
		phoneNumberId: idText(metadata.phone_number_id),
		displayPhoneNumber:
			typeof metadata.display_phone_number === 'string' ? metadata.display_phone_number : null,
	};
}

const ELEMENT_LISTS: ReadonlyArray<[string, 'message' | 'status' | 'error']> = [
	['messages', 'message'],
	['statuses', 'status'],
	['errors', 'error'],
];
const ELEMENT_LIST_NAMES = ELEMENT_LISTS.map(([list]) => list);
const USER_ID_UPDATE_LIST = ['user_id_update'];

/** `callPermission` for a message answering a call permission request; nothing for others. */
function withCallPermission(message: Json): { callPermission: Json } | null {
	const callPermission = callPermissionOf(message);
	return callPermission && { callPermission };
}

/** One item per message, status and value-level error of a messages change. False when it has none. */
export function splitMessagesChange(ctx: SplitContext, emit: (item: ChangeItem) => void): boolean {
	const { value } = ctx;
	const metadata = isObject(value.metadata) ? value.metadata : {};
	const base = itemBase(ctx, metadata);
	const issues = new ElementIssues(ctx.issues, ctx.valuePath, ELEMENT_LIST_NAMES);
	const contacts = new ContactIndex(value.contacts);
	let emitted = false;
	for (const [list, kind] of ELEMENT_LISTS) {
		const entries = value[list];
		if (!Array.isArray(entries)) continue;
		entries.forEach((element, index) => {
			emitted = true;
			const el = isObject(element) ? element : {};
			if (kind === 'status' && !keepsStatus(ctx.filters, el)) return;
			const event =
				kind === 'message'
					? String(el.type ?? '') || null
					: kind === 'status'
						? String(el.status ?? '') || null
						: 'error';
			const position = `${ctx.valuePath}/${list}/${index}`;
			const dedupKey = elementDedupKey(kind, element, ctx.entryId, ctx.time, ctx.rawBody, position);
			const validation = verdict(issues.forElement(list, index));
			if (kind === 'error') {
				emit({
					...base,
					kind,
					event,
					contact: null,
					metadata,
					value: element,
					validation,
					dedupKey,
				});
				return;
			}
			// what a reply needs: the customer (and the matched contact), the wamid, the group
			const named = kind === 'message' ? senderOf(el) : recipientOf(el);
			const contact = contacts.find(named);
			const customer = withContact(named, contact);
			const messageId = typeof el.id === 'string' ? el.id : null;
			const identity = kind === 'message' ? identityChangeOf(el, customer) : null;
			if (identity) {
				const { event: systemType, customer: now, previousCustomer } = identity;
				emit({
					...base,
					kind: 'identity_change',
					event: systemType,
					contact,
					customer: now,
					previousCustomer,
					messageId,
					groupId: groupOf(el, kind),
					metadata,
					value: element,
					validation,
					dedupKey,
				});
				return;
			}
			const flow = kind === 'message' ? ctx.flowReplies?.get(el) : undefined;
			emit({
				...base,
				kind,
				event,
				contact,
				customer,
				messageId,
				groupId: groupOf(el, kind),
				// a completed Flow's answers (nfm_reply), as an object: only on those messages' items
				...(flow && { flowResponse: flow.response, flowToken: flow.token }),
				// an answer to a call permission request: granted or not, until when
				...(kind === 'message' && withCallPermission(el)),
				metadata,
				value: element,
				validation,
				dedupKey,
			});
		});
	}
	return emitted;
}

/**
 * user_id_update: one identity_change item per user whose BSUID changed, so that a Switch routes
 * it with the system messages about number and BSUID changes. Each item gets its own entry's
 * findings and those about the change as a whole. False when the change has no update.
 */
export function splitUserIdUpdates(ctx: SplitContext, emit: (item: ChangeItem) => void): boolean {
	const { value } = ctx;
	const updates = value.user_id_update;
	if (!Array.isArray(updates) || updates.length === 0) return false;
	const metadata = isObject(value.metadata) ? value.metadata : {};
	const contacts = new ContactIndex(value.contacts);
	const issues = new ElementIssues(ctx.issues, ctx.valuePath, USER_ID_UPDATE_LIST);
	updates.forEach((update, index) => {
		const change = userIdUpdateOf(isObject(update) ? update : {}, contacts);
		emit({
			...itemBase(ctx, metadata),
			kind: 'identity_change',
			event: change.event,
			contact: change.contact,
			customer: change.customer,
			previousCustomer: change.previousCustomer,
			// no wamid or group: the same keys as a system message's identity_change item
			messageId: null,
			groupId: null,
			metadata,
			value: update,
			validation: verdict(issues.forElement('user_id_update', index)),
			dedupKey: userIdUpdateDedupKey(
				update,
				ctx.entryId,
				ctx.rawBody,
				`${ctx.valuePath}/user_id_update/${index}`,
			),
		});
	});
	return true;
}
