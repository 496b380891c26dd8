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
