// Each send's outcome as an output item: Meta's wamid (the `id` of the status items the
// trigger later receives), or Meta's code with what it means.
import type { IDataObject } from 'n8n-workflow';

import { sendOutcome } from '../../messaging/send';
import type { OutgoingMessage, SendAnswer } from '../../messaging/send';
import type { FailureKind } from '../../transport/pacer';
import { errorItem } from '../common';

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

/**
 * The output of one item: `{status: 'accepted', messageId (the wamid), …}` or `{status: 'failed',
 * code, explanation, fix, …}`; Meta's whole answer under `response` unless `withAnswer` is false.
 */
export function messagingOutcome(
	result: { message: OutgoingMessage; answer: SendAnswer } | { error: unknown },
	attempts?: number,
	withAnswer = true,
): IDataObject {
	if ('answer' in result) {
		return {
			status: 'accepted',
			...sendOutcome(result.message, result.answer, withAnswer),
			...(attempts !== undefined ? { attempts } : {}),
		};
	}
	const error = result.error as Error & { context?: IDataObject };
	const answered = error?.context?.httpStatus !== undefined;
	return {
		status: 'failed',
		...errorItem(error),
		// without an answer the message may have been accepted: it was not sent again
		...(attempts !== undefined && !answered ? { answered: false } : {}),
		...(attempts !== undefined ? { attempts } : {}),
	};
}
