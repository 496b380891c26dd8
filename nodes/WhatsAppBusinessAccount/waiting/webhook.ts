/**
 * The action node's restart webhook: n8n calls it when its signed resume URL of a waiting Send
 * and Wait for Response is POSTed (by the WhatsApp Business Account Trigger, with Meta's
 * delivery). It never throws: a throw would end the wait with an error, and a refusal must leave
 * the execution waiting, so it answers `{resumed: false, reason}` without workflow data instead.
 */
import type {
	IDataObject,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { SIGNATURE_HEADER } from '../../shared/webhook/signature';
import { APPROVE } from './question';
import { Claims, judgeResume, type Answer } from './resume';

/**
 * n8n's restart webhook for a waiting node: matched by the node's id (the URL's last segment),
 * answered with the `webhookResponse` webhook() returns (`responseData: ''`).
 */
export const RESUME_WEBHOOKS: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		responseData: '',
		path: '={{ $nodeId }}',
		restartWebhook: true,
		isFullPath: true,
	},
];

/** The questions this process has resumed (see Claims). */
const claims = new Claims();

/** The answer item: the same keys for every response type (docs/messages.md). */
function answerItem(context: IWebhookFunctions, answer: Answer): IDataObject {
	const responseType = String(context.getNodeParameter('responseType', 'approval'));
	const choices = ((context.getNodeParameter('choices', {}) as IDataObject).values ??
		[]) as IDataObject[];
	const index = choices.findIndex(
		(choice) =>
			(String(choice.value ?? '').trim() || String(choice.title ?? '').trim()) === answer.value,
	);
	const { message } = answer;
	const seconds = Number(message.timestamp);
	return {
		answered: true,
		responseType,
		approved: responseType === 'approval' ? answer.value === APPROVE : null,
		choice:
			responseType === 'choice'
				? { value: answer.value, title: answer.title, index: index >= 0 ? index : null }
				: null,
		text: responseType === 'freeText' ? answer.text : null,
		flowResponse: responseType === 'flow' ? (answer.flowResponse as IDataObject | null) : null,
		customer: answer.customer as unknown as IDataObject,
		answerMessageId: typeof message.id === 'string' ? message.id : null,
		answeredAt: Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : null,
		questionMessageId: answer.questionMessageId,
		questionNode: context.getNode().name,
		phoneNumberId: answer.phoneNumberId,
		message: message as IDataObject,
	};
}

export async function resumeWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	try {
		const req = this.getRequestObject();
		const request = req as typeof req & { rawBody?: Buffer; readRawBody?: () => Promise<void> };
		if (request.rawBody === undefined && typeof request.readRawBody === 'function')
			await request.readRawBody();
		const credential = await this.getCredentials('whatsAppBusinessAccountApi');
		const verdict = judgeResume(
			{
				rawBody: request.rawBody ?? Buffer.alloc(0),
				signatureHeader: req.headers[SIGNATURE_HEADER],
				appSecret: String(credential.appSecret ?? ''),
				pathAndQuery: req.originalUrl,
			},
			claims,
		);
		if (!verdict.ok) return { webhookResponse: { resumed: false, reason: verdict.reason } };
		return {
			webhookResponse: { resumed: true },
			workflowData: [[{ json: answerItem(this, verdict.answer) }]],
		};
	} catch (error) {
		this.logger.warn(`Send and Wait for Response: an answer could not be read: ${String(error)}`);
		return { webhookResponse: { resumed: false, reason: 'malformed' } };
	}
}
