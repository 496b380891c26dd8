import { hash as oneShotHash } from 'crypto';

import { validateDelivery } from '../../shared/generated/validators';
import {
	ContactIndex,
	groupOf,
	identityChangeOf,
	recipientOf,
	senderOf,
	userIdUpdateOf,
	withContact,
} from './customer';
import { findDashboardSamples, setAsideSampleIssues } from './dashboardSample';
import { eventOf } from './events';
import { keepDigits, parseExactly, type ExactParse } from './exactJson';
import { compileFilters, type CompiledFilters, type DeliveryOptions } from './options';
import { SIGNATURE_HEADER, verifySignature } from '../webhook/signature';
import { toIssues, type ValidationIssue, type ValidationVerdict } from './verdict';

/** The object Meta sends for every WhatsApp Business Account webhook. */
export const WABA_OBJECT = 'whatsapp_business_account';

type Json = Record<string, unknown>;

/** One item as the trigger emits it (default mode: one per change). */
export interface ChangeItem {
	[key: string]: unknown;
	field: string;
	wabaId: string;
	time: number | null;
	event: string | null;
	value: unknown;
	validation: ValidationVerdict;
	/** Stable across Meta's redeliveries of the same change: feed it to Remove Duplicates. */
	dedupKey: string;
}

export interface DeliveryResult {
	/** HTTP status to answer Meta with. */
	status: number;
	/** JSON body of the answer: a reason when refused, a receipt when accepted. */
	body: Json;
	/** Items per output (main, and invalid when routed); absent when nothing is emitted. */
	outputs?: [ChangeItem[], ChangeItem[]];
}

const refuse = (status: number, reason: string): DeliveryResult => ({
	status,
	body: { error: reason },
});

// (buffer.isUtf8 + toString would save ~1% on 1 MB, but community nodes may not import 'buffer')
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** First 128 bits of SHA-256, hex. One-shot `crypto.hash` costs half of a Hash object per key. */
function hash(text: string | Buffer): string {
	return oneShotHash('sha256', text, 'hex').slice(0, 32);
}

