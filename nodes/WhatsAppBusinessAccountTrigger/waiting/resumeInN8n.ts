/**
 * The trigger's side of Send and Wait for Response, in n8n: the POST to n8n's own
 * /webhook-waiting/ through the node's HTTP helper, at the origin of the trigger's own webhook
 * URL (WEBHOOK_URL: in queue mode it reaches the webhook processes), and the option read.
 */
import type { IWebhookFunctions } from 'n8n-workflow';

import type { ChangeItem } from '../delivery/result';
import { SIGNATURE_HEADER } from '../../shared/webhook/signature';
import {
	resumeWaitingQuestions,
	type AnswerHandling,
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
	);
}
