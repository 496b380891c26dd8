import { keepDigits, parseExactly, type ExactParse } from './exactJson';
import { isObject, type Json } from '../../shared/json';
import type { Delivery } from './parse';
import { inexactNumberIssue, type ValidationIssue } from './verdict';

/**
 * A completed Flow's answers, as a message item carries them: `response_json` parsed (integers
 * beyond 2^53 as strings of their digits, as everywhere in the trigger) and its `flow_token`.
 * `response` is null when the text is not a JSON object; the text itself stays in the item's
 * value, and validation says what is wrong with it.
 */
export interface FlowReply {
	response: Json | null;
	token: string | null;
}

/** The Flow answers of a delivery by message, and the findings about every `response_json`. */
export interface FlowReplies {
	/** Keyed by the message object of the delivery (only messages whose nfm_reply name is "flow"). */
	byMessage: Map<Json, FlowReply>;
	issues: ValidationIssue[];
}

/** An inbound message's nfm_reply (a Flow's or an address message's answer), or null. */
function nfmReplyOf(message: unknown): Json | null {
	if (!isObject(message) || message.type !== 'interactive') return null;
	const interactive = message.interactive;
	if (!isObject(interactive) || interactive.type !== 'nfm_reply') return null;
	return isObject(interactive.nfm_reply) ? interactive.nfm_reply : null;
}

/** What a JSON value is, for a finding: "an array", "a string", "null", ... */
const jsonTypeOf = (v: unknown) =>
	v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`;

/**
 * `response_json` as an object, or null with a finding at `path` (its pointer in the delivery).
 * The same exact parse as the delivery's: a Flow can answer with ids or numbers beyond 2^53.
 */
function parseResponseJson(text: string, path: string, issues: ValidationIssue[]): Json | null {
	let parsed: ExactParse;
	try {
		parsed = parseExactly(text);
	} catch (error) {
		issues.push({
			path,
			kind: 'invalid_json',
			message: `response_json is not JSON (${(error as Error).message}); the item keeps it as text`,
		});
		return null;
	}
	if (!isObject(parsed.body)) {
		issues.push({
			path,
			kind: 'invalid_json',
			message: `response_json must hold a JSON object, not ${jsonTypeOf(parsed.body)}`,
		});
		return null;
	}
	for (const { pointer, literal } of parsed.inexact)
		issues.push(inexactNumberIssue(path, literal, `in response_json at ${pointer}`));
	keepDigits(parsed);
	return parsed.body;
}

/**
 * Every nfm_reply of the delivery's `messages` changes, read once whatever the output mode: a
 * `response_json` that is not a JSON object is flagged on the change (and on its message's item),
 * and the answers of Flows are kept for the message items. Null when the delivery has none
 * (the common case costs a look at each message's type).
 */
export function readFlowReplies(delivery: Delivery): FlowReplies | null {
	let found: FlowReplies | null = null;
	const entries = delivery.entry;
	for (let e = 0; e < entries.length; e++) {
		const changes = entries[e].changes;
		for (let c = 0; c < changes.length; c++) {
			const { field, value } = changes[c];
			if (field !== 'messages' || !isObject(value) || !Array.isArray(value.messages)) continue;
			const messages: unknown[] = value.messages;
			for (let m = 0; m < messages.length; m++) {
				const reply = nfmReplyOf(messages[m]);
				if (!reply || typeof reply.response_json !== 'string') continue;
				found ??= { byMessage: new Map(), issues: [] };
				const path = `/entry/${e}/changes/${c}/value/messages/${m}/interactive/nfm_reply/response_json`;
				const response = parseResponseJson(reply.response_json, path, found.issues);
				if (reply.name !== 'flow') continue;
				const token = typeof response?.flow_token === 'string' ? response.flow_token : null;
				found.byMessage.set(messages[m] as Json, { response, token });
			}
		}
	}
	return found;
}
