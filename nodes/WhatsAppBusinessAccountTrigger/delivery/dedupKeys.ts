import { hash as oneShotHash } from 'crypto';

import { isObject, type Json } from '../../shared/json';

/**
 * De-duplication keys: the same for every redelivery of a change, message or status (whatever
 * else Meta batches with it), different for any other one.
 */

/** First 128 bits of SHA-256, hex. One-shot `crypto.hash` costs half of a Hash object per key. */
function hash(text: string | Buffer): string {
	return oneShotHash('sha256', text, 'hex').slice(0, 32);
}

/**
 * The text a de-duplication key hashes: the JSON of a tuple, which no two different tuples
 * share (joining ids with separators did: an id may contain the separator). A value nested
 * deeper than the stack allows cannot be serialised; it is then identified by the delivery's
 * bytes and its position in them, which Meta's redeliveries repeat exactly.
 */
function keyHash(parts: unknown[], rawBody: Buffer, position: string): string {
	let text: string;
	try {
		text = JSON.stringify(parts);
	} catch {
		text = `bytes:${hash(rawBody)}:${position}`;
	}
	return hash(text);
}

/** A field name as a key prefix: `:` and `%` escaped, so that the prefix ends at the last `:`. */
const keyPrefix = (field: string) =>
	/[:%]/.test(field) ? field.replace(/%/g, '%25').replace(/:/g, '%3A') : field;

/**
 * What identifies a messages change: the wamids of its messages (Meta's own ids: a message's
 * content is not hashed, which keeps 1 MB batches cheap), its statuses and value-level errors
 * whole (a group message has one status per participant under one wamid). Null when a message
 * has no wamid (or not a string one): the whole value identifies the change then.
 */
function messagesIdentity(value: Json): unknown[] | null {
	const messages = Array.isArray(value.messages) ? value.messages : [];
	const statuses = Array.isArray(value.statuses) ? value.statuses : [];
	if (messages.length === 0 && statuses.length === 0) return null;
	const wamids: string[] = [];
	for (const m of messages) {
		if (!isObject(m) || typeof m.id !== 'string') return null;
		wamids.push(m.id);
	}
	return [wamids, statuses, value.errors ?? null];
}

/**
 * A change's key. `entryId` is the entry's id as sent.
 * (Exported for the benchmark, which times the keys apart from the items that carry them.)
 */
export function changeDedupKey(
	field: unknown,
	entryId: unknown,
	time: number | null,
	value: unknown,
	rawBody: Buffer,
	position: string,
): string {
	const prefix = keyPrefix(String(field));
	if (field === 'messages' && isObject(value)) {
		const identity = messagesIdentity(value);
		if (identity) return `${prefix}:` + keyHash(['messages', entryId, identity], rawBody, position);
	}
	return `${prefix}:` + keyHash(['change', field, entryId, time, value], rawBody, position);
}

/**
 * The key of one element of a messages change: a message by its wamid (its content when it has
 * none), a status and a value-level error whole. `position` is the element's pointer.
 */
export function elementDedupKey(
	kind: 'message' | 'status' | 'error',
	element: unknown,
	entryId: unknown,
	time: number | null,
	rawBody: Buffer,
	position: string,
): string {
	if (kind === 'message') {
		const id = isObject(element) ? element.id : undefined;
		return typeof id === 'string'
			? `messages:message:${id}`
			: 'messages:message-content:' + keyHash(['message', entryId, element], rawBody, position);
	}
	if (kind === 'status')
		return 'messages:status:' + keyHash(['status', entryId, element], rawBody, position);
	return 'messages:error:' + keyHash(['error', entryId, time, element], rawBody, position);
}

/** The key of one call event or call status of a calls change, whole (`list` names which). */
export const callDedupKey = (
	list: 'calls' | 'statuses',
	element: unknown,
	entryId: unknown,
	rawBody: Buffer,
	position: string,
): string => `calls:${list}:` + keyHash(['call', list, entryId, element], rawBody, position);

/** The key of one user_id_update (a BSUID change), whole. */
export const userIdUpdateDedupKey = (
	update: unknown,
	entryId: unknown,
	rawBody: Buffer,
	position: string,
): string => 'user_id_update:' + keyHash(['user_id_update', entryId, update], rawBody, position);

/** The key of a whole delivery (Output "One Item per Delivery"): its bytes, which Meta repeats exactly. */
export const deliveryDedupKey = (rawBody: Buffer): string => 'delivery:' + hash(rawBody);
