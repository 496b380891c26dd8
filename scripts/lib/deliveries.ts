/**
 * Webhook deliveries built in code, shaped as Meta sends them:
 * `{ object: 'whatsapp_business_account', entry: [{ id, time?, changes: [{ field, value }] }] }`.
 * The tests and the tools build their deliveries here rather than writing the envelope out.
 */

export const WABA_OBJECT = 'whatsapp_business_account';
/** The WABA id of Meta's examples, used when a test does not care which WABA sent the change. */
const EXAMPLE_WABA_ID = '102290129340398';

export interface WebhookChange {
	field: string;
	value: unknown;
}

export interface WebhookEntry {
	id: string;
	time?: number;
	changes: WebhookChange[];
}

export interface WebhookBody {
	object: typeof WABA_OBJECT;
	entry: WebhookEntry[];
}

/** One entry: a WABA's changes. `time` is left out when undefined (Meta omits it on some deliveries). */
export function webhookEntry(
	changes: WebhookChange[],
	{ id = EXAMPLE_WABA_ID, time }: { id?: string; time?: number } = {},
): WebhookEntry {
	return { id, ...(time === undefined ? {} : { time }), changes };
}

/**
 * A delivery of the given entries. Entries are taken as they are, so a test can pass one
 * Meta would not send (no id, changes of the wrong type) and the envelope stays right.
 */
export function webhookBody(entries: readonly unknown[]): WebhookBody {
	return { object: WABA_OBJECT, entry: entries as WebhookEntry[] };
}

/** A delivery of one entry holding `changes`. */
export function singleEntryBody(
	changes: WebhookChange[],
	entry: { id?: string; time?: number } = {},
): WebhookBody {
	return webhookBody([webhookEntry(changes, entry)]);
}

/** A customer as a messages change names them: a phone number (absent for BSUID-only users), a BSUID, a name. */
export interface InboundCustomer {
	phone?: string;
	userId?: string;
	name: string;
}

/**
 * A messages change with one message from `customer` to the business number, as Meta sends it
 * (2026 shape: `user_id` / `from_user_id` beside `wa_id` / `from` when the customer has both).
 * `message` holds the message's own fields (`type`, its object, `context`…); id and timestamp
 * are filled in unless given.
 */
export function inboundMessageBody(settings: {
	wabaId: string;
	number: { id: string; displayPhoneNumber: string };
	customer: InboundCustomer;
	message: Record<string, unknown>;
}): WebhookBody {
	const { customer, number } = settings;
	return singleEntryBody(
		[
			{
				field: 'messages',
				value: {
					messaging_product: 'whatsapp',
					metadata: { display_phone_number: number.displayPhoneNumber, phone_number_id: number.id },
					contacts: [
						{
							profile: { name: customer.name },
							...(customer.phone ? { wa_id: customer.phone } : {}),
							...(customer.userId ? { user_id: customer.userId } : {}),
						},
					],
					messages: [
						{
							...(customer.phone ? { from: customer.phone } : {}),
							...(customer.userId ? { from_user_id: customer.userId } : {}),
							timestamp: String(Math.floor(Date.now() / 1000)),
							...settings.message,
						},
					],
				},
			},
		],
		{ id: settings.wabaId },
	);
}
