/**
 * Answers to Send and Wait for Response questions, found in a delivery and handed to the
 * waiting executions (docs/design/send-and-wait.md, "The trigger: finding and resuming"). A
 * message whose tapped id is a reference (`wa1 /webhook-waiting/…`) is POSTed, with Meta's raw
 * body and signature unchanged, to n8n's own origin + the reference; n8n checks the URL's
 * signature, the waiting node checks Meta's. What n8n answers is read into an outcome the item
 * carries as `answersQuestion`. Independent of n8n: the POST is given by the caller.
 */
import { sleep } from 'n8n-workflow';

import { parseReference, tappedReference } from '../../shared/webhook/answerReference';
import { isObject } from '../../shared/json';
import type { ChangeItem } from '../delivery/result';

export type ResumeOutcome = 'resumed' | 'refused' | 'alreadyAnswered' | 'notWaiting';

/** What an item that answered a question carries (`answersQuestion`). */
export interface AnswersQuestion {
	executionId: string;
	questionMessageId: string | null;
	outcome: ResumeOutcome;
	reason: string | null;
}

/** n8n's answer to the POST: status, content type, body as text. */
export interface N8nAnswer {
	status: number;
	contentType: string;
	body: string;
}

/** POSTs the delivery to a URL; rejects on a network error (n8n unreachable). */
export type PostDelivery = (
	url: string,
	body: Buffer,
	headers: Record<string, string>,
) => Promise<N8nAnswer>;

/**
 * The reference of the Free Text question a text message answers, or null; rejects when the
 * questions cannot be listed now (Meta is then asked to send the delivery again).
 */
export type TextQuestionFinder = (message: unknown) => Promise<string | null>;

/** The trigger option "Answers to Waiting Questions". */
export type AnswerHandling = 'resumeAndPassOn' | 'resumeAndDrop' | 'ignore';

