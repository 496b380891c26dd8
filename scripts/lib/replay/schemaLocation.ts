/**
 * Which schema, and where in it, made a finding: the replay report names it so that a user
 * who recorded a flagged delivery knows which file to change (`schemas/fields/messages.schema.json#/definitions/messageStatusValue/enum`).
 * The schemas are walked along the finding's JSON pointer through the delivery, following
 * `$ref`s across files, the change's `field` (the envelope's discriminator) and, in a union,
 * the branch whose type fits the data, as the verdict does.
 */
import * as fs from 'fs';
import * as path from 'path';

import { relativePosix, walkFiles } from '../walk';
import { isObject } from '../isObject';

type Schema = Record<string, unknown>;

interface Located {
	/** File relative to schemas/, e.g. `fields/messages.schema.json`. */
	file: string;
	/** JSON pointer inside that file. */
	pointer: string;
	schema: Schema;
}

const ENVELOPE = 'envelope.schema.json';

/** The schemas/ folder of the clone this runs from (or its dist/ copy), or null. */
export function findSchemasDir(from = __dirname): string | null {
	for (let dir = from; ; dir = path.dirname(dir)) {
		for (const candidate of [path.join(dir, 'schemas'), path.join(dir, 'dist', 'schemas')]) {
			if (fs.existsSync(path.join(candidate, ENVELOPE))) return candidate;
		}
		if (path.dirname(dir) === dir) return null;
	}
}

const decode = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');
const jsonType = (v: unknown) =>
	v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;

export class SchemaLocator {
	private readonly files = new Map<string, Schema>();

	constructor(dir: string) {
		for (const file of walkFiles(dir, (name) => name.endsWith('.schema.json'))) {
			this.files.set(relativePosix(dir, file), JSON.parse(fs.readFileSync(file, 'utf8')) as Schema);
		}
	}

	private at(file: string, pointer: string): Located | null {
		let schema: unknown = this.files.get(file);
		for (const segment of pointer.split('/').slice(1))
			schema = isObject(schema) ? schema[decode(segment)] : undefined;
		return isObject(schema) ? { file, pointer, schema } : null;
	}

	private deref(located: Located): Located | null {
		let current: Located | null = located;
		for (let i = 0; current && typeof current.schema.$ref === 'string' && i < 32; i++) {
			const [target, fragment = ''] = current.schema.$ref.split('#');
			const file = target
				? path.posix.normalize(path.posix.join(path.posix.dirname(current.file), target))
				: current.file;
			current = this.at(file, fragment);
		}
		return current;
	}

	/** The branch of a union (or the envelope's field discriminator) that fits the data. */
	private pick(located: Located, value: unknown): Located | null {
		let current = this.deref(located);
		for (let i = 0; current && i < 8; i++) {
			const union = Array.isArray(current.schema.anyOf)
				? 'anyOf'
				: Array.isArray(current.schema.oneOf)
					? 'oneOf'
					: null;
			if (!union) return current;
			const branches = (current.schema[union] as unknown[]).map((_, k) =>
				this.deref({
					...current!,
					pointer: `${current!.pointer}/${union}/${k}`,
					schema: (current!.schema[union] as Schema[])[k],
				}),
			);
			const fitting = branches.find((b) => {
				if (!b) return false;
				const field = (b.schema.properties as Schema | undefined)?.field as Schema | undefined;
				if (field && 'const' in field) return isObject(value) && value.field === field.const;
				const types = b.schema.type === undefined ? null : ([] as unknown[]).concat(b.schema.type);
				return (
					types === null ||
					types.includes(jsonType(value)) ||
					(jsonType(value) === 'integer' && types.includes('number'))
				);
			});
			if (!fitting) return current;
			current = fitting;
		}
		return current;
	}

	/** The schema that governs the value at `pointer` in `delivery`, or null (a loose or unknown place). */
	governing(delivery: unknown, pointer: string): Located | null {
		let current = this.pick(
			{ file: ENVELOPE, pointer: '', schema: this.files.get(ENVELOPE) ?? {} },
			delivery,
		);
		let value = delivery;
		for (const raw of pointer.split('/').slice(1)) {
			if (!current) return null;
			const segment = decode(raw);
			const { schema } = current;
			let next: Located | null = null;
			if (Array.isArray(value) && isObject(schema.items))
				next = { ...current, pointer: `${current.pointer}/items`, schema: schema.items };
			else if (isObject(schema.properties) && isObject(schema.properties[segment]))
				next = {
					...current,
					pointer: `${current.pointer}/properties/${raw}`,
					schema: schema.properties[segment] as Schema,
				};
			else if (isObject(schema.additionalProperties))
				next = {
					...current,
					pointer: `${current.pointer}/additionalProperties`,
					schema: schema.additionalProperties,
				};
			value =
				isObject(value) || Array.isArray(value)
					? (value as Record<string, unknown>)[segment]
					: undefined;
			current = next && this.pick(next, value);
		}
		return current;
	}

	/**
	 * Where a finding comes from, as `schemas/<file>#<pointer>`: the object that does not allow
	 * the property (`/additionalProperties`), the list of required ones, the enum or type of the
	 * value; for an unknown field, the envelope's list of fields. Null when no schema says it.
	 */
	locate(delivery: unknown, finding: { path: string; kind: string }): string | null {
		const cut = (p: string) => p.slice(0, p.lastIndexOf('/'));
		const show = (l: Located | null, keyword: string) =>
			l
				? `schemas/${l.file}#${l.pointer}${keyword && keyword.slice(1) in l.schema ? keyword : ''}`
				: null;
		switch (finding.kind) {
			case 'unknown_field':
				return `schemas/${ENVELOPE}#/definitions (no <field>_change; add one and fields/<field>.schema.json)`;
			case 'unknown_property':
				return show(this.governing(delivery, cut(finding.path)), '/additionalProperties');
			case 'missing_property':
				return show(this.governing(delivery, cut(finding.path)), '/required');
			case 'unknown_enum_value': {
				const l = this.governing(delivery, finding.path);
				return show(l, l && 'const' in l.schema ? '/const' : '/enum');
			}
			case 'wrong_type':
				return show(this.governing(delivery, finding.path), '/type');
			case 'inexact_number':
			case 'invalid_json':
				return null;
			default:
				return show(this.governing(delivery, finding.path), '');
		}
	}
}
