// Send Template through Meta's Marketing Messages API for WhatsApp: POST
// /{phone-number-id}/marketing_messages takes the same template message as /messages, for
// marketing templates only, with Meta's delivery optimisation, the template's time-to-live
// (message_send_ttl_seconds, 12 hours to 30 days, set on the template and honoured only on
// this path) and two send options: `product_policy` (CLOUD_API_FALLBACK: Meta sends through
// the Cloud API itself when the message cannot go through this API; STRICT: it refuses) and
// `message_activity_sharing` (whether Meta may use the message's activity, such as reads and
// clicks, to optimise delivery).
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { postMessage } from '../../messaging/send';
import { nodeErrorFor } from '../continueOnFail';
import type { OutgoingMessage, SendAnswer } from '../../messaging/send';
import type { TemplateDefinition } from './templateParameters';

export const SEND_THROUGH = {
	cloudApi: 'cloudApi',
	marketingMessages: 'marketingMessages',
} as const;

export const MARKETING_FALLBACK = { cloudApi: 'cloudApi', fail: 'fail' } as const;

export const ACTIVITY_SHARING = {
	metaDefault: 'default',
	share: 'share',
	doNotShare: 'doNotShare',
} as const;

/**
 * Meta's refusals of /marketing_messages that mean "send it through the Cloud API instead"
 * (nothing was sent): 134100 the template is not a marketing template, 134101 the template is
 * not yet synced with its ad account (up to 10 minutes after it is created or used again after
 * 7 days), 134102 the business has not completed Marketing Messages API onboarding, 131055 the
 * older versions' answer to a non-marketing template.
 */
export const USE_CLOUD_API_CODES: ReadonlySet<number> = new Set([134100, 134101, 134102, 131055]);

export function marketingOptions(): INodeProperties[] {
	return [
		{
			displayName: 'Send Through',
			name: 'sendThrough',
			type: 'options',
			options: [
				{
					name: 'Cloud API',
					value: SEND_THROUGH.cloudApi,
					description: "Meta's messages endpoint, for every template category",
				},
				{
					name: 'Marketing Messages API',
					value: SEND_THROUGH.marketingMessages,
					description:
						"Marketing templates through Meta's marketing messages endpoint, with its delivery optimisation and the template's time-to-live; other templates still go through the Cloud API",
				},
			],
			default: 'cloudApi',
			description: "Which of Meta's APIs sends the template",
		},
		{
			displayName: 'If Marketing Messages API Refuses',
			name: 'marketingFallback',
			type: 'options',
			options: [
				{
					name: 'Send Through Cloud API',
					value: MARKETING_FALLBACK.cloudApi,
					description:
						'Meta falls back by itself where it can (product_policy CLOUD_API_FALLBACK); on 134100, 134101, 134102 or 131055 the node sends through /messages',
				},
				{
					name: 'Fail the Row',
					value: MARKETING_FALLBACK.fail,
					description:
						"Meta's product_policy STRICT: a message Meta cannot send through this API fails with Meta's code",
				},
			],
			default: 'cloudApi',
			description: 'Used only when Send Through is Marketing Messages API',
		},
		{
			displayName: 'Message Activity Sharing',
			name: 'messageActivitySharing',
			type: 'options',
			options: [
				{ name: "Meta's Default", value: ACTIVITY_SHARING.metaDefault },
				{ name: 'Share', value: ACTIVITY_SHARING.share },
				{ name: 'Do Not Share', value: ACTIVITY_SHARING.doNotShare },
			],
			default: 'default',
			description:
				"Whether Meta may use this message's activity (reads, clicks) to optimise delivery (message_activity_sharing). Used only with the Marketing Messages API.",
		},
	];
}

/** How a template send goes, from the node's options (the same for every item). */
export interface TemplateRoute {
	through: (typeof SEND_THROUGH)[keyof typeof SEND_THROUGH];
	fallback: (typeof MARKETING_FALLBACK)[keyof typeof MARKETING_FALLBACK];
	activitySharing?: boolean;
}

export function templateRoute(options: IDataObject): TemplateRoute {
	const sharing = String(options.messageActivitySharing ?? ACTIVITY_SHARING.metaDefault);
	return {
		through:
			options.sendThrough === SEND_THROUGH.marketingMessages
				? SEND_THROUGH.marketingMessages
				: SEND_THROUGH.cloudApi,
		fallback:
			options.marketingFallback === MARKETING_FALLBACK.fail
				? MARKETING_FALLBACK.fail
				: MARKETING_FALLBACK.cloudApi,
		...(sharing === ACTIVITY_SHARING.share ? { activitySharing: true } : {}),
		...(sharing === ACTIVITY_SHARING.doNotShare ? { activitySharing: false } : {}),
	};
}

export interface TemplateSendAnswer {
	answer: SendAnswer;
	/** The API that accepted the message. */
	sentThrough: (typeof SEND_THROUGH)[keyof typeof SEND_THROUGH];
	/** Meta's code that sent it through the Cloud API after the Marketing Messages API refused. */
	fallbackCode?: number;
}

/** What an accepted item says of its route: only when the node was asked for the Marketing Messages API. */
export function routeFields(route: TemplateRoute, sent: TemplateSendAnswer): IDataObject {
	if (route.through !== SEND_THROUGH.marketingMessages) return {};
	return {
		sentThrough: sent.sentThrough,
		...(sent.fallbackCode !== undefined ? { fallbackCode: sent.fallbackCode } : {}),
	};
}

const isMarketing = (template: TemplateDefinition) =>
	String(template.category ?? '').toUpperCase() === 'MARKETING';

const graphCode = (error: unknown) =>
	(error as { context?: { graphErrorCode?: number } } | undefined)?.context?.graphErrorCode;

/** Sends one template message the way the route says; the transport sends nothing again. */
export async function sendTemplateMessage(
	context: IExecuteFunctions,
	message: OutgoingMessage,
	template: TemplateDefinition,
	route: TemplateRoute,
	itemIndex: number,
): Promise<TemplateSendAnswer> {
	const once = { maxAttempts: 1 };
	if (route.through !== SEND_THROUGH.marketingMessages || !isMarketing(template))
		return {
			answer: await postMessage(context, message, itemIndex, once),
			sentThrough: SEND_THROUGH.cloudApi,
		};
	try {
		const answer = await graphApiRequest<SendAnswer>(context, {
			method: 'POST',
			path: `/${message.phoneNumberId}/marketing_messages`,
			json: {
				messaging_product: 'whatsapp',
				...message.payload,
				product_policy:
					route.fallback === MARKETING_FALLBACK.fail ? 'STRICT' : 'CLOUD_API_FALLBACK',
				...(route.activitySharing !== undefined
					? { message_activity_sharing: route.activitySharing }
					: {}),
			},
			itemIndex,
			retry: once,
		});
		return { answer, sentThrough: SEND_THROUGH.marketingMessages };
	} catch (error) {
		const code = graphCode(error);
		if (route.fallback !== MARKETING_FALLBACK.cloudApi || !USE_CLOUD_API_CODES.has(code ?? 0))
			throw nodeErrorFor(context, error, itemIndex);
		return {
			answer: await postMessage(context, message, itemIndex, once),
			sentThrough: SEND_THROUGH.cloudApi,
			fallbackCode: code,
		};
	}
}
