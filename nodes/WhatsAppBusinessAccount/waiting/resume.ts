/**
 * The resume of Send and Wait for Response: what the node's restart webhook decides about a POST
 * to its signed URL (docs/design/send-and-wait.md, "webhook()"). The body must be a delivery
 * Meta signed with the credential's App Secret, holding a message whose tapped id is this very
 * URL, sent by the customer the URL is bound to (`c`), and the question must not have been
 * answered in this process already. Independent of n8n, so that it can be tested alone.
 */
import { ContactIndex, senderOf, withContact, type Customer } from '../../shared/webhook/customer';
import { REFERENCE_PREFIX, tappedReference } from '../../shared/webhook/answerReference';
import { verifySignature } from '../../shared/webhook/signature';
import { customerHash, normalisedCustomer } from './question';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export type RefusalReason =
	'signature' | 'malformed' | 'notThisQuestion' | 'notFromAskedCustomer' | 'alreadyAnswered';

/** The answering message as the delivery carried it, and what the item needs of it. */
export interface Answer {
	/** `o` of the URL: the answer the tapped id stands for. */
	value: string;
	/** What the customer saw on the button or row. */
	title: string | null;
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

/** The ids the sender goes by (phone digits, BSUID, parent BSUID), each as `c` would hash it. */
function senderHashes(message: Obj): string[] {
	const sender = senderOf(message);
	return [
		sender.phone === null ? null : normalisedCustomer('phone', sender.phone),
		sender.userId,
		sender.parentUserId,
	]
		.filter((id): id is string => id !== null && id !== '')
		.map(customerHash);
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
	const value = url.searchParams.get('o');
	const asked = url.searchParams.get('c');
	if (value === null || asked === null) return { ok: false, reason: 'malformed' };
	let found: { message: Obj; value: Obj } | undefined;
	for (const candidate of inboundMessages(body)) {
		if (tappedReference(candidate.message) === expected) {
			found = candidate;
			break;
		}
	}
	if (!found) return { ok: false, reason: 'notThisQuestion' };
	const { message } = found;
	if (!senderHashes(message).includes(asked)) return { ok: false, reason: 'notFromAskedCustomer' };
	if (!claims.claim(url.pathname)) return { ok: false, reason: 'alreadyAnswered' };

	const interactive = message.interactive as Obj;
	const reply = (interactive.button_reply ?? interactive.list_reply) as Obj;
	const metadata = isObject(found.value.metadata) ? found.value.metadata : {};
	const customer = withContact(
		senderOf(message),
		new ContactIndex(found.value.contacts).find(senderOf(message)),
	);
	return {
		ok: true,
		answer: {
			value,
			title: typeof reply.title === 'string' ? reply.title : null,
			message,
			customer,
			phoneNumberId: typeof metadata.phone_number_id === 'string' ? metadata.phone_number_id : null,
		},
	};
}
