/**
 * Helpers shared by the schema tests: the schemas as files, the fixtures, and a small
 * resolver that follows JSON pointers (or an instance) through a schema, $refs included.
 */
import * as fs from 'fs';
import * as path from 'path';

import { FIXTURES_DIR, fixtureName, payloadFiles } from '../../scripts/lib/fixtures';
import { relativePosix, walkFiles } from '../../scripts/lib/walk';
import { fromRoot } from '../../scripts/lib/repoRoot';

export const SCHEMAS_DIR = fromRoot('schemas');
export const SCHEMA_BASE = 'https://n8n-nodes-whatsapp-business-account.github.io/schemas/';
export const ENVELOPE_ID = SCHEMA_BASE + 'envelope.schema.json';
/** The fields of Meta's webhook reference (webhook-fields.md, "The fields Meta's reference lists (19)"). */
export const REFERENCE_FIELDS = [
	'account_alerts',
	'account_review_update',
	'account_update',
	'automatic_events',
	'business_capability_update',
	'history',
	'message_template_components_update',
	'message_template_quality_update',
	'message_template_status_update',
	'messages',
	'partner_solutions',
	'payment_configuration_update',
	'phone_number_name_update',
	'phone_number_quality_update',
	'security',
	'smb_app_state_sync',
	'smb_message_echoes',
	'template_category_update',
	'user_preferences',
];

/** The annotation vocabulary of schemas/README.md. */
export const ANNOTATIONS = ['x-event', 'x-event-label', 'x-documented'];

// Schemas are free-form JSON; the tests read them structurally.
export type Schema = Record<string, any>;
export type Json = Record<string, unknown>;

export interface SchemaFile {
	/** Path relative to schemas/, with forward slashes. */
	rel: string;
	schema: Schema;
}

function loadSchemaFiles(): SchemaFile[] {
	return walkFiles(SCHEMAS_DIR, (n) => n.endsWith('.schema.json')).map((file) => ({
		rel: relativePosix(SCHEMAS_DIR, file),
		schema: JSON.parse(fs.readFileSync(file, 'utf8')) as Schema,
	}));
}

export const SCHEMA_FILES = loadSchemaFiles();
export const SCHEMAS_BY_ID = new Map(SCHEMA_FILES.map((f) => [f.schema.$id as string, f.schema]));

export function fieldSchema(field: string): Schema {
	const schema = SCHEMAS_BY_ID.get(`${SCHEMA_BASE}fields/${field}.schema.json`);
	if (!schema) throw new Error(`no schema for field ${field}`);
	return schema;
}

const unescapePointer = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');
export const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** A schema together with the $id its relative $refs resolve against. */
export interface Located {
	schema: Schema;
	base: string;
}

