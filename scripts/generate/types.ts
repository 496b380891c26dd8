/** TypeScript types of the schemas (json-schema-to-typescript). */
import * as path from 'path';
import { fileURLToPath } from 'url';

import { compile, type JSONSchema } from 'json-schema-to-typescript';

import { BANNER, SCHEMAS_DIR } from './paths';
import { renderSchemaFile, type SchemaEntry } from './schemas';

const localPath = (url: string) =>
	path.resolve(url.startsWith('file:') ? fileURLToPath(url) : decodeURIComponent(url));

/**
 * `envelope` is the derived envelope: the compiler reads the schemas from disk, but is
 * served this one, so the types follow schemas/fields/ in the run that adds a field.
 */
export async function buildTypes(
	entries: readonly SchemaEntry[],
	include: (entry: SchemaEntry) => boolean,
	envelope: SchemaEntry,
): Promise<string> {
	// One synthetic root that refers to every schema of the group, so that each titled
	// definition is emitted once even when several files refer to it.
	const members = entries.filter((e) => e.rel !== 'common.schema.json' && include(e));
	const root: JSONSchema = {
		title: 'GeneratedRoot',
		type: 'object',
		additionalProperties: false,
		properties: Object.fromEntries(members.map(({ rel }) => [rel, { $ref: './' + rel }])),
	};
	let ts = await compile(root, 'GeneratedRoot', {
		cwd: SCHEMAS_DIR,
		bannerComment: '',
		declareExternallyReferenced: true,
		additionalProperties: false,
		unknownAny: true,
		format: true,
		style: { useTabs: true, singleQuote: true, printWidth: 110 },
		$refOptions: {
			resolve: {
				http: false,
				derivedEnvelope: {
					order: 1,
					canRead: (file: { url: string }) => localPath(file.url) === envelope.file,
					read: () => renderSchemaFile(envelope.schema),
				},
			},
		},
	});
	ts = ts.replace(/export interface GeneratedRoot \{[\s\S]*?\n\}\n/, '');
	// json-schema-to-typescript writes `{}` for an object schema without properties; said
	// once here rather than in n8n's lint config, which must stay the default one.
	const emptyObjects = /\{\}/.test(ts)
		? '/* eslint-disable @typescript-eslint/no-empty-object-type */\n'
		: '';
	return emptyObjects + BANNER + '\n' + ts.trimStart();
}
