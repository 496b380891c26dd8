/**
 * The resume of Send and Wait for Response: what the node's restart webhook decides about a POST
 * to its signed URL (docs/design/send-and-wait.md, "webhook()"). The body must be a delivery
 * Meta signed with the credential's App Secret, holding a message whose tapped id is this very
 * URL, sent by the customer the URL is bound to (`c`), and the question must not have been
 * answered in this process already. Independent of n8n, so that it can be tested alone.
 */
import { ContactIndex, senderOf, withContact, type Customer } from '../../shared/webhook/customer';
import {
	flowAnswers,
	FLOW_KIND,
	KIND_KEY,
	FREE_TEXT_KIND,
	REFERENCE_PREFIX,
	senderHashes,
	tappedReference,
} from '../../shared/webhook/answerReference';
import { verifySignature } from '../../shared/webhook/signature';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export type RefusalReason =
	'signature' | 'malformed' | 'notThisQuestion' | 'notFromAskedCustomer' | 'alreadyAnswered';

/** The answering message as the delivery carried it, and what the item needs of it. */
export interface Answer {
	/** `o` of the URL: the answer the tapped id stands for (`text` for Free Text, `flow` for a Flow). */
	value: string;
	/** What the customer saw on the button or row. */
	title: string | null;
	/** The body of a Free Text answer. */
	text: string | null;
	/** A Flow's answers (`response_json` without its `flow_token`). */
	flowResponse: Record<string, unknown> | null;
	/** The question's wamid: the one a Free Text URL names (`q`), else the one the tap quotes. */
	questionMessageId: string | null;
	message: Obj;
	customer: Customer;
	phoneNumberId: string | null;
}

export type ResumeVerdict = { ok: true; answer: Answer } | { ok: false; reason: RefusalReason };

export interface ResumeRequest {
	rawBody: Buffer;
	signatureHeader: string | string[] | undefined;
	appSecret: string;
	/** The request's path and query as received (`/webhook-waiting/<id>/<node>?…`). */
	pathAndQuery: string;
}

/** Every inbound message of the delivery's messages changes, with its change's value. */
function* inboundMessages(body: unknown): Generator<{ message: Obj; value: Obj }> {
	if (!isObject(body) || !Array.isArray(body.entry)) return;
	for (const entry of body.entry) {
		if (!isObject(entry) || !Array.isArray(entry.changes)) continue;
		for (const change of entry.changes) {
			if (!isObject(change) || change.field !== 'messages' || !isObject(change.value)) continue;
			const { value } = change;
			if (!Array.isArray(value.messages)) continue;
			for (const message of value.messages) if (isObject(message)) yield { message, value };
		}
	}
}

/**
 * Questions resumed in this process, by their URL's path (execution and node): n8n 1.x resumes
 * an execution as often as it is asked at once, so the node claims each question once. Kept an
 * hour, the longest a retried answer to a finished question is worth refusing here (n8n then
 * finds the execution finished anyway).
 */
export class Claims {
	private readonly claimed = new Map<string, number>();

	constructor(private readonly keepMs = 3_600_000) {}

	/** True the first time for `key` (within `keepMs`), false after. */
	claim(key: string, now = Date.now()): boolean {
		for (const [k, at] of this.claimed) if (now - at > this.keepMs) this.claimed.delete(k);
		if (this.claimed.has(key)) return false;
		this.claimed.set(key, now);
		return true;
	}
}

type Found = { ok: true; message: Obj; value: Obj } | { ok: false; reason: RefusalReason };

/** The message whose tapped id is this URL's reference, from the customer asked. */
function tapOf(body: unknown, expected: string, asked: string): Found {
	for (const candidate of inboundMessages(body)) {
		if (tappedReference(candidate.message) !== expected) continue;
		if (!senderHashes(candidate.message).includes(asked))
			return { ok: false, reason: 'notFromAskedCustomer' };
		return { ok: true, ...candidate };
	}
	return { ok: false, reason: 'notThisQuestion' };
}

/**
 * A Free Text answer: the first text message of the customer asked, to the number the question
 * went from (`p`). Quoting the question is not required: the customer's next text answers.
 */
function textFrom(body: unknown, asked: string, phoneNumberId: string | null): Found {
	let other = false;
	for (const candidate of inboundMessages(body)) {
		const { message, value } = candidate;
		if (message.type !== 'text' || !isObject(message.text)) continue;
		const metadata = isObject(value.metadata) ? value.metadata : {};
		if (phoneNumberId !== null && metadata.phone_number_id !== phoneNumberId) continue;
		if (senderHashes(message).includes(asked)) return { ok: true, ...candidate };
		other = true;
	}
	return { ok: false, reason: other ? 'notFromAskedCustomer' : 'notThisQuestion' };
}

/** A Flow's answers without the token that carried the reference. */
function flowResponseOf(message: Obj): Record<string, unknown> | null {
	const answers = flowAnswers(message);
	if (!answers) return null;
	const rest = { ...answers };
	delete rest.flow_token;
	return rest;
}

/** Whether the POST may resume the question, and with which answer. */
export function judgeResume(request: ResumeRequest, claims: Claims): ResumeVerdict {
	const signature = verifySignature(request.rawBody, request.signatureHeader, request.appSecret);
	if (!signature.ok) return { ok: false, reason: 'signature' };
	let body: unknown;
	let url: URL;
	try {
		body = JSON.parse(request.rawBody.toString('utf8'));
		url = new URL(request.pathAndQuery, 'http://resume.invalid');
	} catch {
		return { ok: false, reason: 'malformed' };
	}
	const expected = `${REFERENCE_PREFIX}${request.pathAndQuery}`;
	const kind = url.searchParams.get(KIND_KEY);
	const freeText = kind === FREE_TEXT_KIND;
	const value = kind === FREE_TEXT_KIND || kind === FLOW_KIND ? kind : url.searchParams.get('o');
	const asked = url.searchParams.get('c');
	if (value === null || asked === null) return { ok: false, reason: 'malformed' };
	const found = freeText
		? textFrom(body, asked, url.searchParams.get('p'))
		: tapOf(body, expected, asked);
	if (!found.ok) return found;
	const { message } = found;
	if (!claims.claim(url.pathname)) return { ok: false, reason: 'alreadyAnswered' };

	const interactive = isObject(message.interactive) ? message.interactive : {};
	// a template's quick reply comes back as `button: { payload, text }`
	const reply = (interactive.button_reply ?? interactive.list_reply ?? message.button ?? {}) as Obj;
	const text =
		isObject(message.text) && typeof message.text.body === 'string' ? message.text.body : null;
	const metadata = isObject(found.value.metadata) ? found.value.metadata : {};
	const customer = withContact(
		senderOf(message),
		new ContactIndex(found.value.contacts).find(senderOf(message)),
	);
	return {
		ok: true,
		answer: {
			value,
			title:
				typeof reply.title === 'string'
					? reply.title
					: typeof reply.text === 'string'
						? reply.text
						: null,
			text,
			flowResponse: flowResponseOf(message),
			questionMessageId:
				url.searchParams.get('q') ??
				(isObject(message.context) && typeof message.context.id === 'string'
					? message.context.id
					: null),
			message,
			customer,
			phoneNumberId: typeof metadata.phone_number_id === 'string' ? metadata.phone_number_id : null,
		},
	};
}