/** Resolves one $ref; throws when its document or its fragment does not exist. */
export function resolveRef(ref: string, base: string): Located {
	const url = new URL(ref, base);
	const docId = url.origin + url.pathname;
	const doc = SCHEMAS_BY_ID.get(docId);
	if (!doc) throw new Error(`$ref ${ref} (from ${base}): no schema with $id ${docId}`);
	let current: unknown = doc;
	for (const raw of url.hash.replace(/^#\/?/, '').split('/').filter(Boolean)) {
		const segment = unescapePointer(decodeURIComponent(raw));
		if (current === null || typeof current !== 'object' || !(segment in current)) {
			throw new Error(`$ref ${ref} (from ${base}): ${url.hash} does not resolve in ${docId}`);
		}
		current = (current as Schema)[segment];
	}
	if (current === null || typeof current !== 'object')
		throw new Error(`$ref ${ref} (from ${base}) is not a schema`);
	return { schema: current as Schema, base: docId };
}

/** Follows $refs until a schema without one. */
export function deref(located: Located): Located {
	let current = located;
	for (let guard = 0; current.schema.$ref !== undefined; guard++) {
		if (guard > 20) throw new Error(`$ref loop at ${current.schema.$ref}`);
		current = resolveRef(current.schema.$ref as string, current.base);
	}
	return current;
}

/**
 * The schema at a JSON pointer into the data a schema describes: numeric segments go
 * through `items`, names through `properties` (or the first anyOf branch that has them).
 */
export function schemaAtPointer(root: Located, pointer: string): Located | undefined {
	let current: Located | undefined = deref(root);
	for (const raw of pointer.split('/').slice(1)) {
		if (!current) return undefined;
		const segment = unescapePointer(raw);
		const here: Located = current;
		const candidates = [
			here,
			...((here.schema.anyOf ?? []) as Schema[]).map((b) => deref({ schema: b, base: here.base })),
		];
		current = undefined;
		for (const { schema, base } of candidates) {
			const next: Schema | undefined =
				/^\d+$/.test(segment) && schema.items ? schema.items : schema.properties?.[segment];
			if (next) {
				current = deref({ schema: next, base });
				break;
			}
		}
	}
	return current;
}

/** Every enum value a schema allows, through anyOf branches and array items. */
export function enumValues(located: Located | undefined): unknown[] {
	if (!located) return [];
	const { schema, base } = deref(located);
	const values: unknown[] = [];
	if (Array.isArray(schema.enum)) values.push(...schema.enum);
	if (schema.const !== undefined) values.push(schema.const);
	if (schema.items) values.push(...enumValues({ schema: schema.items, base }));
	for (const branch of (schema.anyOf ?? []) as Schema[])
		values.push(...enumValues({ schema: branch, base }));
	return [...new Set(values)];
}

const jsonType = (v: unknown): string =>
	v === null
		? 'null'
		: Array.isArray(v)
			? 'array'
			: Number.isInteger(v)
				? 'integer'
				: typeof v === 'number'
					? 'number'
					: typeof v;

function acceptsType(schema: Schema, value: unknown): boolean {
	if (schema.type === undefined) return true;
	const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
	const t = jsonType(value);
	return types.includes(t) || (t === 'integer' && types.includes('number'));
}

const UNSUPPORTED_APPLICATORS = [
	'oneOf',
	'allOf',
	'if',
	'then',
	'else',
	'not',
	'patternProperties',
	'dependencies',
	'contains',
	'additionalItems',
	'propertyNames',
];

/**
 * Where an object of the instance sits in the schema: the schema that governs it (after
 * $refs, and the anyOf branch its type matches), or null when nothing constrains it (it
 * sits under an object that accepts any additional property). Throws on applicators this
 * helper does not understand, so that a schema change cannot silently weaken the tests.
 */
export function schemaForInstance(
	root: Located,
	data: unknown,
	segments: readonly string[],
): Located | null {
	let current: Located = deref(root);
	let value: unknown = data;
	const pick = (located: Located, v: unknown): Located => {
		let here = deref(located);
		for (const key of UNSUPPORTED_APPLICATORS) {
			if (key in here.schema)
				throw new Error(`schemaForInstance does not handle ${key} (${here.base})`);
		}
		if (Array.isArray(here.schema.anyOf)) {
			const matching = (here.schema.anyOf as Schema[])
				.map((b) => deref({ schema: b, base: here.base }))
				.filter((b) => acceptsType(b.schema, v));
			if (matching.length !== 1)
				throw new Error(
					`schemaForInstance: ${matching.length} anyOf branches accept a ${jsonType(v)}`,
				);
			here = pick(matching[0], v);
		}
		return here;
	};
	current = pick(current, value);
	for (const segment of segments) {
		const { schema, base } = current;
		let next: Schema | boolean | undefined;
		if (Array.isArray(value)) next = schema.items;
		else if (schema.properties && segment in schema.properties) next = schema.properties[segment];
		else next = schema.additionalProperties;
		value = (value as Record<string, unknown>)[segment];
		if (next === undefined || next === true) return null;
		if (next === false) throw new Error(`schemaForInstance: ${segment} is not allowed by ${base}`);
		current = pick({ schema: next, base }, value);
	}
	return current;
}

export interface FixtureFile {
	/** Path relative to fixtures/, with forward slashes. */
	rel: string;
	file: string;
	raw: Buffer;
	body: Json;
}

/** The payload files (not `.expected.json`) under one fixtures/ folder. */
export function payloadFixtures(folder: string): FixtureFile[] {
	const dir = path.join(FIXTURES_DIR, folder);
	if (!fs.existsSync(dir)) return [];
	return payloadFiles(dir).map((file) => {
		const raw = fs.readFileSync(file);
		return {
			rel: fixtureName(file),
			file,
			raw,
			body: JSON.parse(raw.toString('utf8')) as Json,
		};
	});
}

export interface ExpectedFile {
	reproduces: string;
	corrections: string[];
	status: number;
	items: Array<{
		field: string;
		wabaId: string;
		time: number | null;
		event: string | null;
		valid: boolean;
		errors?: Array<{ path: string; kind: string }>;
	}>;
}

export function expectedFor(fixture: FixtureFile): ExpectedFile {
	return JSON.parse(
		fs.readFileSync(fixture.file.replace(/\.json$/, '.expected.json'), 'utf8'),
	) as ExpectedFile;
}

export interface ChangeRef {
	entry: number;
	change: number;
	field: string;
	value: unknown;
}

export function changesOf(body: Json): ChangeRef[] {
	const out: ChangeRef[] = [];
	(body.entry as Array<{ changes: Array<{ field: string; value: unknown }> }>).forEach((entry, e) =>
		entry.changes.forEach((change, c) =>
			out.push({ entry: e, change: c, field: change.field, value: change.value }),
		),
	);
	return out;
}

/** `{path, kind}` pairs, sorted, for comparing findings as sets. */
export function findingKeys(
	errors: ReadonlyArray<{ path: string; kind: string }> | undefined,
): string[] {
	return (errors ?? []).map((e) => `${e.kind} at ${e.path}`).sort();
}
