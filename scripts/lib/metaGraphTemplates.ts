/**
 * Template sends in the Graph stand-in (scripts/lib/metaGraphStub.ts), enforcing what Meta
 * enforces on POST /{phone-number-id}/messages with `type: template`:
 * - the template exists in the WABA of the sending number (132001 otherwise) in the language
 *   asked for (132001, "does not exist in <code>"), and is APPROVED;
 * - each component gets as many parameters as the template has variables (132000), a carousel
 *   template's cards as well (metaGraphTemplateParameters.ts);
 * - the number's throughput: a token bucket of `messagesPerSecond` refilled every second, or
 *   else of what the number's `throughput.level` field says (`HIGH`: 1,000 mps, Meta's upgraded
 *   numbers; otherwise 80, Meta's default; set it with `addPhoneNumber(..., { fields:
 *   { throughput: { level: 'HIGH' } } })`, which GET /{phone-number-id}?fields=throughput
 *   answers); beyond it, 130429;
 * - the pair rate: one message to the same recipient per `pairIntervalMs` after a burst of
 *   `pairBurst` (Meta: about one every 6 s); beyond it, 131056;
 * - and answers after `latencyMs` (Graph's real latency is 200-300 ms).
 * A send that passes is handed to the stand-in's Messages API (metaGraphMessaging.ts: the
 * addressing, 131062 for authentication templates to a BSUID, media ids), which answers it.
 * It also manages templates as Meta's Message Templates API does: GET /{waba-id}/message_templates
 * (`name` matches part of the name; `status`, `category`, `language` lists; `fields`; paged),
 * POST /{waba-id}/message_templates (a new template is PENDING until reviewed: `review()`, or
 * after `reviewMs`), GET and POST /{template-id} (only APPROVED, REJECTED or PAUSED templates
 * can be edited; an edit goes back to review), DELETE /{waba-id}/message_templates with `name`
 * (every language) and optionally `hsm_id` (that one).
 *
 *   const graph = await MetaGraphStub.start();
 *   const templates = attachTemplateMessaging(graph, { latencyMs: 250, messagesPerSecond: 80 });
 *   templates.addTemplate(wabaId, { name: 'order_update', language: 'en_US', components: [...] });
 *   templates.accepted; templates.refusals;            // what was accepted, what was refused
 */
import { randomInt } from 'crypto';

import { envelope, GraphStubError, listParameter, type RecordedRequest } from './metaGraphState';
import type { MetaGraphStub } from './metaGraphStub';
import { parameterRefusal } from './metaGraphTemplateParameters';
import { sleep } from './sleep';

export interface StandInTemplate {
	id: string;
	name: string;
	language: string;
	status: string;
	category: string;
	parameter_format: 'POSITIONAL' | 'NAMED';
	components: Array<Record<string, unknown>>;
}

export interface TemplateMessagingOptions {
	/** Milliseconds before each send is answered. */
	latencyMs?: number;
	/** The number's throughput (Meta: 80 by default, up to 1,000); by default its `throughput.level`'s. */
	messagesPerSecond?: number;
	/** Messages to one recipient allowed at once before the pair interval applies. */
	pairBurst?: number;
	/** After the burst, one message to the same recipient per this many ms (Meta: 6 s). */
	pairIntervalMs?: number;
	/** Ms after which a created or edited template's review ends (APPROVED); never when undefined. */
	reviewMs?: number;
}

export interface AcceptedSend {
	wamid: string;
	phoneNumberId: string;
	/** `to` (a phone number) or `recipient` (a BSUID). */
	recipient: string;
	template: string;
	language: string;
	components: Array<Record<string, unknown>>;
	at: number;
}

export interface Refusal {
	code: number;
	recipient: string;
	template?: string;
	at: number;
}

/** Meta's answer for a message that was not accepted: the envelope with `error_data.details`. */
function messagingError(code: number, message: string, details: string): [number, unknown] {
	return [
		400,
		envelope(
			new GraphStubError(400, code, message, undefined, 'OAuthException', {
				messaging_product: 'whatsapp',
				details,
			}),
		),
	];
}

/** The categories a template can be created in. */
const CATEGORIES = ['AUTHENTICATION', 'MARKETING', 'UTILITY'];
/** The statuses Meta lets a template be edited in. */
const EDITABLE = ['APPROVED', 'REJECTED', 'PAUSED'];

