/**
 * The link between a question sent by Message > Send and Wait for Response and the customer's
 * answer (docs/design/send-and-wait.md, "The reference"): `wa1 ` followed by the path and query
 * of the resume URL n8n signed for that answer. It travels in the reply button's or list row's
 * id, a template quick-reply button's payload or a Flow's `flow_token`, and comes back in the
 * delivery; the trigger finds it there and POSTs the delivery to it, the waiting node checks
 * that the id tapped is its own URL.
 */
import { createHash } from 'crypto';

import { senderOf } from './customer';

export const REFERENCE_PREFIX = 'wa1 ';

/**
 * The kind of a question whose URL stands for any answer of one sort rather than one option:
 * `t=text` (Free Text: any text of the person asked) or `t=flow` (Flow: the Flow's answers), with
 * no `o`. A Choice's `o` is the user's value, which could be any word, so the kind is a key of its own.
 */
export const KIND_KEY = 't';
export const FREE_TEXT_KIND = 'text';
export const FLOW_KIND = 'flow';

/** What a reference names: n8n's waiting path (with query) and the execution it resumes. */
export interface AnswerReference {
	/** `/webhook-waiting/<executionId>/<nodeId>?…&signature=…`, as n8n signed it. */
	pathAndQuery: string;
	executionId: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The customer's id as both the question and the answer name it: a phone number's digits (the
 * answer's `from` has no +), a BSUID as it is.
 */
export function normalisedCustomer(kind: string, value: string): string {
	return kind === 'phone' ? value.replace(/[^0-9]/g, '') : value.trim();
}

/**
 * `c` of the resume URL: binds it to the person asked without putting a phone number into ids
 * and logs (the first 16 base64url characters of SHA-256 over the normalised id).
 */
export function customerHash(normalised: string): string {
	return createHash('sha256').update(normalised).digest('base64url').slice(0, 16);
}

/** The ids an inbound message's sender goes by (phone digits, BSUID, parent BSUID), each as `c`. */
export function senderHashes(message: Record<string, unknown>): string[] {
	const sender = senderOf(message);
	return [
		sender.phone === null ? null : normalisedCustomer('phone', sender.phone),
		sender.userId,
		sender.parentUserId,
	]
		.filter((id): id is string => id !== null && id !== '')
		.map(customerHash);
}

/** The reference of a signed resume URL: its path and query behind the prefix (never the host). */
export function referenceFor(resumeUrl: string): string {
	const url = new URL(resumeUrl);
	return `${REFERENCE_PREFIX}${url.pathname}${url.search}`;
}

/** A completed Flow's answers (`nfm_reply` named `flow`) as an object, or null. */
export function flowAnswers(message: unknown): Record<string, unknown> | null {
	if (!isObject(message) || message.type !== 'interactive' || !isObject(message.interactive))
		return null;
	const reply = message.interactive.nfm_reply;
	if (!isObject(reply) || reply.name !== 'flow' || typeof reply.response_json !== 'string')
		return null;
	try {
		const parsed: unknown = JSON.parse(reply.response_json);
		return isObject(parsed) ? parsed : null;
	} catch {
		return null;
	}
}

/**
 * The id the customer tapped, when it is one of ours: `interactive.button_reply.id` or
 * `interactive.list_reply.id`, a template quick-reply's `button.payload`, or a completed Flow's
 * `flow_token`, of an inbound message, when it starts with the prefix; else null.
 */
export function tappedReference(message: unknown): string | null {
	if (!isObject(message)) return null;
	let id: unknown;
	if (message.type === 'button' && isObject(message.button)) id = message.button.payload;
	else if (message.type === 'interactive' && isObject(message.interactive)) {
		const { interactive } = message;
		const reply = isObject(interactive.button_reply)
			? interactive.button_reply
			: isObject(interactive.list_reply)
				? interactive.list_reply
				: null;
		id = reply ? reply.id : flowAnswers(message)?.flow_token;
	}
	return typeof id === 'string' && id.startsWith(REFERENCE_PREFIX) ? id : null;
}

/**
 * A reference read back: null when it is not `wa1 /<…>/<executionId>/<nodeId>?<query>`. The
 * path is not trusted here: n8n checks its signature when it is POSTed.
 */
export function parseReference(reference: string): AnswerReference | null {
	if (!reference.startsWith(REFERENCE_PREFIX)) return null;
	const pathAndQuery = reference.slice(REFERENCE_PREFIX.length);
	if (!pathAndQuery.startsWith('/') || /\s/.test(pathAndQuery)) return null;
	let url: URL;
	try {
		url = new URL(pathAndQuery, 'http://reference.invalid');
	} catch {
		return null;
	}
	if (url.host !== 'reference.invalid' || !url.search) return null;
	const segments = url.pathname.split('/').filter(Boolean);
	if (segments.length < 3) return null;
	const executionId = segments[segments.length - 2];
	if (!/^[0-9A-Za-z_-]+$/.test(executionId)) return null;
	return { pathAndQuery, executionId };
}
