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

/** Options compiled once into sets, so filtering a delivery does no parsing of its own. */
export interface CompiledFilters {
	fields: ReadonlySet<string> | null;
	eventsByField: ReadonlyMap<string, ReadonlySet<string>>;
	wabaIds: ReadonlySet<string> | null;
	phoneNumberIds: ReadonlySet<string> | null;
	messageStatuses: ReadonlySet<string> | null;
}

const setOrNull = (values: readonly string[]) => {
	const cleaned = values.map((v) => String(v).trim()).filter(Boolean);
	return cleaned.length ? new Set(cleaned) : null;
};

/** What compiling options without any filter gives; shared, so that the default costs nothing per delivery. */
const NO_FILTERS: CompiledFilters = Object.freeze({
	fields: null,
	eventsByField: new Map<string, ReadonlySet<string>>(),
	wabaIds: null,
	phoneNumberIds: null,
	messageStatuses: null,
});

const isBlank = (values: readonly string[]) => values.every((v) => !String(v).trim());

/** Matches no status: what "no status listed" means when statuses are left out. */
const NO_STATUS: ReadonlySet<string> = new Set<string>();

export function compileFilters(options: DeliveryOptions): CompiledFilters {
	const leaveOutStatuses = options.includeStatuses === false && isBlank(options.messageStatuses);
	if (
		!leaveOutStatuses &&
		options.events.length === 0 &&
		isBlank(options.fields) &&
		isBlank(options.wabaIds) &&
		isBlank(options.phoneNumberIds) &&
		isBlank(options.messageStatuses)
	) {
		return NO_FILTERS;
	}
	const eventsByField = new Map<string, Set<string>>();
	for (const pair of options.events) {
		const at = pair.indexOf(':');
		if (at <= 0) continue;
		const field = pair.slice(0, at);
		if (!eventsByField.has(field)) eventsByField.set(field, new Set());
		eventsByField.get(field)!.add(pair.slice(at + 1));
	}
	return {
		fields: setOrNull(options.fields),
		eventsByField,
		wabaIds: setOrNull(options.wabaIds),
		phoneNumberIds: setOrNull(options.phoneNumberIds),
		messageStatuses: leaveOutStatuses ? NO_STATUS : setOrNull(options.messageStatuses),
	};
}

/** Splits a comma- or whitespace-separated list typed into a text parameter. */
export function splitList(text: unknown): string[] {
	if (Array.isArray(text)) return text.map(String);
	if (typeof text !== 'string') return [];
	return text.split(/[\s,]+/).filter(Boolean);
}
