/**
 * The ajv standalone validators (validators.js) and their declarations (validators.d.ts):
 * plain JavaScript that needs no library at run time.
 */
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';

import { ANNOTATIONS, BANNER, ENVELOPE_ID, TEMPLATE_COMPONENTS_ID } from './paths';
import type { FieldEntry, SchemaEntry } from './schemas';

function createAjv() {
	const ajv = new Ajv({
		strict: true,
		allErrors: true,
		allowUnionTypes: true,
		discriminator: true,
		code: { source: true, optimize: 1, lines: false },
	});
	ajv.addVocabulary(ANNOTATIONS);
	return ajv;
}

function validatorName(fieldName: string) {
	return 'validate_' + fieldName;
}

// ajv gathers a called validator's errors with `vErrors.concat(...)`, copying every error found
// so far at each call: quadratic in the errors of a delivery (thousands of flagged messages took
// seconds). Appending in place gives the same list in linear time; the callee's array is fresh
// for each of its calls, so taking it over when none were found yet is safe.
// (a recursive $ref, such as a carousel card's components, calls through `wrapperN.validate`)
const ERRORS_CONCAT =
	/vErrors = vErrors === null \? ([\w.]+)\.errors : vErrors\.concat\(\1\.errors\);/g;

function appendErrorsInPlace(code: string) {
	let count = 0;
	const out = code.replace(ERRORS_CONCAT, (_match, callee) => {
		count++;
		return `if (vErrors === null) {vErrors = ${callee}.errors;} else {for (const e of ${callee}.errors) vErrors.push(e);}`;
	});
	if (count === 0 || /vErrors\.concat\(/.test(out))
		throw new Error('ajv no longer gathers errors as expected: review appendErrorsInPlace');
	return out;
}

export function buildValidators(entries: readonly SchemaEntry[], fields: readonly FieldEntry[]) {
	const ajv = createAjv();
	for (const { schema } of entries) ajv.addSchema(schema);
	const exportsMap: Record<string, string> = {
		validateDelivery: ENVELOPE_ID,
		validateTemplateComponents: TEMPLATE_COMPONENTS_ID,
	};
	for (const { name, schema } of fields) exportsMap[validatorName(name)] = schema.$id;
	for (const id of Object.values(exportsMap)) {
		if (!ajv.getSchema(id)) throw new Error(`cannot compile ${id}`);
	}
	const code = appendErrorsInPlace(standaloneCode(ajv, exportsMap));
	if (/require\(/.test(code)) {
		const needed = [...new Set(code.match(/require\([^)]*\)/g))].join(', ');
		throw new Error(
			`the validators need ajv at run time (${needed}): remove the keyword that causes it (see schemas/README.md)`,
		);
	}
	const fieldMap = fields
		.map(({ name }) => `\t${JSON.stringify(name)}: exports.${validatorName(name)},`)
		.join('\n');
	const js = BANNER + code + `\nexports.fieldValidators = {\n${fieldMap}\n};\n`;
	const dts =
		BANNER +
		`import type { WhatsAppBusinessAccountWebhook } from './webhook-types';\n\n` +
		`export interface AjvError {\n\tinstancePath: string;\n\tschemaPath: string;\n\tkeyword: string;\n\tparams: Record<string, unknown>;\n\tmessage?: string;\n}\n` +
		`export interface CompiledValidator<T = unknown> {\n\t(data: unknown): data is T;\n\terrors?: AjvError[] | null;\n}\n` +
		`/** Validates a whole delivery: the envelope and, through \`field\`, every change's value. */\n` +
		`export declare const validateDelivery: CompiledValidator<WhatsAppBusinessAccountWebhook>;\n` +
		`/** A message template's \`components\`, before the action node sends them. */\n` +
		`export declare const validateTemplateComponents: CompiledValidator;\n` +
		`/** One validator per webhook field, for a change's \`value\`. */\n` +
		`export declare const fieldValidators: Readonly<Record<string, CompiledValidator>>;\n`;
	return { js, dts };
}
