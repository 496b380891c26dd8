import { WEBHOOK_FIELDS } from '../../shared/generated/catalog';

/** Field name → the JSON pointer segments (into `value`) where its event lives. */
const EVENT_PATHS: ReadonlyMap<string, readonly (readonly string[])[]> = new Map(
	WEBHOOK_FIELDS.map((f) => [
		f.name,
		f.eventPointers.map((pointer) =>
			pointer
				.split('/')
				.slice(1)
				.map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')),
		),
	]),
);

/** The change's event or decision (the value at the field's first resolving x-event pointer), or null. */
export function eventOf(field: string, value: unknown): string | null {
	const paths = EVENT_PATHS.get(field);
	if (!paths) return null;
	for (const segments of paths) {
		let current: unknown = value;
		for (const segment of segments) {
			if (current === null || typeof current !== 'object') {
				current = undefined;
				break;
			}
			current = (current as Record<string, unknown>)[segment];
		}
		if (typeof current === 'string' || typeof current === 'number') return String(current);
	}
	return null;
}
