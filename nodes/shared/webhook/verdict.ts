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

/**
 * Unions (anyOf/oneOf) report every branch's complaints. Keep the branch whose type matched
 * the data (an unknown enum value in the string branch of "string or array" is what the
 * user needs to see, not "must be array"); drop the union's own summary error.
 */
function pruneUnionBranches(errors: AjvError[]): AjvError[] {
	const dropped = new Set<AjvError>();
	const added: AjvError[] = [];
	for (const union of errors) {
		if (union.keyword !== 'anyOf' && union.keyword !== 'oneOf') continue;
		const prefix = union.schemaPath + '/';
		const branches = new Map<string, AjvError[]>();
		for (const e of errors) {
			if (e === union || !e.schemaPath.startsWith(prefix)) continue;
			const branch = e.schemaPath.slice(prefix.length).split('/')[0];
			branches.set(branch, [...(branches.get(branch) ?? []), e]);
		}
		const typeMatches = (list: AjvError[]) =>
			!list.some((e) => e.keyword === 'type' && e.instancePath === union.instancePath);
		const keep = [...branches.values()].find(typeMatches);
		for (const list of branches.values()) if (list !== keep) list.forEach((e) => dropped.add(e));
		dropped.add(union);
		if (!keep) {
			// no branch even has the data's type: one wrong_type finding for the union
			const types = [...branches.values()].flat().filter((e) => e.keyword === 'type').map((e) => e.params.type);
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
			return { path, kind: 'wrong_type', message: `must be ${String(params.type)}` };
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

/** Turns ajv's raw errors into readable findings, most specific first, without duplicates. */
export function toIssues(errors: readonly AjvError[] | null | undefined): ValidationIssue[] {
	if (!errors || errors.length === 0) return [];
	const pruned = pruneUnionBranches([...errors]);
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
