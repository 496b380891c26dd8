import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import type { GraphError, GraphErrorEnvelope } from '../generated/graph-types';
import { explainMessagingError } from './messagingErrors';
import { THROTTLING_CODES, TRANSIENT_CODES } from './throttling';

/** What a Graph error means for the caller; decided on `code`, never on the message. */
export type GraphErrorClass =
	| 'throttling'
	| 'transient'
	| 'token'
	| 'permission'
	| 'invalid_parameter'
	| 'account_locked'
	| 'other';

export function classifyGraphError(code: number | undefined, httpStatus: number): GraphErrorClass {
	if (code !== undefined) {
		if (THROTTLING_CODES.includes(code)) return 'throttling';
		if (TRANSIENT_CODES.includes(code)) return 'transient';
		if (code === 190) return 'token';
		if (code === 10 || (code >= 200 && code <= 299)) return 'permission';
		if (code === 100) return 'invalid_parameter';
		if (code === 131031) return 'account_locked';
		return 'other';
	}
	if (httpStatus === 429) return 'throttling';
	// a 5xx without Meta's envelope (a gateway, an outage): worth the same call again
	if (httpStatus >= 500) return 'transient';
	return 'other';
}

/** Only throttling and transient errors are worth the same call again. */
export function isRetryable(errorClass: GraphErrorClass): boolean {
	return errorClass === 'throttling' || errorClass === 'transient';
}

/** The `error` object of Meta's envelope, or undefined when the body is not one. */
export function extractGraphError(body: unknown): GraphError | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const error = (body as Partial<GraphErrorEnvelope>).error;
	if (!error || typeof error !== 'object') return undefined;
	return error;
}

const HEADLINES: Record<GraphErrorClass, string> = {
	throttling: 'Meta is rate-limiting calls to this WhatsApp Business Account',
	transient: 'The Graph API had a temporary problem',
	token: 'The access token is invalid or has expired',
	permission: 'The access token is not allowed to do this',
	invalid_parameter: 'The Graph API rejected a parameter',
	account_locked: 'The WhatsApp Business Account is locked',
	other: 'The Graph API returned an error',
};

const ADVICE: Record<GraphErrorClass, string> = {
	throttling:
		'Wait and run again, or spread calls out: WABA management calls fall under Business Use Case rate limits.',
	transient: 'Run the node again in a moment.',
	token:
		'Create a new token (a system-user token from Meta Business Settings > System Users does not expire) and update the WhatsApp Business Account API credential. Do not retry with the same token.',
	permission:
		"Give the token the whatsapp_business_management permission (and whatsapp_business_messaging to send messages), and in Meta Business Settings assign this WhatsApp account to the token's system user with the tasks the operation needs (such as MANAGE or DEVELOP). Check also that the id belongs to an account the token can see.",
	invalid_parameter:
		"Check the ids and values the node sends; Meta's message above names the parameter.",
	account_locked:
		'Meta has locked the account; see Meta Business Suite > Account Quality for the reason and to appeal.',
	other: 'Quote the fbtrace_id to Meta support if the problem persists.',
};

export interface GraphErrorDetails {
	httpStatus: number;
	body: unknown;
	/** Tries made, the failing one included. */
	attempts?: number;
	/** When throttled: how long Meta asked us to stay away, in ms. */
	requestedWaitMs?: number;
	itemIndex?: number;
}

/** Ends a sentence with a full stop unless it already ends with punctuation. */
function sentence(text: string): string {
	const trimmed = text.trim();
	return /[.!?)]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function describeWait(ms: number): string {
	const minutes = ms / 60_000;
	if (minutes >= 1)
		return `about ${Math.ceil(minutes)} minute${Math.ceil(minutes) === 1 ? '' : 's'}`;
	return `about ${Math.ceil(ms / 1000)} seconds`;
}

/**
 * Meta's error envelope (or a bare HTTP failure) as a NodeApiError: a headline that says
 * what happened, a description with Meta's own user-facing text and what to do, and the
 * code, subcode and fbtrace_id both in the text and in `context`.
 */
