// Each send's outcome as an output item: Meta's wamid (the `id` of the status items the
// trigger later receives), or Meta's code with what it means.
import type { IDataObject } from 'n8n-workflow';

import { explainMessagingError } from '../../../shared/transport/messagingErrors';
import type { FailureKind } from '../../../shared/transport/pacer';

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
		...(code !== undefined ? { code, ...explanationOf(code) } : {}),
		...(context.graphErrorSubcode !== undefined ? { subcode: context.graphErrorSubcode } : {}),
		...(context.fbtraceId ? { fbtrace_id: context.fbtraceId } : {}),
		// without an answer the message may have been accepted: it was not sent again
		...(attempts !== undefined && !answered ? { answered: false } : {}),
		...(attempts !== undefined ? { attempts } : {}),
	};
}

function explanationOf(code: number): IDataObject {
	const known = explainMessagingError(code);
	return known ? { explanation: known.explanation, fix: known.fix } : { explanation: 'See Meta\'s error codes reference for this code' };
}
