/**
 * Reading schemas/ and deriving the envelope's list of webhook fields from schemas/fields/:
 * a field exists because its schema file does, and nothing else lists it by hand.
 */
import * as fs from 'fs';

import { relativePosix, walkFiles } from '../lib/walk';
import { ENVELOPE_FILE, SCHEMAS_DIR, SCHEMA_BASE } from './paths';

export type Schema = Record<string, any>;

export interface SchemaEntry {
	file: string;
	/** Path relative to schemas/, with forward slashes. */
	rel: string;
	schema: Schema;
}

export interface FieldEntry {
	name: string;
	rel: string;
	schema: Schema;
}

const FIELD_FILE = /^fields\/([a-z0-9_]+)\.schema\.json$/;

function readSchema(file: string): SchemaEntry {
	const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as Schema;
	const rel = relativePosix(SCHEMAS_DIR, file);
	if (schema.$id !== SCHEMA_BASE + rel)
		throw new Error(`${rel}: $id must be ${SCHEMA_BASE + rel}, is ${schema.$id}`);
	if (!schema.title && rel !== 'common.schema.json') throw new Error(`${rel}: no title`);
	return { file, rel, schema };
}

/** The webhook fields: one per file of schemas/fields/, in file-name order. */
export function fieldsFromFiles(entries: readonly SchemaEntry[]): FieldEntry[] {
	return entries
		.filter((e) => e.rel.startsWith('fields/'))
		.map(({ rel, schema }) => {
			const name = FIELD_FILE.exec(rel)?.[1];
			if (!name)
				throw new Error(
					`schemas/${rel}: a field's file is named fields/<field>.schema.json, <field> in lower case, digits and _`,
				);
			return { name, rel, schema };
		});
}

const changeKey = (field: string) => `${field}_change`;

/** One branch of the envelope's discriminated oneOf: `field` is the name, `value` the field's schema. */
function changeDefinition(field: FieldEntry): Schema {
	return {
		type: 'object',
		required: ['field', 'value'],
		additionalProperties: false,
		properties: { field: { const: field.name }, value: { $ref: field.rel } },
	};
}

/**
 * The envelope with its field list derived from `fields`: `definitions.change.oneOf` has one
 * branch per field and `definitions.<field>_change` selects its schema. Everything else in
 * envelope.schema.json (the entry, the change's shape and descriptions) is written by hand
 * and kept as it is.
 */
export function deriveEnvelope(handWritten: Schema, fields: readonly FieldEntry[]): Schema {
	const definitions = handWritten.definitions as Schema | undefined;
	const change = definitions?.change as Schema | undefined;
	if (!definitions || !change)
		throw new Error(
			'envelope.schema.json: needs definitions.change (the change whose field selects the schema of value)',
		);
	if (change.discriminator?.propertyName !== 'field')
		throw new Error(
			'envelope.schema.json: definitions.change needs discriminator { propertyName: "field" }',
		);
	const derived: Schema = {};
	for (const [key, value] of Object.entries(definitions)) {
		if (key.endsWith('_change')) continue;
		derived[key] =
			key === 'change'
				? { ...change, oneOf: fields.map((f) => ({ $ref: `#/definitions/${changeKey(f.name)}` })) }
				: value;
	}
	for (const field of fields) derived[changeKey(field.name)] = changeDefinition(field);
	return { ...handWritten, definitions: derived };
}

/** envelope.schema.json as the generator writes it (the repository's JSON style: two spaces). */
export function renderSchemaFile(schema: Schema): string {
	return JSON.stringify(schema, null, 2) + '\n';
}

/** Every schema, the envelope's field list derived from schemas/fields/. */
export function loadSchemas(): {
	entries: SchemaEntry[];
	fields: FieldEntry[];
	envelope: SchemaEntry;
} {
	const read = walkFiles(SCHEMAS_DIR, (name) => name.endsWith('.schema.json')).map(readSchema);
	const fields = fieldsFromFiles(read);
	const entries = read.map((e) =>
		e.file === ENVELOPE_FILE ? { ...e, schema: deriveEnvelope(e.schema, fields) } : e,
	);
	const envelope = entries.find((e) => e.file === ENVELOPE_FILE);
	if (!envelope) throw new Error('schemas/envelope.schema.json is missing');
	return { entries, fields, envelope };
}