export function buildGraphApiError(node: INode, details: GraphErrorDetails): NodeApiError {
	const { httpStatus, body, attempts, requestedWaitMs, itemIndex } = details;
	const graphError = extractGraphError(body);
	const code = typeof graphError?.code === 'number' ? graphError.code : undefined;
	const subcode =
		typeof graphError?.error_subcode === 'number' ? graphError.error_subcode : undefined;
	const errorClass = classifyGraphError(code, httpStatus);

	const metaMessage =
		graphError?.message ?? (typeof body === 'string' && body ? body : `HTTP ${httpStatus}`);
	const userTitle = graphError?.error_user_title;
	const userMessage = graphError?.error_user_msg;

	let headline = `${HEADLINES[errorClass]}: ${userTitle ?? metaMessage}`;
	if (errorClass === 'throttling' && attempts && attempts > 1)
		headline += ` (gave up after ${attempts} tries)`;

	// WhatsApp's messaging errors carry their detail in error_data.details
	const errorData = (graphError as { error_data?: { details?: unknown } } | undefined)?.error_data;
	const metaDetails = typeof errorData?.details === 'string' ? errorData.details : undefined;
	const explained = explainMessagingError(code);

	const parts: string[] = [];
	if (userMessage) parts.push(sentence(userMessage));
	if (userTitle || userMessage) parts.push(sentence(`Meta: ${metaMessage}`));
	if (metaDetails) parts.push(sentence(`Meta's details: ${metaDetails}`));
	if (explained) parts.push(sentence(explained.explanation));
	if (errorClass === 'throttling' && requestedWaitMs !== undefined && requestedWaitMs > 0) {
		parts.push(`Meta expects access back in ${describeWait(requestedWaitMs)}.`);
	}
	// a documented code's own fix says more than its class's advice
	parts.push(explained ? sentence(`Fix: ${explained.fix}`) : ADVICE[errorClass]);
	const ids = [
		code !== undefined ? `code ${code}` : undefined,
		subcode !== undefined ? `subcode ${subcode}` : undefined,
		graphError?.fbtrace_id ? `fbtrace_id ${graphError.fbtrace_id}` : undefined,
		`HTTP ${httpStatus}`,
	].filter(Boolean);
	parts.push(`(${ids.join(', ')})`);

	const errorResponse: JsonObject =
		body && typeof body === 'object'
			? { ...(body as JsonObject), httpCode: String(httpStatus) }
			: { httpCode: String(httpStatus), message: metaMessage };

	const failure =
		errorClass === 'throttling'
			? {
					cause: 'rate-limited' as const,
					...(requestedWaitMs ? { retryAfterMs: requestedWaitMs } : {}),
				}
			: errorClass === 'transient'
				? { cause: 'temporarily-unavailable' as const }
				: errorClass === 'token'
					? { cause: 'credential-invalid' as const }
					: errorClass === 'permission' || errorClass === 'invalid_parameter'
						? { cause: 'configuration-invalid' as const }
						: undefined;

	const error = new NodeApiError(node, errorResponse, {
		message: headline,
		description: parts.join(' '),
		httpCode: String(httpStatus),
		itemIndex,
		...(failure ? { failure } : {}),
	});
	error.context.graphErrorClass = errorClass;
	if (code !== undefined) error.context.graphErrorCode = code;
	if (subcode !== undefined) error.context.graphErrorSubcode = subcode;
	if (graphError?.type) error.context.graphErrorType = graphError.type;
	// the editor's lists explain a refusal in their own words (methods/refusal.ts)
	error.context.graphErrorMessage = metaMessage;
	if (graphError?.fbtrace_id) error.context.fbtraceId = graphError.fbtrace_id;
	if (userTitle) error.context.errorUserTitle = userTitle;
	if (userMessage) error.context.errorUserMessage = userMessage;
	if (metaDetails) error.context.graphErrorDetails = metaDetails;
	if (explained) {
		error.context.graphErrorExplanation = explained.explanation;
		error.context.graphErrorFix = explained.fix;
	}
	error.context.httpStatus = httpStatus;
	if (attempts !== undefined) error.context.attempts = attempts;
	return error;
}
