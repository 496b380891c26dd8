/**
 * The trigger's side of Send and Wait for Response, in n8n: the POST to n8n's own
 * /webhook-waiting/ through the node's HTTP helper, at the origin of the trigger's own webhook
 * URL (WEBHOOK_URL: in queue mode it reaches the webhook processes), the options read, and the
 * waiting Free Text questions listed through n8n's public API (n8n API credential).
 */
import type { IWebhookFunctions } from 'n8n-workflow';

import { isObject } from '../../shared/json';
import {
	numbersOfMessages,
	questionAnsweredBy,
	waitingTextQuestion,
	type WaitingTextQuestion,
} from './freeTextQuestions';
import type { ChangeItem } from '../delivery/result';
import { SIGNATURE_HEADER } from '../../shared/webhook/signature';
import {
	DEFAULT_RETRY,
	resumeWaitingQuestions,
	type AnswerHandling,
	type TextQuestionFinder,
	type PostDelivery,
	type ResumeResult,
} from './resumeQuestions';

const asText = (body: unknown): string =>
	typeof body === 'string'
		? body
		: Buffer.isBuffer(body)
			? body.toString('utf8')
			: body === undefined || body === null
				? ''
				: JSON.stringify(body);

function postThrough(context: IWebhookFunctions): PostDelivery {
	return async (url, body, headers) => {
		const response = (await context.helpers.httpRequest({
			method: 'POST',
			url,
			body,
			headers,
			json: false,
			encoding: 'text',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 10_000,
		})) as { statusCode: number; headers: Record<string, unknown>; body: unknown };
		return {
			status: response.statusCode,
			contentType: String(response.headers['content-type'] ?? ''),
			body: asText(response.body),
		};
	};
}

/** Pages of 250 (the API's largest) read at most: 10,000 waiting executions. */
const MAX_PAGES = 40;

/**
 * Every Free Text question waiting in this n8n, read through its public API. Rejects when n8n
 * cannot answer now (unreachable, 429, 5xx): the delivery is then asked again. A refusal (a
 * wrong key or URL, n8n 1.x without waiting executions in the list) is logged and finds none.
 */
async function listWaitingTextQuestions(
	context: IWebhookFunctions,
): Promise<WaitingTextQuestion[]> {
	const credential = await context.getCredentials('whatsAppN8nApi');
	const baseUrl = String(credential.baseUrl ?? '').replace(/\/+$/, '');
	const questions: WaitingTextQuestion[] = [];
	let cursor: string | undefined;
	for (let page = 0; page < MAX_PAGES; page++) {
		const response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			'whatsAppN8nApi',
			{
				method: 'GET',
				url: `${baseUrl}/executions`,
				qs: { status: 'waiting', includeData: true, limit: 250, ...(cursor ? { cursor } : {}) },
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: 10_000,
			},
		)) as { statusCode: number; body: unknown };
		if (response.statusCode === 429 || response.statusCode >= 500)
			throw new Error(`n8n's API answered ${response.statusCode}`);
		if (response.statusCode !== 200 || !isObject(response.body)) {
			context.logger.warn(
				`WhatsApp Business Account Trigger: Find Free-Text Answers: n8n's API at ${baseUrl} answered ${response.statusCode}; check the WhatsApp Waiting Questions API credential (your n8n's API URL and key)`,
			);
			return questions;
		}
		const { data, nextCursor } = response.body;
		for (const execution of Array.isArray(data) ? data : []) {
			const question = waitingTextQuestion(execution);
			if (question) questions.push(question);
		}
		if (typeof nextCursor !== 'string' || !nextCursor) break;
		cursor = nextCursor;
	}
	return questions;
}

/**
 * The finder of Free Text questions for one delivery: the waiting ones are listed once, at the
 * first text, and a question one text answered is not offered to the next.
 */
function textQuestionFinder(context: IWebhookFunctions, rawBody: Buffer): TextQuestionFinder {
	const numbers = numbersOfMessages(rawBody);
	let waiting: Promise<WaitingTextQuestion[]> | undefined;
	return async (message) => {
		const id = isObject(message) && typeof message.id === 'string' ? message.id : '';
		waiting ??= listWaitingTextQuestions(context);
		const questions = await waiting;
		const question = questionAnsweredBy(message, numbers.get(id) ?? null, questions);
		if (!question) return null;
		questions.splice(questions.indexOf(question), 1);
		return question.reference;
	};
}

/** The accepted delivery's items, after the questions they answer were resumed. */
export async function resumeAnsweredQuestions(
	context: IWebhookFunctions,
	items: ChangeItem[],
	rawBody: Buffer,
	headers: Record<string, string | string[] | undefined>,
): Promise<ResumeResult> {
	const handling = context.getNodeParameter('waitingAnswers', 'resumeAndPassOn') as AnswerHandling;
	const signature = headers[SIGNATURE_HEADER];
	const webhookUrl = context.getNodeWebhookUrl('default');
	if (handling === 'ignore' || !webhookUrl || typeof signature !== 'string')
		return { items, retryLater: false };
	return await resumeWaitingQuestions(
		items,
		{ rawBody, signature },
		new URL(webhookUrl).origin,
		handling,
		postThrough(context),
		DEFAULT_RETRY,
		context.getNodeParameter('freeTextAnswers', false) === true
			? textQuestionFinder(context, rawBody)
			: undefined,
	);
}
