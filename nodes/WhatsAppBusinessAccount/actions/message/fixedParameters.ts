import type { IExecuteFunctions } from 'n8n-workflow';

/** True when a saved parameter value holds no expression anywhere: n8n then returns the same value for every item. */
export function holdsNoExpression(value: unknown): boolean {
	if (typeof value === 'string') return !value.startsWith('=');
	if (Array.isArray(value)) return value.every(holdsNoExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).every(holdsNoExpression);
	return true;
}

/**
 * The execution's context, except that a parameter holding no expression is read once, not per
 * item: reading a parameter copies, validates and resolves it each time (about a millisecond of
 * CPU per item for Send Template's parameters, the limit of a campaign's pace on a busy machine).
 * Parameters with an expression anywhere are still read per item, so items keep their own values.
 * The values read once are shared between items: callers only read them.
 */
export function readingFixedParametersOnce(context: IExecuteFunctions): IExecuteFunctions {
	const saved = context.getNode().parameters;
	const fixed = new Map<string, boolean>();
	const values = new Map<string, unknown>();
	const getNodeParameter = ((name: string, itemIndex: number, fallbackValue?: unknown, options?: object) => {
		let isFixed = fixed.get(name);
		if (isFixed === undefined) {
			isFixed = Object.prototype.hasOwnProperty.call(saved, name) && holdsNoExpression(saved[name]);
			fixed.set(name, isFixed);
		}
		if (!isFixed) return context.getNodeParameter(name, itemIndex, fallbackValue, options);
		const key = JSON.stringify([name, fallbackValue ?? null, options ?? null]);
		if (!values.has(key)) values.set(key, context.getNodeParameter(name, itemIndex, fallbackValue, options));
		return values.get(key);
	}) as IExecuteFunctions['getNodeParameter'];
	const bound = new Map<PropertyKey, unknown>();
	return new Proxy(context, {
		get(target, property) {
			if (property === 'getNodeParameter') return getNodeParameter;
			const value: unknown = Reflect.get(target, property, target);
			if (typeof value !== 'function') return value;
			if (!bound.has(property)) bound.set(property, (value as (...args: unknown[]) => unknown).bind(target));
			return bound.get(property);
		},
	});
}