/** Components as sent: a JSON array (as a string when the body was a form). */
function parseComponents(value: unknown): Array<Record<string, unknown>> {
	const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
	if (!Array.isArray(parsed) || !parsed.every((c) => typeof c === 'object' && c !== null))
		throw new GraphStubError(400, 100, '(#100) Param components must be an array of objects');
	return parsed as Array<Record<string, unknown>>;
}

/** A template node: Graph's default fields, or `id` and the fields asked for. */
function templateFields(t: StandInTemplate, fields: string[]): Record<string, unknown> {
	if (!fields.length)
		return {
			name: t.name,
			parameter_format: t.parameter_format,
			components: t.components,
			language: t.language,
			status: t.status,
			category: t.category,
			id: t.id,
		};
	const node: Record<string, unknown> = { id: t.id };
	for (const field of fields) if (field in t) node[field] = t[field as keyof StandInTemplate];
	return node;
}

class TokenBucket {
	private tokens: number;
	private last: number;
	constructor(
		private readonly capacity: number,
		private readonly perMs: number,
		now: number,
	) {
		this.tokens = capacity;
		this.last = now;
	}

	take(now: number): boolean {
		this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
		this.last = now;
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}
}

export class TemplateMessaging {
	readonly templates = new Map<string, StandInTemplate[]>();
	readonly accepted: AcceptedSend[] = [];
	readonly refusals: Refusal[] = [];
	private readonly throughput = new Map<string, TokenBucket>();
	private readonly pairs = new Map<string, TokenBucket>();
	readonly options: Required<Omit<TemplateMessagingOptions, 'reviewMs' | 'messagesPerSecond'>> &
		Pick<TemplateMessagingOptions, 'reviewMs' | 'messagesPerSecond'>;

	constructor(
		private readonly graph: MetaGraphStub,
		options: TemplateMessagingOptions = {},
	) {
		this.options = {
			latencyMs: 0,
			pairBurst: 45,
			pairIntervalMs: 6_000,
			...options,
		};
	}

	addTemplate(
		wabaId: string,
		template: Partial<StandInTemplate> & Pick<StandInTemplate, 'name' | 'components'>,
	): StandInTemplate {
		const added: StandInTemplate = {
			id: String(randomInt(1e14, 2e14)),
			language: 'en_US',
			status: 'APPROVED',
			category: 'MARKETING',
			parameter_format: 'POSITIONAL',
			...template,
		};
		this.graph.addWaba(wabaId);
		const buttons = added.components.flatMap((c) =>
			Array.isArray(c.buttons) ? (c.buttons as Array<Record<string, unknown>>) : [],
		);
		if (added.category === 'AUTHENTICATION' && buttons.some((b) => b.type === 'OTP'))
			this.graph.messaging.authenticationTemplates.add(added.name);
		this.templates.set(wabaId, [...(this.templates.get(wabaId) ?? []), added]);
		return added;
	}

	/** Accepted sends per recipient-and-template key, to find duplicates. */
	countBy(key: (send: AcceptedSend) => string): Map<string, number> {
		const counts = new Map<string, number>();
		for (const send of this.accepted) counts.set(key(send), (counts.get(key(send)) ?? 0) + 1);
		return counts;
	}

	/** Ends a template's review with this status (Meta's review, done). */
	review(templateId: string, status: 'APPROVED' | 'REJECTED' | 'PAUSED' = 'APPROVED'): void {
		const found = this.find(templateId);
		if (!found) throw new Error(`No template ${templateId}`);
		found.template.status = status;
	}

	private find(templateId: string): { wabaId: string; template: StandInTemplate } | undefined {
		for (const [wabaId, list] of this.templates) {
			const template = list.find((t) => t.id === templateId);
			if (template) return { wabaId, template };
		}
		return undefined;
	}

	private startReview(template: StandInTemplate): void {
		template.status = 'PENDING';
		const { reviewMs } = this.options;
		if (reviewMs === undefined) return;
		const timer = setTimeout(() => {
			if (template.status === 'PENDING') template.status = 'APPROVED';
		}, reviewMs);
		timer.unref();
	}

