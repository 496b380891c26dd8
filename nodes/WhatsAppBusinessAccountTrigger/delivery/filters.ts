import { idText, isObject } from '../../shared/json';
import type { DeliveryOptions } from './options';

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

/** Whether a change passes the Trigger On, Event, WABA and phone number filters. */
export function passesChangeFilters(
	filters: CompiledFilters,
	field: string,
	wabaId: string,
	event: string | null,
	value: unknown,
): boolean {
	if (filters.fields && !filters.fields.has(field)) return false;
	if (filters.wabaIds && !filters.wabaIds.has(wabaId)) return false;
	const events = filters.eventsByField.get(field);
	if (events && (event === null || !events.has(event))) return false;
	if (filters.phoneNumberIds && isObject(value) && isObject(value.metadata)) {
		const id = idText(value.metadata.phone_number_id);
		if (id !== null && !filters.phoneNumberIds.has(id)) return false;
	}
	return true;
}

/** In change mode, a messages change made only of statuses none of which is wanted is left out. */
export function passesStatusFilter(
	filters: CompiledFilters,
	field: string,
	value: unknown,
): boolean {
	if (!filters.messageStatuses || field !== 'messages' || !isObject(value)) return true;
	const statuses = Array.isArray(value.statuses) ? value.statuses : [];
	const hasOther =
		(Array.isArray(value.messages) && value.messages.length > 0) ||
		(Array.isArray(value.errors) && value.errors.length > 0);
	if (hasOther || statuses.length === 0) return true;
	return statuses.some((s) => isObject(s) && filters.messageStatuses!.has(String(s.status)));
}

/** In message mode, whether a status becomes an item. */
export const keepsStatus = (filters: CompiledFilters, status: Record<string, unknown>): boolean =>
	!filters.messageStatuses || filters.messageStatuses.has(String(status.status));
