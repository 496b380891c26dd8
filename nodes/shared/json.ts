/** A JSON object as the delivery path reads it: every value unknown until checked. */
export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json =>
	v !== null && typeof v === 'object' && !Array.isArray(v);

/** An id as a string: Meta sends most ids as strings, some as numbers (an integer is taken as its digits). */
export const idText = (v: unknown): string | null =>
	typeof v === 'string' ? v : typeof v === 'number' && Number.isInteger(v) ? String(v) : null;
