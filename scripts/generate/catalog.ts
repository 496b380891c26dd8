/** The field catalog the trigger's options are built from: names, titles, events, statuses, types. */
import { BANNER } from './paths';
import type { FieldEntry, Schema, SchemaEntry } from './schemas';

export interface CatalogField {
	name: string;
	title: string;
	description: string;
	documented: boolean;
	eventPointers: string[];
	eventLabel: string | null;
	events: string[];
}

export interface Catalog {
	fields: CatalogField[];
	messageStatuses: string[];
	messageTypes: string[];
}

/** Follows a JSON pointer through a schema's properties/items, resolving $refs on the way. */
function schemaAtPointer(
	rootEntry: SchemaEntry,
	pointer: string,
	byId: Map<string, Schema>,
): Schema | undefined {
	let current: any = rootEntry.schema;
	let base: string = rootEntry.schema.$id;
	const deref = () => {
		for (let guard = 0; current && current.$ref && guard < 10; guard++) {
			const target = new URL(current.$ref, base);
			const doc = byId.get(target.origin + target.pathname) ?? byId.get(base)!;
			base = doc.$id;
			current = doc;
			for (const seg of target.hash.replace(/^#\/?/, '').split('/').filter(Boolean))
				current = current[seg];
		}
	};
	deref();
	for (const seg of pointer.split('/').slice(1)) {
		if (!current) return undefined;
		if (/^\d+$/.test(seg)) current = current.items;
		else
			current =
				current.properties?.[seg] ??
				current.anyOf?.map((s: Schema) => s.properties?.[seg]).find(Boolean);
		deref();
	}
	return current;
}

function enumOf(schema: Schema | undefined): unknown[] | undefined {
	if (!schema) return undefined;
	if (Array.isArray(schema.enum)) return schema.enum;
	if (schema.items && Array.isArray(schema.items.enum)) return schema.items.enum;
	const variants = schema.anyOf ?? schema.oneOf;
	if (variants) {
		const values = (variants as Schema[]).flatMap((v) => enumOf(v) ?? []);
		return values.length ? [...new Set(values)] : undefined;
	}
	return undefined;
}

export function buildCatalog(
	fields: readonly FieldEntry[],
	byRel: Map<string, SchemaEntry>,
	byId: Map<string, Schema>,
): Catalog {
	const catalogFields = fields.map(({ name, rel, schema }): CatalogField => {
		const pointers: string[] = schema['x-event'] ?? [];
		const events: string[] = [];
		for (const pointer of pointers) {
			const values = enumOf(schemaAtPointer(byRel.get(rel)!, pointer, byId));
			if (!values) throw new Error(`${rel}: x-event pointer ${pointer} does not lead to an enum`);
			events.push(...(values as string[]).filter((v) => !events.includes(v)));
		}
		return {
			name,
			title: schema.title,
			description: (schema.description ?? '').trim(),
			documented: schema['x-documented'] !== false,
			eventPointers: pointers,
			eventLabel: schema['x-event-label'] ?? (pointers.length ? 'Event' : null),
			events,
		};
	});
	const messages = byRel.get('fields/messages.schema.json');
	const statusEnum = messages
		? enumOf(schemaAtPointer(messages, '/statuses/0/status', byId))
		: undefined;
	const typeEnum = messages
		? enumOf(schemaAtPointer(messages, '/messages/0/type', byId))
		: undefined;
	if (!statusEnum || !typeEnum)
		throw new Error(
			'fields/messages.schema.json: statuses[].status and messages[].type need enums',
		);
	return {
		fields: catalogFields,
		messageStatuses: statusEnum as string[],
		messageTypes: typeEnum as string[],
	};
}

export function renderCatalog(catalog: Catalog): string {
	return (
		BANNER +
		'\n/** One webhook field as the schemas describe it. */\n' +
		'export interface WebhookFieldInfo {\n' +
		'\treadonly name: string;\n\treadonly title: string;\n\treadonly description: string;\n' +
		"\t/** false for fields Meta's reference does not list (schemed loosely). */\n\treadonly documented: boolean;\n" +
		"\t/** JSON pointers into the change value whose value is the change's event; the first that resolves wins. */\n" +
		'\treadonly eventPointers: readonly string[];\n\treadonly eventLabel: string | null;\n\treadonly events: readonly string[];\n}\n\n' +
		`export const WEBHOOK_FIELDS: readonly WebhookFieldInfo[] = ${JSON.stringify(catalog.fields, null, '\t')};\n\n` +
		`export const MESSAGE_STATUSES: readonly string[] = ${JSON.stringify(catalog.messageStatuses)};\n\n` +
		`export const MESSAGE_TYPES: readonly string[] = ${JSON.stringify(catalog.messageTypes)};\n`
	);
}
