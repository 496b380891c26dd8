/**
 * Meta's Marketing Messages API for WhatsApp in the Graph stand-in: POST
 * /{phone-number-id}/marketing_messages takes the template message /messages takes (the same
 * gates: throughput, pair rate, the template's parameters; metaGraphTemplates.ts), for
 * marketing templates only, with two more body fields: `product_policy` (CLOUD_API_FALLBACK,
 * Meta's default: a message this API cannot carry goes through the Cloud API; STRICT: it is
 * refused) and `message_activity_sharing` (a boolean).
 *
 * Refusals, as Meta's Marketing Messages API documents them (its error codes beyond Cloud
 * API's), each `{error:{message:'(#code) …', type:'OAuthException', code, error_data:
 * {messaging_product, details}, fbtrace_id}}` with HTTP 400:
 *   100     the message is not a template message
 *   134100  the template is not a marketing template
 *   134101  the template is not yet synced with its ad account (up to 10 minutes after it is
 *           created, or first used after 7 days)
 *   134102  the business has not completed onboarding (with STRICT; with CLOUD_API_FALLBACK
 *           Meta sends it through the Cloud API and answers as /messages does)
 *
 *   const graph = await MetaGraphStub.start();
 *   const templates = attachTemplateMessaging(graph);
 *   const marketing = attachMarketingMessages(graph, templates);
 *   marketing.notOnboarded.add(wabaId); marketing.unsynced.add('spring_sale');
 *   marketing.sends;                                   // each accepted send and its path
 */
import { envelope, GraphStubError, type RecordedRequest } from './metaGraphState';
import type { MetaGraphStub } from './metaGraphStub';
import type { TemplateMessaging } from './metaGraphTemplates';

export const PRODUCT_POLICIES = ['CLOUD_API_FALLBACK', 'STRICT'] as const;

export interface MarketingSend {
	wamid: string;
	phoneNumberId: string;
	template: string;
	/** The API that carried it: this one, or the Cloud API by Meta's own fallback. */
	through: 'marketing_messages' | 'cloud_api_fallback';
	productPolicy: string;
	activitySharing?: boolean;
}

function refusal(code: number, title: string, details: string): [number, unknown] {
	return [
		400,
		envelope(
			new GraphStubError(400, code, `(#${code}) ${title}`, undefined, 'OAuthException', {
				messaging_product: 'whatsapp',
				details,
			}),
		),
	];
}

export class MarketingMessages {
	/** WABAs that have not completed Marketing Messages API onboarding. */
	readonly notOnboarded = new Set<string>();
	/** Template names not yet synced with their ad account. */
	readonly unsynced = new Set<string>();
	readonly sends: MarketingSend[] = [];
	/** Refusals by code, as answered. */
	readonly refusals: number[] = [];

	constructor(
		private readonly graph: MetaGraphStub,
		private readonly templates: TemplateMessaging,
	) {}

	async route(r: RecordedRequest): Promise<[number, unknown] | undefined> {
		const segments = r.path.split('/').filter(Boolean);
		if (r.method !== 'POST' || segments.length !== 2 || segments[1] !== 'marketing_messages')
			return undefined;
		const number = this.graph.phoneNumbers.get(segments[0]);
		if (!number) return undefined;
		const answer = await this.send(r, number.id, number.wabaId);
		if (answer[0] !== 200)
			this.refusals.push((answer[1] as { error: { code: number } }).error.code);
		return answer;
	}

	private async send(
		r: RecordedRequest,
		phoneNumberId: string,
		wabaId: string,
	): Promise<[number, unknown]> {
		const body = (r.json ?? {}) as Record<string, unknown>;
		const { product_policy: policy, message_activity_sharing: sharing, ...message } = body;
		if (message.type !== 'template')
			return refusal(100, 'Invalid parameter', 'Message must be a template message.');
		if (policy !== undefined && !PRODUCT_POLICIES.includes(policy as 'STRICT'))
			return refusal(
				100,
				'Invalid parameter',
				`product_policy must be one of ${PRODUCT_POLICIES.join(', ')}.`,
			);
		if (sharing !== undefined && typeof sharing !== 'boolean')
			return refusal(100, 'Invalid parameter', 'message_activity_sharing must be a boolean.');
		const { name, language } = (message.template ?? {}) as {
			name?: string;
			language?: { code?: string };
		};
		const template = (this.templates.templates.get(wabaId) ?? []).find(
			(t) => t.name === name && t.language === language?.code,
		);
		if (template && template.category !== 'MARKETING')
			return refusal(
				134100,
				'Only marketing templates are supported',
				'Send utility and authentication templates through the Cloud API.',
			);
		if (template && this.unsynced.has(template.name))
			return refusal(
				134101,
				'Template not yet available',
				'The template is still being synced with its ad account. Wait 10 minutes and try again.',
			);
		const productPolicy = String(policy ?? 'CLOUD_API_FALLBACK');
		const onboarded = !this.notOnboarded.has(wabaId);
		if (!onboarded && productPolicy === 'STRICT')
			return refusal(
				134102,
				'Marketing Messages API onboarding not completed',
				'The business has not completed onboarding to the Marketing Messages API for WhatsApp. Complete onboarding, or send through the Cloud API.',
			);
		// the template gates of /messages decide the rest (and record the accepted send)
		const answer = await this.templates.route({
			...r,
			path: `/${phoneNumberId}/messages`,
			json: message,
		});
		if (!answer || answer[0] !== 200) return answer ?? refusal(100, 'Invalid parameter', '');
		const sent = answer[1] as { messages?: Array<{ id: string }> };
		this.sends.push({
			wamid: sent.messages?.[0]?.id ?? '',
			phoneNumberId,
			template: String(name),
			through: onboarded ? 'marketing_messages' : 'cloud_api_fallback',
			productPolicy,
			...(sharing !== undefined ? { activitySharing: sharing as boolean } : {}),
		});
		return answer;
	}
}

/** Adds the Marketing Messages API to a stand-in that sends templates. */
export function attachMarketingMessages(
	graph: MetaGraphStub,
	templates: TemplateMessaging,
): MarketingMessages {
	const marketing = new MarketingMessages(graph, templates);
	graph.use(async (r) => await marketing.route(r));
	return marketing;
}
