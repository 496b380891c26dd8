/** A JSON object: not null, not an array (the tools' one test before reading keys of parsed JSON). */
export const isObject = (v: unknown): v is Record<string, unknown> =>
	v !== null && typeof v === 'object' && !Array.isArray(v);
