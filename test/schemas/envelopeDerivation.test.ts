// The generator writes the envelope's field list from the files of schemas/fields/: a field is
// added by adding its file, and the hand-written rest of the envelope is kept.
import * as fs from 'fs';

import {
	deriveEnvelope,
	fieldsFromFiles,
	loadSchemas,
	renderSchemaFile,
	type Schema,
	type SchemaEntry,
} from '../../scripts/generate/schemas';
import { ENVELOPE_FILE } from '../../scripts/generate/paths';
import { SCHEMA_BASE } from './support';

const fieldEntry = (name: string): SchemaEntry => ({
	file: `/x/fields/${name}.schema.json`,
	rel: `fields/${name}.schema.json`,
	schema: { $id: `${SCHEMA_BASE}fields/${name}.schema.json`, title: name },
});

const handWritten = (): Schema => JSON.parse(fs.readFileSync(ENVELOPE_FILE, 'utf8')) as Schema;

test('the committed envelope is exactly what the generator derives from schemas/fields/', () => {
	const { envelope, fields } = loadSchemas();
	expect(renderSchemaFile(envelope.schema)).toBe(fs.readFileSync(ENVELOPE_FILE, 'utf8'));
	expect(fields.map((f) => f.name)).toEqual(
		fs
			.readdirSync(`${ENVELOPE_FILE.replace(/envelope\.schema\.json$/, '')}fields`)
			.map((n) => n.replace(/\.schema\.json$/, ''))
			.sort(),
	);
});

test('a new field file becomes one oneOf branch and one <field>_change definition; nothing else changes', () => {
	const before = handWritten();
	const fields = fieldsFromFiles([fieldEntry('alpha_update'), fieldEntry('beta')]);
	const derived = deriveEnvelope(before, fields);
	expect(derived.definitions.change.oneOf).toEqual([
		{ $ref: '#/definitions/alpha_update_change' },
		{ $ref: '#/definitions/beta_change' },
	]);
	expect(derived.definitions.beta_change).toEqual({
		type: 'object',
		required: ['field', 'value'],
		additionalProperties: false,
		properties: { field: { const: 'beta' }, value: { $ref: 'fields/beta.schema.json' } },
	});
	expect(Object.keys(derived.definitions)).toEqual([
		'entry',
		'change',
		'alpha_update_change',
		'beta_change',
	]);
	expect(derived.definitions.entry).toEqual(before.definitions.entry);
	expect({ ...derived.definitions.change, oneOf: null }).toEqual({
		...before.definitions.change,
		oneOf: null,
	});
	expect({ ...derived, definitions: null }).toEqual({ ...before, definitions: null });
});

test('a field file named against the rule, or an envelope without its discriminated change, is refused by name', () => {
	expect(() => fieldsFromFiles([fieldEntry('Bad-Name')])).toThrow(
		/schemas\/fields\/Bad-Name\.schema\.json: a field's file is named fields\/<field>\.schema\.json/,
	);
	const noDiscriminator = handWritten();
	delete noDiscriminator.definitions.change.discriminator;
	expect(() => deriveEnvelope(noDiscriminator, [])).toThrow(
		/definitions\.change needs discriminator/,
	);
	expect(() => deriveEnvelope({ definitions: {} }, [])).toThrow(/needs definitions\.change/);
});
