import type { AjvError } from '../../shared/generated/validators';

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
	| 'invalid'
	/** A number beyond 2^53 with 16 or more digits before a fraction or exponent: its digits are lost. */
	| 'inexact_number'
	/** Text Meta sends as JSON inside a string (a Flow's response_json) that is not a JSON object. */
	| 'invalid_json';

export interface ValidationIssue {
	/** JSON pointer from the root of the delivery. */
	path: string;
	kind: ValidationErrorKind;
	message: string;
}

export interface ValidationVerdict {
	valid: boolean;
	errors: ValidationIssue[];
	/**
	 * Only on Meta's App Dashboard samples (items with `test: true`): how the sample departs from
	 * the schemas, as information. Meta's samples differ from its reference pages; that is no
	 * failure of the user's setup.
	 */
	info?: ValidationIssue[];
}

/**
 * A number whose digits cannot be kept (see exactJson.ts), at `path`; `where` says where inside
 * the value at `path` it is, when the value is JSON text (a Flow's response_json).
 */
export function inexactNumberIssue(path: string, literal: string, where = ''): ValidationIssue {
	return {
		path,
		kind: 'inexact_number',
		message: `number ${literal}${where ? ' ' + where : ''} is beyond 2^53 and not written as plain digits: its digits cannot be kept`,
	};
}

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

const byPath = (a: AjvError, b: AjvError) =>
	a.instancePath < b.instancePath ? -1 : a.instancePath > b.instancePath ? 1 : 0;

/**
 * Errors sorted by instance path, so that those at a location or below it are found by binary
 * search: every lookup costs the size of its answer, not the number of errors, and a delivery
 * with thousands of findings is judged in time proportional to them.
 */
class ErrorsByLocation {
	private readonly sorted: AjvError[];

	constructor(errors: readonly AjvError[]) {
		this.sorted = [...errors].sort(byPath);
	}

	private firstFrom(path: string): number {
		let low = 0;
		let high = this.sorted.length;
		while (low < high) {
			const mid = (low + high) >>> 1;
			if (this.sorted[mid].instancePath < path) low = mid + 1;
			else high = mid;
		}
		return low;
	}

	/** The errors at `at` and below it (`at/...`, not a sibling such as `at0`). */
	atOrBelow(at: string): AjvError[] {
		const found: AjvError[] = [];
		for (
			let i = this.firstFrom(at);
			i < this.sorted.length && this.sorted[i].instancePath === at;
			i++
		)
			found.push(this.sorted[i]);
		const below = at + '/';
		for (
			let i = this.firstFrom(below);
			i < this.sorted.length && this.sorted[i].instancePath.startsWith(below);
			i++
		)
			found.push(this.sorted[i]);
		return found;
	}

	hasAtOrBelow(at: string): boolean {
		const i = this.firstFrom(at);
		if (i < this.sorted.length && this.sorted[i].instancePath === at) return true;
		const j = this.firstFrom(at + '/');
		return j < this.sorted.length && this.sorted[j].instancePath.startsWith(at + '/');
	}
}

const isUnionKeyword = (e: AjvError) => UNION_KEYWORDS.has(e.keyword);

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
	let index: ErrorsByLocation | undefined;
	for (const union of errors) {
		if (union.keyword !== 'anyOf' && union.keyword !== 'oneOf') continue;
		index ??= new ErrorsByLocation(errors.filter((e) => !isUnionKeyword(e)));
		const at = union.instancePath;
		const value = valueAt(data, at);
		const types: string[] = [];
		let fitting = 0;
		dropped.add(union);
		for (const e of index.atOrBelow(at)) {
			const mismatch =
				e.instancePath === at &&
				(e.keyword === 'type' ||
					(e.keyword === 'enum' &&
						!((e.params.allowedValues as unknown[] | undefined) ?? []).some(
							(allowed) => jsonType(allowed) === jsonType(value),
						)));
			if (!mismatch) {
				fitting++;
				continue;
			}
			dropped.add(e);
			if (e.keyword === 'type' && !types.includes(String(e.params.type)))
				types.push(String(e.params.type));
		}
		if (fitting === 0)
			added.push({
				...union,
				keyword: 'type',
				params: { type: types.join(' or ') || 'another shape' },
			});
	}
	return dropped.size ? [...errors.filter((e) => !dropped.has(e)), ...added] : errors;
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
			return {
				path,
				kind: 'wrong_type',
				message: `must be ${String(params.type).split(',').join(' or ')}`,
			};
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
export function toIssues(
	errors: readonly AjvError[] | null | undefined,
	data: unknown,
): ValidationIssue[] {
	if (!errors || errors.length === 0) return [];
	const pruned = pruneUnionBranches([...errors], data);
	// a union finding (if/then/else) is kept only where nothing more specific was said at or below it
	const specific = pruned.some(isUnionKeyword)
		? new ErrorsByLocation(pruned.filter((e) => !isUnionKeyword(e)))
		: null;
	const issues: ValidationIssue[] = [];
	const seen = new Set<string>();
	for (const error of pruned) {
		if (specific && isUnionKeyword(error) && specific.hasAtOrBelow(error.instancePath)) continue;
		const issue = classify(error);
		const key = issue.kind + issue.path;
		if (seen.has(key)) continue;
		seen.add(key);
		issues.push(issue);
	}
	return issues;
}
