import type { AjvError } from '../generated/validators';

/**
 * How a payload departs from the schemas. The schemas are strict so that the repository's
 * own fixtures prove them; a production delivery that departs is still delivered, with
 * these findings attached, never dropped.
 */
export type ValidationErrorKind =
	| 'unknown_field'
	| 'unknown_property'
	| 'unknown_enum_value'
	| 'wrong_type'
	| 'missing_property'
	| 'invalid';

export interface ValidationIssue {
	/** JSON pointer from the root of the delivery. */
	path: string;
	kind: ValidationErrorKind;
	message: string;
}

export interface ValidationVerdict {
	valid: boolean;
	errors: ValidationIssue[];
}

export const VALID: ValidationVerdict = Object.freeze({ valid: true, errors: Object.freeze([]) as unknown as ValidationIssue[] });

export function escapePointerSegment(segment: string): string {
	return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

const UNION_KEYWORDS = new Set(['anyOf', 'oneOf', 'if', 'then', 'else']);

function valueAt(data: unknown, pointer: string): unknown {
	let current = data;
	for (const raw of pointer.split('/').slice(1)) {
		if (current === null || typeof current !== 'object') return undefined;
		const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
		current = (current as Record<string, unknown>)[segment];
	}
	return current;
}

const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Unions (anyOf/oneOf, such as "a ban state or an array of them") report every branch's
 * complaints, and branches reached through $ref cannot be told apart by schema path. So the
 * data decides: at the union's own location, a type error or an enum of another JSON type
 * comes from a branch that does not fit the data and is dropped; what the fitting branch
 * says (an unknown enum value, an unknown property deeper down) is kept. When no branch
 * fits the data's type at all, one wrong_type finding names the types the union accepts.
 */
function pruneUnionBranches(errors: AjvError[], data: unknown): AjvError[] {
	const dropped = new Set<AjvError>();
	const added: AjvError[] = [];
	for (const union of errors) {
		if (union.keyword !== 'anyOf' && union.keyword !== 'oneOf') continue;
		const at = union.instancePath;
		const value = valueAt(data, at);
		const related = errors.filter(
			(e) => e !== union && !UNION_KEYWORDS.has(e.keyword) && (e.instancePath === at || e.instancePath.startsWith(at + '/')),
		);
		const typeErrors = related.filter((e) => e.keyword === 'type' && e.instancePath === at);
		const foreignEnums = related.filter(
			(e) =>
				e.keyword === 'enum' &&
				e.instancePath === at &&
				!((e.params.allowedValues as unknown[] | undefined) ?? []).some((allowed) => jsonType(allowed) === jsonType(value)),
		);
		const fitting = related.filter((e) => !typeErrors.includes(e) && !foreignEnums.includes(e));
		[union, ...typeErrors, ...foreignEnums].forEach((e) => dropped.add(e));
		if (fitting.length === 0) {
			const types = [...new Set(typeErrors.map((e) => String(e.params.type)))];
			added.push({ ...union, keyword: 'type', params: { type: types.join(' or ') || 'another shape' } });
		}
	}
	return [...errors.filter((e) => !dropped.has(e)), ...added];
}

function classify(error: AjvError): ValidationIssue {
	const path = error.instancePath;
	const params = error.params;
	switch (error.keyword) {
		case 'additionalProperties': {
			const name = String(params.additionalProperty);
			return {
				path: `${path}/${escapePointerSegment(name)}`,
				kind: 'unknown_property',
				message: `property "${name}" is not in the schema`,
			};
		}
		case 'enum':
		case 'const':
			return {
				path,
				kind: 'unknown_enum_value',
				message: `value is not one of ${JSON.stringify(params.allowedValues ?? [params.allowedValue])}`,
			};
		case 'discriminator':
			if (params.error === 'mapping') {
				return {
					path: `${path}/field`,
					kind: 'unknown_field',
					message: `field "${String(params.tagValue)}" is not a known webhook field`,
				};
			}
			return { path: `${path}/field`, kind: 'wrong_type', message: 'field must be a string' };
		case 'type':
			return { path, kind: 'wrong_type', message: `must be ${String(params.type).split(',').join(' or ')}` };
		case 'required': {
			const name = String(params.missingProperty);
			return {
				path: `${path}/${escapePointerSegment(name)}`,
				kind: 'missing_property',
				message: `required property "${name}" is missing`,
			};
		}
		default:
			return { path, kind: 'invalid', message: error.message ?? error.keyword };
	}
}

/**
 * Turns ajv's raw errors into readable findings, most specific first, without duplicates.
 * `data` is what was validated: unions are resolved by the type of the data they met.
 */
export function toIssues(errors: readonly AjvError[] | null | undefined, data: unknown): ValidationIssue[] {
	if (!errors || errors.length === 0) return [];
	const pruned = pruneUnionBranches([...errors], data);
	const hasSpecific = (union: AjvError) =>
		pruned.some((e) => e !== union && !UNION_KEYWORDS.has(e.keyword) && e.instancePath.startsWith(union.instancePath));
	const issues: ValidationIssue[] = [];
	const seen = new Set<string>();
	for (const error of pruned) {
		if (UNION_KEYWORDS.has(error.keyword) && hasSpecific(error)) continue;
		const issue = classify(error);
		const key = issue.kind + issue.path;
		if (seen.has(key)) continue;
		seen.add(key);
		issues.push(issue);
	}
	return issues;
}
