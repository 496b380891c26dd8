/**
 * Template sends in the Graph stand-in (scripts/lib/metaGraphStub.ts), enforcing what Meta
 * enforces on POST /{phone-number-id}/messages with `type: template`:
 * - the template exists in the WABA of the sending number (132001 otherwise) in the language
 *   asked for (132001, "does not exist in <code>"), and is APPROVED;
 * - each component gets as many parameters as the template has variables (132000);
 * - the number's throughput: a token bucket of `messagesPerSecond` refilled every second
 *   (Meta: 80 mps by default, up to 1,000); beyond it, 130429;
 * - the pair rate: one message to the same recipient per `pairIntervalMs` after a burst of
 *   `pairBurst` (Meta: about one every 6 s); beyond it, 131056;
 * - and answers after `latencyMs` (Graph's real latency is 200-300 ms).
 * A send that passes is handed to the stand-in's Messages API (metaGraphMessaging.ts: the
 * addressing, 131062 for authentication templates to a BSUID, media ids), which answers it.
 * It also serves GET /{waba-id}/message_templates (with `name`, `language` and `fields`).
 *
 *   const graph = await MetaGraphStub.start();
 *   const templates = attachTemplateMessaging(graph, { latencyMs: 250, messagesPerSecond: 80 });
 *   templates.addTemplate(wabaId, { name: 'order_update', language: 'en_US', components: [...] });
 *   templates.accepted; templates.refusals;            // what was accepted, what was refused
 */
import { randomInt } from 'crypto';

import { envelope, GraphStubError } from './metaGraphStub';
import type { MetaGraphStub, RecordedRequest } from './metaGraphStub';

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
	/** The number's throughput (Meta: 80 by default, up to 1,000). */
	messagesPerSecond?: number;
	/** Messages to one recipient allowed at once before the pair interval applies. */
	pairBurst?: number;
	/** After the burst, one message to the same recipient per this many ms (Meta: 6 s). */
	pairIntervalMs?: number;
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
export function messagingError(code: number, message: string, details: string): [number, unknown] {
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

const variablesIn = (text: unknown) =>
	[...String(text ?? '').matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1]);

/** A component's name and how many parameters Meta expects for it in a send. */
function expectedParameters(template: StandInTemplate): Map<string, number> {
	const expected = new Map<string, number>();
	for (const component of template.components) {
		const type = String(component.type).toUpperCase();
		if (type === 'HEADER') {
			const format = String(component.format ?? 'TEXT').toUpperCase();
			expected.set('header', format === 'TEXT' ? variablesIn(component.text).length : 1);
		} else if (type === 'BODY') {
			expected.set('body', variablesIn(component.text).length);
		}
	}
	return expected;
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
	readonly options: Required<TemplateMessagingOptions>;

	constructor(
		private readonly graph: MetaGraphStub,
		options: TemplateMessagingOptions = {},
	) {
		this.options = {
			latencyMs: 0,
			messagesPerSecond: 80,
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

	/** Answers the calls this module knows, or undefined for the stub's other routes. */
	async route(r: RecordedRequest): Promise<[number, unknown] | undefined> {
		const segments = r.path.split('/').filter(Boolean);
		if (segments.length !== 2) return undefined;
		if (
			r.method === 'GET' &&
			segments[1] === 'message_templates' &&
			this.graph.wabas.has(segments[0])
		) {
			return this.listTemplates(segments[0], r);
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
			if (this.options.latencyMs > 0)
				await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
			return answer;
		}
		return undefined;
	}

	private listTemplates(wabaId: string, r: RecordedRequest): [number, unknown] {
		const name = r.query.name;
		const language = r.query.language;
		const fields = (r.query.fields ?? '')
			.split(',')
			.map((f) => f.trim())
			.filter(Boolean);
		const data = (this.templates.get(wabaId) ?? [])
			// Graph's `name` filter matches part of the name
			.filter((t) => (!name || t.name.includes(name)) && (!language || t.language === language))
			.map((t) => {
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
			});
		return [200, { data, paging: { cursors: { before: 'MAZDZD', after: 'MjQZD' } } }];
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
			bucket = new TokenBucket(
				this.options.messagesPerSecond,
				this.options.messagesPerSecond / 1000,
				now,
			);
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
		const given = new Map<string, number>();
		for (const component of components) {
			const type = String(component.type).toLowerCase();
			if (type === 'header' || type === 'body')
				given.set(type, ((component.parameters as unknown[]) ?? []).length);
		}
		const expected = expectedParameters(found);
		for (const type of new Set([...expected.keys(), ...given.keys()])) {
			const count = given.get(type) ?? 0;
			const wanted = expected.get(type) ?? 0;
			if (count !== wanted) {
				return refuse(
					132000,
					'(#132000) Number of parameters does not match the expected number of params',
					`${type}: number of localizable_params (${count}) does not match the expected number of params (${wanted})`,
				);
			}
		}
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
