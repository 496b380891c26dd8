/** How deliveries become items. */
export type OutputMode = 'change' | 'message' | 'delivery';
/** What happens to items whose validation failed: flagged on the main output, or routed to a second one. */
export type InvalidHandling = 'flag' | 'route';

export interface DeliveryOptions {
	outputMode: OutputMode;
	invalidHandling: InvalidHandling;
	/** Webhook fields to keep; empty keeps every field, unknown ones included. */
	fields: readonly string[];
	/** `<field>:<event>` pairs; a field with none listed is not filtered by event. */
	events: readonly string[];
	wabaIds: readonly string[];
	/** Applies to changes that carry metadata.phone_number_id; others are not affected. */
	phoneNumberIds: readonly string[];
	/** Message statuses to keep (sent, delivered, read, failed, ...); empty keeps all unless `includeStatuses` is false. */
	messageStatuses: readonly string[];
	/**
	 * With no status listed in `messageStatuses`: true (or absent) keeps every status, false keeps
	 * none, so a delivery made only of statuses starts no execution (trigger version 1.1's default).
	 */
	includeStatuses?: boolean;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = Object.freeze({
	outputMode: 'change',
	invalidHandling: 'flag',
	fields: [],
	events: [],
	wabaIds: [],
	phoneNumberIds: [],
	messageStatuses: [],
	includeStatuses: true,
});

/** Splits a comma- or whitespace-separated list typed into a text parameter. */
export function splitList(text: unknown): string[] {
	if (Array.isArray(text)) return text.map(String);
	if (typeof text !== 'string') return [];
	return text.split(/[\s,]+/).filter(Boolean);
}
