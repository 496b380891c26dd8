/**
 * The tests' own oracle for exact ids, independent of the code under test: Node 24's
 * JSON.parse reviver sees each number's source text, and an integer literal beyond 2^53 is
 * expected as the string of its digits.
 */
type ReviverContext = { source?: string };

export function parseWithExactIntegers(text: string): unknown {
	return JSON.parse(text, function (_key: string, value: unknown, context?: ReviverContext) {
		if (
			typeof value === 'number' &&
			!Number.isSafeInteger(value) &&
			context?.source !== undefined &&
			/^-?\d+$/.test(context.source)
		) {
			return context.source;
		}
		return value;
	} as (this: unknown, key: string, value: unknown) => unknown);
}