	/** Answers the calls this module knows, or undefined for the stub's other routes. */
	async route(r: RecordedRequest): Promise<[number, unknown] | undefined> {
		const segments = r.path.split('/').filter(Boolean);
		if (segments.length === 1 && this.find(segments[0])) return this.templateNode(r, segments[0]);
		if (segments.length !== 2) return undefined;
		if (segments[1] === 'message_templates' && this.graph.wabas.has(segments[0])) {
			if (r.method === 'GET') return this.listTemplates(segments[0], r);
			if (r.method === 'POST') return this.createTemplate(segments[0], r);
			if (r.method === 'DELETE') return this.deleteTemplate(segments[0], r);
		}
		const number = this.graph.phoneNumbers.get(segments[0]);
		if (!number) return undefined;
		const json = (r.json ?? {}) as Record<string, unknown>;
		if (r.method === 'POST' && segments[1] === 'messages' && json.type === 'template') {
			const arrived = Date.now();
			let answer = this.gate(number.id, number.wabaId, json, arrived);
			if (!answer) {
				try {
					answer = this.graph.messaging.sendEdge(r, number.id);
					const sent = answer[1] as { messages?: Array<{ id: string }> };
					this.accepted.push({
						...this.describe(json),
						wamid: sent.messages?.[0]?.id ?? '',
						phoneNumberId: number.id,
						at: arrived,
					});
				} catch (error) {
					if (!(error instanceof GraphStubError)) throw error;
					this.refusals.push({
						code: error.code,
						recipient: this.describe(json).recipient,
						template: this.describe(json).template,
						at: arrived,
					});
					answer = [error.httpStatus, envelope(error)];
				}
			}
			if (this.options.latencyMs > 0) await sleep(this.options.latencyMs);
			return answer;
		}
		return undefined;
	}

	private listTemplates(wabaId: string, r: RecordedRequest): [number, unknown] {
		const name = r.query.name;
		const filters = (['status', 'category', 'language'] as const).map(
			(key) => [key, listParameter(r.query[key])] as const,
		);
		const fields = listParameter(r.query.fields);
		const data = (this.templates.get(wabaId) ?? [])
			// Graph's `name` filter matches part of the name
			.filter(
				(t) =>
					(!name || t.name.includes(name)) &&
					filters.every(([key, wanted]) => !wanted.length || wanted.includes(t[key])),
			)
			.map((t) => templateFields(t, fields));
		return [200, this.graph.page(data, r)];
	}

	/** POST /{waba-id}/message_templates: a new template, PENDING until reviewed. */
	private createTemplate(wabaId: string, r: RecordedRequest): [number, unknown] {
		const body = (r.json ?? r.body) as Record<string, unknown>;
		for (const key of ['name', 'language', 'category', 'components'])
			if (body[key] === undefined)
				throw new GraphStubError(400, 100, `(#100) The parameter ${key} is required`);
		const name = String(body.name);
		if (!/^[a-z0-9_]{1,512}$/.test(name))
			throw new GraphStubError(
				400,
				100,
				'(#100) Param name must contain only lowercase letters, digits and underscores',
			);
		if (!CATEGORIES.includes(String(body.category)))
			throw new GraphStubError(
				400,
				100,
				`(#100) Param category must be one of {${CATEGORIES.join(', ')}}`,
			);
		const components = parseComponents(body.components);
		if (!components.some((c) => String(c.type).toUpperCase() === 'BODY'))
			throw new GraphStubError(400, 100, '(#100) A template needs a BODY component');
		const language = String(body.language);
		if ((this.templates.get(wabaId) ?? []).some((t) => t.name === name && t.language === language))
			throw new GraphStubError(
				400,
				100,
				`(#100) Message template "${name}" already exists in ${language}`,
				2388024,
			);
		const added = this.addTemplate(wabaId, {
			name,
			language,
			category: String(body.category),
			components,
			...(body.parameter_format === 'NAMED' ? { parameter_format: 'NAMED' as const } : {}),
		});
		this.startReview(added);
		return [200, { id: added.id, status: added.status, category: added.category }];
	}

	/** GET or POST (an edit) /{template-id}. */
	private templateNode(r: RecordedRequest, templateId: string): [number, unknown] {
		const { template } = this.find(templateId)!;
		if (r.method === 'GET') return [200, templateFields(template, listParameter(r.query.fields))];
		if (r.method !== 'POST')
			throw new GraphStubError(400, 100, `Unsupported ${r.method.toLowerCase()} request.`);
		if (!EDITABLE.includes(template.status))
			throw new GraphStubError(
				400,
				100,
				`(#100) Only templates with status ${EDITABLE.join(', ')} can be edited; this one is ${template.status}`,
			);
		const body = (r.json ?? r.body) as Record<string, unknown>;
		if (body.components === undefined && body.category === undefined)
			throw new GraphStubError(400, 100, '(#100) The parameter components is required');
		if (body.category !== undefined) {
			if (!CATEGORIES.includes(String(body.category)))
				throw new GraphStubError(
					400,
					100,
					`(#100) Param category must be one of {${CATEGORIES.join(', ')}}`,
				);
			template.category = String(body.category);
		}
		if (body.components !== undefined) template.components = parseComponents(body.components);
		this.startReview(template);
		return [200, { success: true }];
	}

