/**
 * Meta's Messages API as the stand-in models it, for POST /{phone-number-id}/messages (called
 * by MetaGraphStub's router; media uploads are metaGraphMedia.ts):
 * - a send answers Meta's success body `{messaging_product, contacts:[{input, wa_id | user_id}],
 *   messages:[{id, message_status?}]}`; `to` (a phone number) wins over `recipient` (a BSUID
 *   or parent BSUID) when both are sent;
 * - a `to` without a plus sign gets the sending number's country calling code in front, as
 *   Meta documents ("WhatsApp user phone number formats"), so it may reach someone else;
 * - a non-template message needs the customer-service window: 24 hours from the customer's
 *   last inbound message to that business number (recordInbound), else error 131047;
 * - one-tap, zero-tap and copy-code authentication templates cannot go to a BSUID (131062);
 * - media IDs are the ones an upload to that number returned; others are refused (131009);
 * - mark-as-read (`status: 'read'`) takes a received message's wamid and an optional
 *   `typing_indicator: {type: 'text'}`;
 * - refusals are Meta's envelope with `error_data: {messaging_product, details}`.
 *
 *   graph.messaging.addCustomer({ phone: '16505551234', userId: 'US.1349…' });
 *   const wamid = graph.messaging.recordInbound('106540352242922', { phone: '16505551234' });
 *   graph.messaging.sent; graph.messaging.reads;   // what was sent and marked, to assert on
 */
import { randomBytes } from 'crypto';

import { GraphStubError, type RecordedRequest, type StubMedia } from './metaGraphState';
import { isObject } from './isObject';

export const WINDOW_MS = 24 * 60 * 60 * 1000;

const MESSAGE_TYPES = [
	'text',
	'image',
	'audio',
	'video',
	'document',
	'sticker',
	'location',
	'contacts',
	'interactive',
	'reaction',
	'template',
];
const MEDIA_TYPES = ['image', 'audio', 'video', 'document', 'sticker'];
const BSUID = /^[A-Z]{2}\.[A-Za-z0-9][A-Za-z0-9._-]*$/;

export interface StubCustomer {
	phone?: string;
	userId?: string;
	parentUserId?: string;
}

export interface SentMessage {
	phoneNumberId: string;
	wamid: string;
	/** The body as sent. */
	body: Record<string, unknown>;
	/** Which field addressed it: `to` (phone) or `recipient` (BSUID). */
	addressedBy: 'to' | 'recipient';
	input: string;
	customer: StubCustomer;
}

export interface ReadReceipt {
	phoneNumberId: string;
	messageId: string;
	typingIndicator: boolean;
}

interface InboundMessage {
	phoneNumberId: string;
	customer: StubCustomer;
	at: number;
}

type Obj = Record<string, unknown>;

/** Meta's messaging refusal: the envelope with `error_data.details`. */
function refusal(code: number, title: string, details: string, httpStatus = 400): GraphStubError {
	return new GraphStubError(httpStatus, code, `(#${code}) ${title}`, undefined, 'OAuthException', {
		messaging_product: 'whatsapp',
		details,
	});
}

const wamid = () => `wamid.${randomBytes(24).toString('base64')}`;

export class MetaGraphMessaging {
	readonly customers: StubCustomer[] = [];
	readonly sent: SentMessage[] = [];
	readonly reads: ReadReceipt[] = [];
	/** media ID → the media: its number, type and bytes (uploads and downloads: metaGraphMedia.ts). */
	readonly media = new Map<string, StubMedia>();
	/** Names of authentication templates with one-tap, zero-tap or copy-code buttons. */
	readonly authenticationTemplates = new Set<string>();
	private readonly inbound = new Map<string, InboundMessage>();
	/** `${phoneNumberId} ${customer key}` → when the customer last wrote to that number. */
	private readonly lastInbound = new Map<string, number>();
	/** The clock, replaceable so tests can step over the 24 hours. */
	now: () => number = () => Date.now();

