/**
 * The one call that sends: POST /{phone-number-id}/messages with `messaging_product:
 * 'whatsapp'`, as JSON (Meta's examples send nested objects). Sends, reactions and
 * mark-as-read all go through it, so pacing and back-off can be added in one place.
 */
import type { IDataObject } from 'n8n-workflow';

import { graphApiRequest } from '../../shared/transport/graphApi';
import type { GraphRequestContext } from '../../shared/transport/graphApi';
import type { GraphRetrySettings } from '../../shared/transport/throttling';

/** A message ready to go: where from, and the body without `messaging_product`. */
export interface OutgoingMessage {
	phoneNumberId: string;
	payload: IDataObject;
}

/** Meta's answer to a send: `contacts[].input / wa_id / user_id`, `messages[].id / message_status`. */
export interface SendAnswer {
	messaging_product?: string;
	contacts?: Array<{ input?: string; wa_id?: string; user_id?: string }>;
	messages?: Array<{ id?: string; message_status?: string }>;
	success?: boolean;
}

export async function postMessage(
	context: GraphRequestContext,
	message: OutgoingMessage,
	itemIndex?: number,
	retry?: Partial<GraphRetrySettings>,
): Promise<SendAnswer> {
	return await graphApiRequest<SendAnswer>(context, {
		method: 'POST',
		path: `/${message.phoneNumberId}/messages`,
		json: { messaging_product: 'whatsapp', ...message.payload },
		itemIndex,
		...(retry ? { retry } : {}),
	});
}

/**
 * The output item of a sent message: the wamid (the id the trigger's status items carry),
 * how Meta resolved the recipient, and Meta's answer as it came (`response`, unless
 * `withAnswer` is false: a campaign's items then stay small).
 */
export function sendOutcome(
	message: OutgoingMessage,
	answer: SendAnswer,
	withAnswer = true,
): IDataObject {
	const contact = answer.contacts?.[0] ?? {};
	const sent = answer.messages?.[0] ?? {};
	const context = message.payload.context as IDataObject | undefined;
	return {
		messageId: sent.id ?? null,
		...(sent.message_status ? { messageStatus: sent.message_status } : {}),
		type: message.payload.type ?? null,
		phoneNumberId: message.phoneNumberId,
		input: contact.input ?? null,
		waId: contact.wa_id ?? null,
		userId: contact.user_id ?? null,
		...(context?.message_id ? { quotedMessageId: context.message_id } : {}),
		...(withAnswer ? { response: answer as IDataObject } : {}),
	};
}