	/** DELETE /{waba-id}/message_templates: by name (every language), or name and hsm_id (that one). */
	private deleteTemplate(wabaId: string, r: RecordedRequest): [number, unknown] {
		const params = { ...r.query, ...r.body };
		if (!params.name) throw new GraphStubError(400, 100, '(#100) The parameter name is required');
		const list = this.templates.get(wabaId) ?? [];
		const doomed = list.filter(
			(t) => t.name === params.name && (!params.hsm_id || t.id === params.hsm_id),
		);
		if (!doomed.length)
			throw new GraphStubError(
				400,
				100,
				`(#100) No message template named ${params.name}${params.hsm_id ? ` with ID ${params.hsm_id}` : ''}`,
			);
		this.templates.set(
			wabaId,
			list.filter((t) => !doomed.includes(t)),
		);
		return [200, { success: true }];
	}

	private describe(
		body: Record<string, unknown>,
	): Omit<AcceptedSend, 'wamid' | 'phoneNumberId' | 'at'> {
		const template = (body.template ?? {}) as {
			name?: string;
			language?: { code?: string };
			components?: Array<Record<string, unknown>>;
		};
		return {
			recipient: String(body.to ?? body.recipient ?? ''),
			template: template.name ?? '',
			language: template.language?.code ?? '',
			components: template.components ?? [],
		};
	}

	/** Messages a second the number's throughput level allows (Meta: 1,000 for HIGH, else 80). */
	private tierLimit(phoneNumberId: string): number {
		const throughput = this.graph.phoneNumbers.get(phoneNumberId)?.fields.throughput as
			{ level?: string } | undefined;
		return throughput?.level === 'HIGH' ? 1000 : 80;
	}

	/** Meta's refusal of a template send, or undefined when it may go on to the Messages API. */
	private gate(
		phoneNumberId: string,
		wabaId: string,
		body: Record<string, unknown>,
		now: number,
	): [number, unknown] | undefined {
		const { recipient, template: name, language, components } = this.describe(body);
		const refuse = (code: number, message: string, details: string): [number, unknown] => {
			this.refusals.push({ code, recipient, template: name, at: now });
			return messagingError(code, message, details);
		};
		// throughput is counted on every message the number handles, accepted or not
		let bucket = this.throughput.get(phoneNumberId);
		if (!bucket) {
			const limit = this.options.messagesPerSecond ?? this.tierLimit(phoneNumberId);
			bucket = new TokenBucket(limit, limit / 1000, now);
			this.throughput.set(phoneNumberId, bucket);
		}
		if (!bucket.take(now))
			return refuse(
				130429,
				'(#130429) Rate limit hit',
				'Cloud API message throughput has been reached.',
			);

		const pairKey = `${phoneNumberId}>${recipient}`;
		let pair = this.pairs.get(pairKey);
		if (!pair) {
			pair = new TokenBucket(this.options.pairBurst, 1 / this.options.pairIntervalMs, now);
			this.pairs.set(pairKey, pair);
		}
		if (!pair.take(now)) {
			return refuse(
				131056,
				'(#131056) (Business Account, Consumer Account) pair rate limit hit',
				'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
			);
		}

		const found = (this.templates.get(wabaId) ?? []).find(
			(t) => t.name === name && t.language === language,
		);
		if (!found || found.status !== 'APPROVED') {
			return refuse(
				132001,
				'(#132001) Template name does not exist in the translation',
				`template name (${name}) does not exist in ${language}`,
			);
		}
		const refusal = parameterRefusal(found.components, components);
		if (refusal) return refuse(refusal.code, refusal.message, refusal.details);
		return undefined;
	}
}

/** Adds template sends to a running stand-in and returns the module (its state, to assert on). */
export function attachTemplateMessaging(
	graph: MetaGraphStub,
	options: TemplateMessagingOptions = {},
): TemplateMessaging {
	const messaging = new TemplateMessaging(graph, options);
	graph.use(async (r) => await messaging.route(r));
	return messaging;
}
