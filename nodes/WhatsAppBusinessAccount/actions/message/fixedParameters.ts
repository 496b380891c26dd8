import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** True when every string of a saved parameter value, at any depth, passes `test`. */
function everyString(value: unknown, test: (text: string) => boolean): boolean {
	if (typeof value === 'string') return test(value);
	if (Array.isArray(value)) return value.every((v) => everyString(v, test));
	if (value !== null && typeof value === 'object')
		return Object.values(value).every((v) => everyString(v, test));
	return true;
}

const isExpression = (text: string) => text.startsWith('=');

/** True when a saved parameter value holds no expression anywhere: n8n then returns the same value for every item. */
export const holdsNoExpression = (value: unknown): boolean =>
	everyString(value, (text) => !isExpression(text));

/** An expression that is only a field of the item (`={{ $json.name }}`, `={{ $json.row.phone }}`): its path. */
const JSON_FIELD = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*)+)\s*\}\}$/;

function jsonFieldPath(value: string): string[] | undefined {
	const match = JSON_FIELD.exec(value);
	return match ? match[1].slice(1).split('.') : undefined;
}

/** True when every expression in the value is an item field (see {@link JSON_FIELD}). */
export const holdsOnlyItemFields = (value: unknown): boolean =>
	everyString(value, (text) => !isExpression(text) || jsonFieldPath(text) !== undefined);

const NOT_A_STRING = Symbol('not a string');

/**
 * The value with each item-field expression replaced by the item's field, or NOT_A_STRING when
 * a field is not a string (missing, a number, an object): n8n's own reading decides those.
 */
function withItemFields(value: unknown, json: IDataObject): unknown {
	if (typeof value === 'string') {
		const path = jsonFieldPath(value);
		if (!path) return value;
		let field: unknown = json;
		for (const key of path)
			field =
				field !== null &&
				typeof field === 'object' &&
				Object.prototype.hasOwnProperty.call(field, key)
					? (field as IDataObject)[key]
					: undefined;
		return typeof field === 'string' ? field : NOT_A_STRING;
	}
	if (Array.isArray(value)) {
		const out: unknown[] = [];
		for (const entry of value) {
			const resolved = withItemFields(entry, json);
			if (resolved === NOT_A_STRING) return NOT_A_STRING;
			out.push(resolved);
		}
		return out;
	}
	if (value !== null && typeof value === 'object') {
		const out: IDataObject = {};
		for (const [key, entry] of Object.entries(value)) {
			const resolved = withItemFields(entry, json);
			if (resolved === NOT_A_STRING) return NOT_A_STRING;
			out[key] = resolved as IDataObject[string];
		}
		return out;
	}
	return value;
}

/** How a parameter is read for each item; `check` until item fields have been compared with n8n's reading. */
/** Deep equality of parameter values (plain JSON: strings, numbers, booleans, null, arrays, objects). */
function sameValue(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (
		a === null ||
		b === null ||
		typeof a !== 'object' ||
		typeof b !== 'object' ||
		Array.isArray(a) !== Array.isArray(b)
	)
		return false;
	const keys = Object.keys(a);
	if (keys.length !== Object.keys(b).length) return false;
	return keys.every(
		(key) =>
			Object.prototype.hasOwnProperty.call(b, key) &&
			sameValue((a as IDataObject)[key], (b as IDataObject)[key]),
	);
}

type Reading = 'fixed' | 'check' | 'itemFields' | 'n8n';

function readingOf(saved: IDataObject, name: string): Reading {
	if (!Object.prototype.hasOwnProperty.call(saved, name)) return 'n8n';
	if (holdsNoExpression(saved[name])) return 'fixed';
	return holdsOnlyItemFields(saved[name]) ? 'check' : 'n8n';
}

/**
 * The execution's context, with cheaper reads of the parameters a campaign reads for every item
 * (reading a parameter through n8n copies, validates and resolves it each time, its expression
 * engine setting up a date context per expression: most of Send Template's CPU per item):
 * - a parameter holding no expression is read once: n8n returns the same value for every item;
 * - one whose expressions are all a plain item field (`={{ $json.phone }}`) takes the item's
 *   string fields directly, once the first item read both ways gave the same value (otherwise,
 *   and for fields that are not strings, n8n reads it);
 * - any other parameter is read by n8n for every item.
 * The values read once are shared between items: callers only read them.
 */
export function readingFixedParametersOnce(context: IExecuteFunctions): IExecuteFunctions {
	const saved = context.getNode().parameters as IDataObject;
	const readings = new Map<string, Reading>();
	const values = new Map<string, unknown>();
	const byN8n = (name: string, itemIndex: number, fallbackValue?: unknown, options?: object) =>
		context.getNodeParameter(name, itemIndex, fallbackValue, options);
	const itemJson = (itemIndex: number) => context.getInputData()[itemIndex]?.json ?? {};

	const getNodeParameter = ((
		name: string,
		itemIndex: number,
		fallbackValue?: unknown,
		options?: object,
	) => {
		let reading = readings.get(name);
		if (reading === undefined) {
			reading = readingOf(saved, name);
			readings.set(name, reading);
		}
		if (reading === 'fixed') {
			const key = JSON.stringify([name, fallbackValue ?? null, options ?? null]);
			if (!values.has(key)) values.set(key, byN8n(name, itemIndex, fallbackValue, options));
			return values.get(key);
		}
		if (options || reading === 'n8n') return byN8n(name, itemIndex, fallbackValue, options);
		const ours = withItemFields(saved[name], itemJson(itemIndex));
		if (reading === 'itemFields' && ours !== NOT_A_STRING) return ours;
		const n8nValue = byN8n(name, itemIndex, fallbackValue, options);
		// trust the direct reading only where it gives what n8n gives
		if (reading === 'check')
			readings.set(name, ours !== NOT_A_STRING && sameValue(ours, n8nValue) ? 'itemFields' : 'n8n');
		return n8nValue;
	}) as IExecuteFunctions['getNodeParameter'];

	const bound = new Map<PropertyKey, unknown>();
	return new Proxy(context, {
		get(target, property) {
			if (property === 'getNodeParameter') return getNodeParameter;
			const value: unknown = Reflect.get(target, property, target);
			if (typeof value !== 'function') return value;
			if (!bound.has(property))
				bound.set(property, (value as (...args: unknown[]) => unknown).bind(target));
			return bound.get(property);
		},
	});
}