	/** Makes a customer known by phone number and BSUIDs alike (one person, several ids). */
	addCustomer(customer: StubCustomer): StubCustomer {
		const existing = this.find(customer);
		if (existing) return Object.assign(existing, customer);
		this.customers.push({ ...customer });
		return this.customers[this.customers.length - 1];
	}

	/**
	 * A message from the customer to the business number, as a delivery to the trigger
	 * carries it: opens (or renews) the 24-hour window and returns the message's wamid.
	 */
	recordInbound(
		phoneNumberId: string,
		from: StubCustomer,
		options: { wamid?: string; at?: number } = {},
	): string {
		const customer = this.addCustomer(from);
		const id = options.wamid ?? wamid();
		const at = options.at ?? this.now();
		this.inbound.set(id, { phoneNumberId, customer, at });
		this.lastInbound.set(this.windowKey(phoneNumberId, customer), at);
		return id;
	}

	/** Whether the customer-service window of this customer on this number is open. */
	windowOpen(phoneNumberId: string, customer: StubCustomer): boolean {
		const known = this.find(customer);
		if (!known) return false;
		const last = this.lastInbound.get(this.windowKey(phoneNumberId, known));
		return last !== undefined && this.now() - last < WINDOW_MS;
	}

	private windowKey(phoneNumberId: string, customer: StubCustomer): string {
		return `${phoneNumberId} ${this.customers.indexOf(customer)}`;
	}

	private find(c: StubCustomer): StubCustomer | undefined {
		return this.customers.find(
			(k) =>
				(c.phone !== undefined && k.phone === c.phone) ||
				(c.userId !== undefined && k.userId === c.userId) ||
				(c.parentUserId !== undefined && k.parentUserId === c.parentUserId),
		);
	}

	/** POST /{phone-number-id}/messages: a send or a mark-as-read. */
	sendEdge(r: RecordedRequest, phoneNumberId: string, countryCode?: string): [number, unknown] {
		const body = isObject(r.json) ? r.json : undefined;
		if (!body) throw refusal(100, 'Invalid parameter', 'The request body must be JSON');
		if (body.messaging_product !== 'whatsapp')
			throw refusal(
				100,
				'Invalid parameter',
				'The parameter messaging_product is required and must be whatsapp',
			);
		if (body.status !== undefined) return this.markAsRead(body, phoneNumberId);

		const type = body.type === undefined ? 'text' : String(body.type);
		if (!MESSAGE_TYPES.includes(type))
			throw refusal(131051, 'Unsupported message type', `Message type ${type} is not supported`);
		if (!isObject(body[type]) && !(type === 'contacts' && Array.isArray(body.contacts))) {
			throw refusal(131008, 'Required parameter is missing', `Parameter '${type}' is required`);
		}
		const { addressedBy, input, customer } = this.addressee(body, countryCode);
		if (type === 'template') {
			const name = isObject(body.template) ? String(body.template.name ?? '') : '';
			if (addressedBy === 'recipient' && this.authenticationTemplates.has(name)) {
				throw refusal(
					131062,
					'Business-scoped User ID recipients are not supported for this message.',
					'Authentication templates with one-tap, zero-tap or copy-code buttons require a phone number',
				);
			}
		} else if (!this.windowOpen(phoneNumberId, customer)) {
			throw refusal(
				131047,
				'Re-engagement message',
				'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
			);
		}
		this.checkMedia(body, type, phoneNumberId);
		if (type === 'reaction') this.checkReaction(body);

		const id = wamid();
		this.sent.push({ phoneNumberId, wamid: id, body, addressedBy, input, customer });
		const contact =
			addressedBy === 'to' ? { input, wa_id: customer.phone! } : { input, user_id: input };
		return [
			200,
			{
				messaging_product: 'whatsapp',
				contacts: [contact],
				messages: [{ id, ...(type === 'template' ? { message_status: 'accepted' } : {}) }],
			},
		];
	}

