/**
 * Compiles schemas/ into nodes/shared/generated/: TypeScript types (json-schema-to-typescript),
 * ajv standalone validators (strict mode) and the field catalog the trigger's options are
 * built from; writes the envelope's list of webhook fields (one per file of schemas/fields/)
 * into schemas/envelope.schema.json; and rewrites the table of fields in
 * docs/webhook-fields.md. The schemas are the only source: nothing here lists a field, an
 * event or an enum value. Run it with `npm run generate` (scripts/generate/run.ts).
 */
import * as fs from 'fs';
import * as path from 'path';

import { REPO_ROOT } from '../lib/repoRoot';
import { buildCatalog, renderCatalog } from './catalog';
import { buildDisplayNames } from './displayNames';
import { renderFieldsDoc } from './fieldsTable';
import { ENVELOPE_FILE, FIELDS_DOC, OUT_DIR } from './paths';
import { loadSchemas, renderSchemaFile, type Schema } from './schemas';
import { buildTypes } from './types';
import { buildValidators } from './validators';

/** Builds every generated file in memory: { absolutePath: contents }. */
async function buildAll(): Promise<Record<string, string>> {
	const { entries, fields, envelope } = loadSchemas();
	const byRel = new Map(entries.map((e) => [e.rel, e]));
	const byId = new Map<string, Schema>(entries.map((e) => [e.schema.$id, e.schema]));

	const catalog = buildCatalog(fields, byRel, byId);
	const validators = buildValidators(entries, fields);
	const webhookTypes = await buildTypes(entries, (e) => !e.rel.startsWith('graph/'), envelope);
	const hasGraph = entries.some((e) => e.rel.startsWith('graph/'));
	const out: Record<string, string> = {
		[ENVELOPE_FILE]: renderSchemaFile(envelope.schema),
		[path.join(OUT_DIR, 'validators.js')]: validators.js,
		[path.join(OUT_DIR, 'validators.d.ts')]: validators.dts,
		[path.join(OUT_DIR, 'webhook-types.ts')]: webhookTypes,
		[path.join(OUT_DIR, 'catalog.ts')]: renderCatalog(catalog),
		[path.join(OUT_DIR, 'display-names.ts')]: buildDisplayNames(catalog, entries),
	};
	if (hasGraph) {
		out[path.join(OUT_DIR, 'graph-types.ts')] = await buildTypes(
			entries,
			(e) => e.rel.startsWith('graph/'),
			envelope,
		);
	}
	const strict = new Set(
		fields.filter((f) => f.schema.additionalProperties === false).map((f) => f.name),
	);
	if (fs.existsSync(FIELDS_DOC)) {
		out[FIELDS_DOC] = renderFieldsDoc(
			fs.readFileSync(FIELDS_DOC, 'utf8'),
			path.relative(REPO_ROOT, FIELDS_DOC),
			catalog,
			strict,
		);
	}
	return out;
}

/**
 * Writes the generated files, or with { check: true } only compares them.
 * Returns the paths (relative to the repository) that were (or would be) changed.
 */
export async function generate({ check = false }: { check?: boolean } = {}): Promise<string[]> {
	const files = await buildAll();
	const changed: string[] = [];
	for (const [file, contents] of Object.entries(files)) {
		const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
		if (current === contents) continue;
		changed.push(path.relative(REPO_ROOT, file));
		if (!check) {
			fs.mkdirSync(path.dirname(file), { recursive: true });
			fs.writeFileSync(file, contents);
		}
	}
	return changed;
}