const isObject = (v: unknown): v is Json =>
	v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The issues of one item as the lists they come from (the delivery's, its entry's, its change's,
 * its message's), each list shared by every item it concerns: n items under n delivery-wide
 * issues cost n references to one list, not n² copies. Joined only when an item's errors are read.
 */
type IssueParts = ReadonlyArray<readonly ValidationIssue[]>;

/** A change's issues: what it inherits from its delivery and entry, and its own (undefined when none). */
interface ChangeIssues {
	inherited: IssueParts;
	own: ValidationIssue[] | undefined;
}

const NO_CHANGE_ISSUES: ChangeIssues = { inherited: [], own: undefined };

/**
 * Issues bucketed by where they point: the whole delivery, one entry, or one change. A change
 * gets its entry's and the delivery's lists too, by reference.
 */
class IssueIndex {
	private readonly delivery: ValidationIssue[] = [];
	private readonly byEntry = new Map<number, ValidationIssue[]>();
	private readonly byChange = new Map<string, ValidationIssue[]>();
	private readonly inherited = new Map<number, IssueParts>();

	constructor(issues: ValidationIssue[]) {
		for (const issue of issues) {
			const m = /^\/entry\/(\d+)(?:\/changes\/(\d+))?(?=\/|$)/.exec(issue.path);
			if (!m) this.delivery.push(issue);
			else if (m[2] === undefined) pushTo(this.byEntry, Number(m[1]), issue);
			else pushTo(this.byChange, `${m[1]}/${m[2]}`, issue);
		}
	}

	forChange(entry: number, change: number): ChangeIssues {
		let inherited = this.inherited.get(entry);
		if (!inherited) {
			inherited = [this.delivery, this.byEntry.get(entry) ?? []].filter((list) => list.length);
			this.inherited.set(entry, inherited);
		}
		return { inherited, own: this.byChange.get(`${entry}/${change}`) };
	}
}

function pushTo<K>(map: Map<K, ValidationIssue[]>, key: K, issue: ValidationIssue) {
	const list = map.get(key);
	if (list) list.push(issue);
	else map.set(key, [issue]);
}

/**
 * An item's verdict. One list (or none) is the item's `errors` as it is; several are joined the
 * first time `errors` is read (JSON.stringify, n8n copying the item, a Code node), and the joined
 * array then stays in its place: the item serialises exactly as if it had been joined here.
 */
function verdict(parts: IssueParts): ValidationVerdict {
	let only: readonly ValidationIssue[] | undefined;
	let nonEmpty = 0;
	for (const list of parts) {
		if (list.length) {
			only = list;
			nonEmpty++;
		}
	}
	if (nonEmpty <= 1)
		return { valid: nonEmpty === 0, errors: only ? (only as ValidationIssue[]) : [] };
	const lists = parts.filter((list) => list.length);
	const joined = { valid: false } as ValidationVerdict;
	const settle = (errors: ValidationIssue[]) =>
		Object.defineProperty(joined, 'errors', {
			value: errors,
			writable: true,
			enumerable: true,
			configurable: true,
		});
	Object.defineProperty(joined, 'errors', {
		enumerable: true,
		configurable: true,
		get: () => {
			const errors = lists.flat();
			settle(errors);
			return errors;
		},
		set: settle,
	});
	return joined;
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
 * A change's key: the same for every redelivery of the change (whatever else Meta batches
 * with it), different for any other change. `entryId` is the entry's id as sent.
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

/** An id as a string: Meta sends most ids as strings, some as numbers. */
function idText(id: unknown): string | null {
	if (typeof id === 'string') return id;
	if (typeof id === 'number' && Number.isInteger(id)) return String(id);
	return null;
}

function passesChangeFilters(
	filters: CompiledFilters,
	field: string,
	wabaId: string,
	event: string | null,
	value: unknown,
): boolean {
	if (filters.fields && !filters.fields.has(field)) return false;
	if (filters.wabaIds && !filters.wabaIds.has(wabaId)) return false;
	const events = filters.eventsByField.get(field);
	if (events && (event === null || !events.has(event))) return false;
	if (filters.phoneNumberIds && isObject(value) && isObject(value.metadata)) {
		const id = idText(value.metadata.phone_number_id);
		if (id !== null && !filters.phoneNumberIds.has(id)) return false;
	}
	return true;
}

/** In change mode, a messages change made only of statuses none of which is wanted is left out. */
function passesStatusFilter(filters: CompiledFilters, field: string, value: unknown): boolean {
	if (!filters.messageStatuses || field !== 'messages' || !isObject(value)) return true;
	const statuses = Array.isArray(value.statuses) ? value.statuses : [];
	const hasOther =
		(Array.isArray(value.messages) && value.messages.length > 0) ||
		(Array.isArray(value.errors) && value.errors.length > 0);
	if (hasOther || statuses.length === 0) return true;
	return statuses.some((s) => isObject(s) && filters.messageStatuses!.has(String(s.status)));
}

interface SplitContext {
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
}

/** Message mode: one item per message, status and value-level error of a messages change. */
function splitMessagesChange(ctx: SplitContext, emit: (item: ChangeItem) => void): boolean {
	const { value } = ctx;
	const metadata = isObject(value.metadata) ? value.metadata : {};
	const base = {
		field: ctx.field,
		wabaId: ctx.wabaId,
		time: ctx.time,
		phoneNumberId: idText(metadata.phone_number_id),
		displayPhoneNumber:
			typeof metadata.display_phone_number === 'string' ? metadata.display_phone_number : null,
	};
	// Each of the change's own issues belongs to one message, status or error, or to the change as
	// a whole (its contacts, metadata); bucketed once, and every element's item references the
	// change-wide lists instead of copying them: thousands of flagged messages under thousands of
	// flagged contacts cost one pass over the issues, not one copy per message.
	const common: ValidationIssue[] = [];
	const byElement = new Map<string, ValidationIssue[]>();
	const elementPrefix = ctx.valuePath + '/';
	for (const issue of ctx.issues.own ?? []) {
		const m = issue.path.startsWith(elementPrefix)
			? /^(messages|statuses|errors)\/(\d+)(?=\/|$)/.exec(issue.path.slice(elementPrefix.length))
			: null;
		if (m) pushTo(byElement, `${m[1]}/${m[2]}`, issue);
		else common.push(issue);
	}
	const changeWide: IssueParts = [...ctx.issues.inherited, common];
	const issuesFor = (list: string, index: number): IssueParts => {
		const own = byElement.get(`${list}/${index}`);
		return own ? [...changeWide, own] : changeWide;
	};
	const contacts = new ContactIndex(value.contacts);
	let emitted = false;
	const lists: Array<[string, 'message' | 'status' | 'error']> = [
		['messages', 'message'],
		['statuses', 'status'],
		['errors', 'error'],
	];
	for (const [list, kind] of lists) {
		const entries = value[list];
		if (!Array.isArray(entries)) continue;
		entries.forEach((element, index) => {
			emitted = true;
			const el = isObject(element) ? element : {};
			if (
				kind === 'status' &&
				ctx.filters.messageStatuses &&
				!ctx.filters.messageStatuses.has(String(el.status))
			)
				return;
			const event =
				kind === 'message'
					? String(el.type ?? '') || null
					: kind === 'status'
						? String(el.status ?? '') || null
						: 'error';
			const position = `${ctx.valuePath}/${list}/${index}`;
			const dedupKey =
				kind === 'message'
					? typeof el.id === 'string'
						? `messages:message:${el.id}`
						: 'messages:message-content:' +
							keyHash(['message', ctx.entryId, element], ctx.rawBody, position)
					: kind === 'status'
						? 'messages:status:' + keyHash(['status', ctx.entryId, element], ctx.rawBody, position)
						: 'messages:error:' +
							keyHash(['error', ctx.entryId, ctx.time, element], ctx.rawBody, position);
			const validation = verdict(issuesFor(list, index));
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
			emit({
				...base,
				kind,
				event,
				contact,
				customer,
				messageId,
				groupId: groupOf(el, kind),
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
 * Message mode, user_id_update: one identity_change item per user whose BSUID changed, so that a
 * Switch routes it with the system messages about number and BSUID changes. Each item gets its
 * own entry's findings and those about the change as a whole.
 */
function splitUserIdUpdates(ctx: SplitContext, emit: (item: ChangeItem) => void): boolean {
	const { value } = ctx;
	const updates = value.user_id_update;
	if (!Array.isArray(updates) || updates.length === 0) return false;
	const metadata = isObject(value.metadata) ? value.metadata : {};
	const contacts = new ContactIndex(value.contacts);
	const listPrefix = `${ctx.valuePath}/user_id_update/`;
	// the change's own issues bucketed once by update (as splitMessagesChange does), the
	// change-wide lists referenced by every item
	const common: ValidationIssue[] = [];
	const byUpdate = new Map<number, ValidationIssue[]>();
	for (const issue of ctx.issues.own ?? []) {
		const m = issue.path.startsWith(listPrefix)
			? /^(\d+)(?=\/|$)/.exec(issue.path.slice(listPrefix.length))
			: null;
		if (m) pushTo(byUpdate, Number(m[1]), issue);
		else common.push(issue);
	}
	const changeWide: IssueParts = [...ctx.issues.inherited, common];
	updates.forEach((update, index) => {
		const own = `${listPrefix}${index}`;
		const ownIssues = byUpdate.get(index);
		const issues = ownIssues ? [...changeWide, ownIssues] : changeWide;
		const change = userIdUpdateOf(isObject(update) ? update : {}, contacts);
		emit({
			field: ctx.field,
			wabaId: ctx.wabaId,
			time: ctx.time,
			phoneNumberId: idText(metadata.phone_number_id),
			displayPhoneNumber:
				typeof metadata.display_phone_number === 'string' ? metadata.display_phone_number : null,
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
			validation: verdict(issues),
			dedupKey:
				'user_id_update:' + keyHash(['user_id_update', ctx.entryId, update], ctx.rawBody, own),
		});
	});
	return true;
}

/** An item of Meta's dashboard sample: says so, and its findings are information, not a failure. */
function markSample(item: ChangeItem, reason: string, info: ValidationIssue[]): ChangeItem {
	item.test = true;
	item.testReason = reason;
	item.validation = { ...item.validation, info };
	return item;
}

/** Checks that a delivery has the envelope every item is built from; returns a reason if not. */
function envelopeProblem(body: unknown): string | null {
	if (!isObject(body)) return 'body must be a JSON object';
	if (body.object !== WABA_OBJECT) return `"object" must be "${WABA_OBJECT}"`;
	if (!Array.isArray(body.entry)) return '"entry" must be an array';
	for (let i = 0; i < body.entry.length; i++) {
		const entry: unknown = body.entry[i];
		if (!isObject(entry)) return `entry[${i}] must be an object`;
		if (!Array.isArray(entry.changes)) return `entry[${i}].changes must be an array`;
		for (let j = 0; j < entry.changes.length; j++) {
			if (!isObject(entry.changes[j])) return `entry[${i}].changes[${j}] must be an object`;
		}
	}
	return null;
}

/**
 * The path's first stages: the signature over the raw bytes, one UTF-8 decoding, the exact-id
 * parse. The parse, or the refusal to answer with. (The benchmark times these stages alone.)
 */
export function readSignedBody(
	rawBody: Buffer,
	headers: Record<string, string | string[] | undefined>,
	appSecret: string,
): ExactParse | DeliveryResult {
	const signature = verifySignature(rawBody, headers[SIGNATURE_HEADER], appSecret);
	if (!signature.ok) return refuse(401, signature.reason);
	let text: string;
	try {
		text = utf8.decode(rawBody);
	} catch {
		return refuse(400, 'body is not valid UTF-8');
	}
	try {
		return parseExactly(text);
	} catch (error) {
		return refuse(400, `body is not JSON: ${(error as Error).message}`);
	}
}

/**
 * The trigger's whole POST path, independent of n8n so that the harness and the benchmark
 * run exactly this: verify the signature over the raw bytes, parse once, validate once
 * with the precompiled validator, split into items, filter. Refusals carry a reason.
 *
 * The body is always parsed here from the bytes whose signature was checked, as UTF-8 whatever
 * the Content-Type says (n8n's own parse of it may have used another charset, and rounds ids
 * beyond 2^53): one decoding, exact ids. Costs one JSON.parse, about 2 µs on a fixture.
 */
export function processDelivery(
	rawBody: Buffer,
	headers: Record<string, string | string[] | undefined>,
	appSecret: string,
	options: DeliveryOptions,
	filters: CompiledFilters = compileFilters(options),
): DeliveryResult {
	const parsed = readSignedBody(rawBody, headers, appSecret);
	if ('status' in parsed) return parsed;
	const body = parsed.body;
	const problem = envelopeProblem(body);
	if (problem) return refuse(400, problem);
	const delivery = body as {
		object: string;
		entry: Array<{ id?: unknown; time?: unknown; changes: Json[] }>;
	};

	// Validation judges the numbers as JSON has them (an id typed integer accepts a 64-bit one);
	// the items then carry their exact digits.
	let issues = validateDelivery(delivery) ? [] : toIssues(validateDelivery.errors, delivery);
	for (const { pointer, literal } of parsed.inexact) {
		issues.push({
			path: pointer,
			kind: 'inexact_number',
			message: `number ${literal} is beyond 2^53 and not written as plain digits: its digits cannot be kept`,
		});
	}
	keepDigits(parsed);
	// Meta's App Dashboard samples: their findings are set aside as information (see dashboardSample.ts)
	const samples = findDashboardSamples(delivery.entry);
	let sampleInfo: Map<string, ValidationIssue[]> | null = null;
	if (samples && issues.length)
		({ errors: issues, info: sampleInfo } = setAsideSampleIssues(issues, samples, delivery.entry));
	const index = issues.length ? new IssueIndex(issues) : null;
	const main: ChangeItem[] = [];
	const invalid: ChangeItem[] = [];
	const emit = (item: ChangeItem) => {
		if (!item.validation.valid && options.invalidHandling === 'route') invalid.push(item);
		else main.push(item);
	};

	let changeCount = 0;
	let passed = 0;
	const entries = delivery.entry;
	for (let e = 0; e < entries.length; e++) {
		const entry = entries[e];
		const wabaId = entry.id === undefined || entry.id === null ? '' : String(entry.id);
		const entryId = entry.id ?? null;
		const time = typeof entry.time === 'number' ? entry.time : null;
		const changes = entry.changes;
		for (let c = 0; c < changes.length; c++) {
			const change = changes[c];
			changeCount++;
			const field = typeof change.field === 'string' ? change.field : String(change.field);
			const value = change.value;
			const event = eventOf(field, value);
			if (!passesChangeFilters(filters, field, wabaId, event, value)) continue;
			if (options.outputMode !== 'message' && !passesStatusFilter(filters, field, value)) continue;
			passed++;
			if (options.outputMode === 'delivery') continue;
			const changeIssues = index ? index.forChange(e, c) : NO_CHANGE_ISSUES;
			const sampleReason = samples?.get(`${e}/${c}`);
			const emitHere = sampleReason
				? (item: ChangeItem) =>
						emit(markSample(item, sampleReason, sampleInfo?.get(`${e}/${c}`) ?? []))
				: emit;
			if (
				options.outputMode === 'message' &&
				isObject(value) &&
				(field === 'messages' || field === 'user_id_update')
			) {
				const ctx: SplitContext = {
					field,
					wabaId,
					entryId,
					time,
					value,
					issues: changeIssues,
					valuePath: `/entry/${e}/changes/${c}/value`,
					rawBody,
					filters,
				};
				if (
					field === 'messages'
						? splitMessagesChange(ctx, emitHere)
						: splitUserIdUpdates(ctx, emitHere)
				)
					continue;
			}
			emitHere({
				field,
				wabaId,
				time,
				event,
				value,
				validation: verdict(
					changeIssues.own ? [...changeIssues.inherited, changeIssues.own] : changeIssues.inherited,
				),
				dedupKey: changeDedupKey(change.field, entryId, time, value, rawBody, `${e}/${c}`),
			});
		}
	}

	if (options.outputMode === 'delivery' && passed > 0) {
		const item = {
			...(delivery as unknown as Json),
			validation: verdict([issues]),
			dedupKey: 'delivery:' + hash(rawBody),
		} as unknown as ChangeItem;
		// the whole delivery is Meta's sample when every change in it is one; the findings about
		// samples batched with real changes are still reported, as information
		const info = sampleInfo ? [...new Set([...sampleInfo.values()].flat())] : [];
		if (samples && samples.size === changeCount)
			emit(markSample(item, [...new Set(samples.values())].join('; '), info));
		else {
			if (info.length) item.validation.info = info;
			emit(item);
		}
	}
	const receipt = { received: true, changes: changeCount, items: main.length + invalid.length };
	if (main.length === 0 && invalid.length === 0) return { status: 200, body: receipt };
	return { status: 200, body: receipt, outputs: [main, invalid] };
}
