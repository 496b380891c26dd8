import { ContactIndex, withContact, type Customer } from '../../shared/webhook/customer';
import { callDedupKey } from './dedupKeys';
import { ElementIssues, verdict } from './issues';
import { idText, isObject, type Json } from '../../shared/json';
import { itemBase, type SplitContext } from './messageItems';
import type { ChangeItem } from './result';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const CALL_LISTS = ['calls', 'statuses'];

/**
 * The customer of a call: the caller of a user-initiated call, the callee of a
 * business-initiated one (Meta names both ends, `from` and `to`, with their BSUIDs).
 */
function callCustomer(call: Json): Customer {
	const end = call.direction === 'BUSINESS_INITIATED' ? 'to' : 'from';
	return {
		phone: idText(call[end]),
		userId: str(call[`${end}_user_id`]),
		parentUserId: str(call[`${end}_parent_user_id`]),
		username: null,
		name: null,
	};
}

/** The callee of a business-initiated call's status (RINGING, ACCEPTED, REJECTED). */
function statusCustomer(status: Json): Customer {
	return {
		phone: idText(status.recipient_id),
		userId: str(status.recipient_user_id),
		parentUserId: str(status.recipient_parent_user_id),
		username: null,
		name: null,
	};
}

/** The SDP of a connect event by its type: what a media system needs to answer or finish the call. */
function sdpOf(call: Json, type: 'offer' | 'answer'): string | null {
	const session = isObject(call.session) ? call.session : null;
	return session && session.sdp_type === type ? str(session.sdp) : null;
}

/**
 * Output "One Item per Message or Status" for a calls change: one item per call event (connect,
 * terminate, ...) and per call status, each with what a workflow routes a call by and hands its
 * media system: the call ID, the direction, the customer (phone and/or BSUID), the event, the
 * SDP offer of a user-initiated connect (the SDP answer of a business-initiated one). False
 * when the change has neither list.
 */
export function splitCallsChange(ctx: SplitContext, emit: (item: ChangeItem) => void): boolean {
	const { value } = ctx;
	const metadata = isObject(value.metadata) ? value.metadata : {};
	const base = itemBase(ctx, metadata);
	const contacts = new ContactIndex(value.contacts);
	const issues = new ElementIssues(ctx.issues, ctx.valuePath, CALL_LISTS);
	let emitted = false;
	for (const list of CALL_LISTS as Array<'calls' | 'statuses'>) {
		const entries = value[list];
		if (!Array.isArray(entries)) continue;
		entries.forEach((element, index) => {
			emitted = true;
			const el = isObject(element) ? element : {};
			const isCall = list === 'calls';
			const named = isCall ? callCustomer(el) : statusCustomer(el);
			const contact = contacts.find(named);
			emit({
				...base,
				kind: isCall ? 'call' : 'call_status',
				event: str(isCall ? el.event : el.status),
				callId: str(el.id),
				direction: isCall ? str(el.direction) : 'BUSINESS_INITIATED',
				contact,
				customer: withContact(named, contact),
				sdpOffer: isCall ? sdpOf(el, 'offer') : null,
				sdpAnswer: isCall ? sdpOf(el, 'answer') : null,
				metadata,
				value: element,
				validation: verdict(issues.forElement(list, index)),
				dedupKey: callDedupKey(
					list,
					element,
					ctx.entryId,
					ctx.rawBody,
					`${ctx.valuePath}/${list}/${index}`,
				),
			});
		});
	}
	return emitted;
}
