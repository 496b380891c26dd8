/**
 * Free Text answers (docs/design/send-and-wait.md, "Free Text: the one stateful case"): a text
 * carries no id of ours, so the question it answers is found among the executions waiting in
 * n8n, as n8n's public API lists them (`GET /executions?status=waiting&includeData=true`). A Free
 * Text question's waiting output holds its reference (signed by n8n, bound to the customer `c`
 * and the number `p`, naming the question's wamid `q`). Independent of n8n: the listing is given.
 */
import { isObject } from '../../shared/json';
import {
	KIND_KEY,
	FREE_TEXT_KIND,
	parseReference,
	senderHashes,
} from '../../shared/webhook/answerReference';

/** A Free Text question waiting for its answer, as its execution's waiting output names it. */
export interface WaitingTextQuestion {
	reference: string;
	executionId: string;
	/** `c`: the hash of the customer asked. */
	customerHash: string;
	/** `p`: the number the question went from. */
	phoneNumberId: string;
	/** `q`: the question's wamid. */
	questionMessageId: string;
}

/**
 * The Free Text question an execution of the public API's list waits on: the last run of its
 * last node, whose first output item has `waitingFor: 'freeText'` and an `answerReference`.
 */
export function waitingTextQuestion(execution: unknown): WaitingTextQuestion | null {
	if (!isObject(execution) || execution.status !== 'waiting' || !isObject(execution.data))
		return null;
	const result = execution.data.resultData;
	if (!isObject(result) || typeof result.lastNodeExecuted !== 'string') return null;
	const runs = isObject(result.runData) ? result.runData[result.lastNodeExecuted] : undefined;
	if (!Array.isArray(runs) || !runs.length) return null;
	const last: unknown = runs[runs.length - 1];
	const main = isObject(last) && isObject(last.data) ? last.data.main : undefined;
	const first: unknown = Array.isArray(main) && Array.isArray(main[0]) ? main[0][0] : undefined;
	const json = isObject(first) && isObject(first.json) ? first.json : undefined;
	if (!json || json.waitingFor !== 'freeText' || typeof json.answerReference !== 'string')
		return null;
	const parsed = parseReference(json.answerReference);
	if (!parsed || parsed.executionId !== String(execution.id)) return null;
	const query = new URL(parsed.pathAndQuery, 'http://reference.invalid').searchParams;
	const [c, p, q] = [query.get('c'), query.get('p'), query.get('q')];
	if (query.get(KIND_KEY) !== FREE_TEXT_KIND || !c || !p || q === null) return null;
	return {
		reference: json.answerReference,
		executionId: parsed.executionId,
		customerHash: c,
		phoneNumberId: p,
		questionMessageId: q,
	};
}

/**
 * The question a text message to `phoneNumberId` answers: one asked of its sender from that
 * number; the one the text quotes (`context.id`) when it quotes one, else the oldest (the first
 * question asked gets the first answer). Null when no question waits for this customer.
 */
export function questionAnsweredBy(
	message: unknown,
	phoneNumberId: string | null,
	waiting: WaitingTextQuestion[],
): WaitingTextQuestion | null {
	if (!isObject(message) || message.type !== 'text' || phoneNumberId === null) return null;
	const sender = new Set(senderHashes(message));
	const asked = waiting.filter(
		(question) => question.phoneNumberId === phoneNumberId && sender.has(question.customerHash),
	);
	if (!asked.length) return null;
	const quoted = isObject(message.context) ? message.context.id : undefined;
	const byQuote = asked.find((question) => question.questionMessageId === quoted);
	if (byQuote) return byQuote;
	const byAge = (a: WaitingTextQuestion, b: WaitingTextQuestion) =>
		Number(a.executionId) - Number(b.executionId) || a.executionId.localeCompare(b.executionId);
	return [...asked].sort(byAge)[0];
}

/** The number (`metadata.phone_number_id`) each inbound message of a delivery was sent to, by wamid. */
export function numbersOfMessages(rawBody: Buffer): Map<string, string> {
	const numbers = new Map<string, string>();
	let body: unknown;
	try {
		body = JSON.parse(rawBody.toString('utf8'));
	} catch {
		return numbers;
	}
	const entries = isObject(body) && Array.isArray(body.entry) ? body.entry : [];
	for (const entry of entries) {
		const changes = isObject(entry) && Array.isArray(entry.changes) ? entry.changes : [];
		for (const change of changes) {
			const value = isObject(change) && isObject(change.value) ? change.value : {};
			const numberId = isObject(value.metadata) ? value.metadata.phone_number_id : undefined;
			if (typeof numberId !== 'string' || !Array.isArray(value.messages)) continue;
			for (const message of value.messages)
				if (isObject(message) && typeof message.id === 'string') numbers.set(message.id, numberId);
		}
	}
	return numbers;
}
