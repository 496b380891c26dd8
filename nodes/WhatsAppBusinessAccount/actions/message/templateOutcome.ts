// Each send's outcome as an output item: Meta's wamid (the `id` of the status items the
// trigger later receives), or Meta's code with what it means.
import type { IDataObject } from 'n8n-workflow';

import type { FailureKind } from '../../../shared/transport/pacer';

/** Meta's messaging codes a campaign meets most, and what to do about each. */
const EXPLANATIONS: Record<number, string> = {
	130429: 'The number\'s throughput was reached (80 messages per second by default); send slower',
	131056: 'Too many messages to this recipient in a short time (about one every 6 seconds); send to them later',
	132000: 'The number of variables sent does not match the template\'s',
	132001: 'The template does not exist in this language, or is not approved',
	132005: 'The template\'s text with the variables filled in is too long',
	132007: 'The variables break the template\'s format policy',
	132012: 'A variable\'s value has the wrong format for the template (a media header needs media, not text)',
	132015: 'The template is paused for low quality',
	132016: 'The template is disabled for low quality',
	131026: 'The message could not be delivered to this recipient (not on WhatsApp, or an old app)',
	131047: 'More than 24 hours since the customer last wrote; only a template can be sent',
	131049: 'Meta did not deliver this marketing message, to keep engagement healthy; try later',
	131050: 'The customer stopped marketing messages from this business',
};

interface FailureContext {
	graphErrorCode?: number;
	graphErrorSubcode?: number;
	fbtraceId?: string;
	httpStatus?: number;
}

function contextOf(error: unknown): FailureContext {
	return ((error as { context?: FailureContext } | undefined)?.context ?? {}) as FailureContext;
}

/** 130429 and 131056 are Meta saying "not accepted, try later"; anything else is final. */
export function classifyMessagingFailure(error: unknown): FailureKind {
	const code = contextOf(error).graphErrorCode;
	if (code === 130429) return 'throughput';
	if (code === 131056) return 'pair';
	return 'final';
}

/** The output of one item: `{status: 'accepted', wamid}` or `{status: 'failed', code, explanation}`. */
export function messagingOutcome(answer: IDataObject | undefined, error?: unknown, attempts?: number): IDataObject {
	if (answer && !error) {
		const message = ((answer.messages as IDataObject[] | undefined) ?? [])[0] ?? {};
		const contact = ((answer.contacts as IDataObject[] | undefined) ?? [])[0] ?? {};
		return {
			status: 'accepted',
			wamid: message.id,
			...(message.message_status ? { messageStatus: message.message_status } : {}),
			...(contact.wa_id ? { waId: contact.wa_id } : {}),
			...(contact.user_id ? { userId: contact.user_id } : {}),
			...(contact.input ? { input: contact.input } : {}),
			...(attempts !== undefined ? { attempts } : {}),
		};
	}
	const context = contextOf(error);
	const code = context.graphErrorCode;
	const answered = context.httpStatus !== undefined;
	return {
		status: 'failed',
		error: (error as Error)?.message ?? String(error),
		...(code !== undefined ? { code, explanation: EXPLANATIONS[code] ?? 'See Meta\'s error codes reference for this code' } : {}),
		...(context.graphErrorSubcode !== undefined ? { subcode: context.graphErrorSubcode } : {}),
		...(context.fbtraceId ? { fbtrace_id: context.fbtraceId } : {}),
		// without an answer the message may have been accepted: it was not sent again
		...(attempts !== undefined && !answered ? { answered: false } : {}),
		...(attempts !== undefined ? { attempts } : {}),
	};
}