export interface RetrySettings {
	/** The first pause between attempts; each next one doubles. */
	firstDelayMs: number;
	/** The whole time spent retrying one answer before Meta is told to send it again. */
	budgetMs: number;
	sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetrySettings = {
	firstDelayMs: 250,
	budgetMs: 8_000,
	sleep,
};

type Reading = { outcome: ResumeOutcome; reason: string | null } | 'retry';

/**
 * What n8n's answer means. 409 "running already" (2.x: the execution is not saved as waiting
 * yet), 5xx (1.x and 2.x: a lost claim, or n8n busy) are worth another try; the rest is final.
 */
export function readN8nAnswer(answer: N8nAnswer): Reading {
	const { status, contentType, body } = answer;
	if (status === 200) {
		if (contentType.includes('json')) {
			try {
				const json = JSON.parse(body) as unknown;
				if (isObject(json) && json.resumed === true) return { outcome: 'resumed', reason: null };
				if (isObject(json) && json.resumed === false)
					return {
						outcome: json.reason === 'alreadyAnswered' ? 'alreadyAnswered' : 'refused',
						reason: typeof json.reason === 'string' ? json.reason : null,
					};
			} catch {
				// not our node's answer: fall through
			}
		}
		// n8n's "no action required" page: the execution finished, answered earlier
		return { outcome: 'alreadyAnswered', reason: null };
	}
	if (status === 401 || status === 403) return { outcome: 'refused', reason: 'signature' };
	if (status === 404) return { outcome: 'notWaiting', reason: null };
	if (status === 409)
		return /running already/i.test(body) ? 'retry' : { outcome: 'notWaiting', reason: 'finished' };
	if (status >= 500) return 'retry';
	return { outcome: 'refused', reason: `n8n answered ${status}` };
}

/**
 * POSTs one answer until n8n gives a final answer, or the retry budget is spent: then null, and
 * the trigger answers Meta 503 without starting its workflow, so Meta sends the delivery again.
 */
export async function resumeOne(
	post: PostDelivery,
	url: string,
	rawBody: Buffer,
	headers: Record<string, string>,
	retry: RetrySettings = DEFAULT_RETRY,
): Promise<{ outcome: ResumeOutcome; reason: string | null } | null> {
	let delay = retry.firstDelayMs;
	let spent = 0;
	for (;;) {
		let reading: Reading;
		try {
			reading = readN8nAnswer(await post(url, rawBody, headers));
		} catch {
			reading = 'retry';
		}
		if (reading !== 'retry') return reading;
		if (spent + delay > retry.budgetMs) return null;
		await retry.sleep(delay);
		spent += delay;
		delay *= 2;
	}
}

/**
 * The inbound messages an item is about: its message (per-message items), its change's, or
 * every messages change's of the delivery (Raw Delivery).
 */
function messagesOf(item: ChangeItem): unknown[] {
	if (Array.isArray(item.entry))
		return item.entry.flatMap((entry: unknown) =>
			isObject(entry) && Array.isArray(entry.changes)
				? entry.changes.flatMap((change: unknown) =>
						isObject(change) && change.field === 'messages'
							? messagesOf({ ...(change as ChangeItem), kind: 'change' })
							: [],
					)
				: [],
		);
	if (item.field !== 'messages') return [];
	if (item.kind === 'message') return [item.value];
	const value = item.value;
	return isObject(value) && Array.isArray(value.messages) ? value.messages : [];
}

export interface ResumeResult {
	/** The items, those that answered a question with `answersQuestion` (and dropped when asked). */
	items: ChangeItem[];
	/** An answer could not be handed over in time: answer Meta 503, start nothing. */
	retryLater: boolean;
}

/**
 * Resumes the questions the items answer, one POST per reference (a change with several
 * messages: the first answer's outcome is the item's). `origin` is n8n's own, where its
 * /webhook-waiting/ paths are served. Text messages are looked up with `findTextQuestion`, when
 * Free Text answers are on.
 */
export async function resumeWaitingQuestions(
	items: ChangeItem[],
	delivery: { rawBody: Buffer; signature: string },
	origin: string,
	handling: AnswerHandling,
	post: PostDelivery,
	retry: RetrySettings = DEFAULT_RETRY,
	findTextQuestion?: TextQuestionFinder,
): Promise<ResumeResult> {
	if (handling === 'ignore') return { items, retryLater: false };
	const headers = {
		'content-type': 'application/json',
		'x-hub-signature-256': delivery.signature,
	};
	const outcomes = new Map<string, { outcome: ResumeOutcome; reason: string | null } | null>();
	const kept: ChangeItem[] = [];
	for (const item of items) {
		let answers: AnswersQuestion | undefined;
		for (const message of messagesOf(item)) {
			let tapped = tappedReference(message);
			if (tapped === null && findTextQuestion && isObject(message) && message.type === 'text') {
				try {
					tapped = await findTextQuestion(message);
				} catch {
					return { items, retryLater: true };
				}
			}
			const reference = tapped === null ? null : parseReference(tapped);
			if (!reference) continue;
			// the same reference twice in one delivery is POSTed once
			if (!outcomes.has(reference.pathAndQuery))
				outcomes.set(
					reference.pathAndQuery,
					await resumeOne(post, origin + reference.pathAndQuery, delivery.rawBody, headers, retry),
				);
			const result = outcomes.get(reference.pathAndQuery);
			if (!result) return { items, retryLater: true };
			const context = isObject(message) && isObject(message.context) ? message.context : {};
			// a Free Text reference names its question (q); a tap quotes it
			const named = new URL(reference.pathAndQuery, 'http://reference.invalid').searchParams.get(
				'q',
			);
			answers ??= {
				executionId: reference.executionId,
				questionMessageId: named ?? (typeof context.id === 'string' ? context.id : null),
				outcome: result.outcome,
				reason: result.reason,
			};
		}
		if (!answers) kept.push(item);
		else if (handling === 'resumeAndPassOn') kept.push({ ...item, answersQuestion: answers });
	}
	return { items: kept, retryLater: false };
}