	/**
	 * `to` wins over `recipient`. A phone number may carry +, spaces, dashes, dots and brackets;
	 * without the +, Meta puts the sending number's country calling code in front ("If the plus
	 * sign is omitted, your business phone number's country calling code is prepended to the
	 * customer's phone number"). The answer gives `input` as sent and `wa_id` as digits.
	 */
	private addressee(
		body: Obj,
		countryCode?: string,
	): {
		addressedBy: 'to' | 'recipient';
		input: string;
		customer: StubCustomer;
	} {
		if (typeof body.to === 'string' && body.to.trim()) {
			const input = body.to;
			const written = input.replace(/[\s().-]/g, '');
			const number = /^\+[0-9]+$/.test(written)
				? written.slice(1)
				: /^[0-9]+$/.test(written)
					? `${countryCode ?? ''}${written}`
					: '';
			if (!/^[0-9]{7,15}$/.test(number))
				throw refusal(
					131009,
					'Parameter value is not valid',
					`Recipient phone number ${input} is not valid`,
				);
			return {
				addressedBy: 'to',
				input,
				customer: this.find({ phone: number }) ?? { phone: number },
			};
		}
		if (typeof body.recipient === 'string' && body.recipient.trim()) {
			const input = body.recipient;
			if (!BSUID.test(input))
				throw refusal(
					131009,
					'Parameter value is not valid',
					`Recipient ${input} is not a valid business-scoped user ID`,
				);
			return {
				addressedBy: 'recipient',
				input,
				customer: this.find({ userId: input }) ??
					this.find({ parentUserId: input }) ?? { userId: input },
			};
		}
		throw refusal(131008, 'Required parameter is missing', 'Parameter to or recipient is required');
	}

	/** A media ID must be one uploaded to this number; a link must be http(s). */
	private checkMedia(body: Obj, type: string, phoneNumberId: string): void {
		const objects: Obj[] = [];
		if (MEDIA_TYPES.includes(type)) objects.push(body[type] as Obj);
		const header =
			isObject(body.interactive) && isObject(body.interactive.header)
				? body.interactive.header
				: undefined;
		if (
			header &&
			MEDIA_TYPES.includes(String(header.type)) &&
			isObject(header[String(header.type)])
		)
			objects.push(header[String(header.type)] as Obj);
		for (const media of objects) {
			if (media.id !== undefined) {
				const known = this.media.get(String(media.id));
				if (!known || known.phoneNumberId !== phoneNumberId)
					throw refusal(
						131009,
						'Parameter value is not valid',
						`Invalid media ID ${String(media.id)}`,
					);
			} else if (typeof media.link !== 'string' || !/^https?:\/\//.test(media.link)) {
				throw refusal(
					131008,
					'Required parameter is missing',
					'Media requires an id or an http(s) link',
				);
			}
		}
	}

	private checkReaction(body: Obj): void {
		const reaction = body.reaction as Obj;
		if (typeof reaction.message_id !== 'string' || !reaction.message_id)
			throw refusal(131008, 'Required parameter is missing', "Parameter 'message_id' is required");
		if (typeof reaction.emoji !== 'string')
			throw refusal(131008, 'Required parameter is missing', "Parameter 'emoji' is required");
	}

	private markAsRead(body: Obj, phoneNumberId: string): [number, unknown] {
		if (body.status !== 'read')
			throw refusal(100, 'Invalid parameter', 'Param status must be read');
		const messageId = String(body.message_id ?? '');
		const message = this.inbound.get(messageId);
		if (!message || message.phoneNumberId !== phoneNumberId)
			throw refusal(
				100,
				'Invalid parameter',
				`Message ${messageId} was not received by this phone number`,
			);
		const typing = body.typing_indicator;
		if (typing !== undefined && !(isObject(typing) && typing.type === 'text'))
			throw refusal(100, 'Invalid parameter', 'Param typing_indicator.type must be text');
		this.reads.push({ phoneNumberId, messageId, typingIndicator: typing !== undefined });
		return [200, { success: true }];
	}
}

/** The country calling code of a business number shown as Meta shows it ("+1 555-078-3881" → "1"). */
export function countryCallingCode(displayPhoneNumber: string): string | undefined {
	return /^\+([0-9]{1,3})[\s-]/.exec(displayPhoneNumber.trim())?.[1];
}
