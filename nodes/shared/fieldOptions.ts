// The webhook fields as options: the trigger's Trigger On and Webhook Setup > Check's field
// list show the same choices.
import type { INodePropertyOptions } from 'n8n-workflow';

import { displayName } from './displayName';
import { WEBHOOK_FIELDS } from './generated/catalog';

/**
 * The first sentence of a field's description, as a user reads it: without the schemas'
 * lead-ins ("value of a messages change:", "The account_update webhook notifies you of") and
 * without JSON paths ("(messages[])").
 */
export function fieldSummary(text: string): string {
	const first = text
		.split(/(?<=\.)\s/)[0]
		.replace(/^value of an? \S+ change(?: \([^)]*\))?:\s*/i, '')
		.replace(/^value of an? (\S+) change\b/i, (_, field: string) => `${displayName(field)} changes`)
		.replace(/^The \w+ webhook (?:notifies you of|notifies of|reports(?: that)?|describes)\s+/i, '')
		.replace(/^The \w+ webhook notifies you when\s+/i, 'When ')
		.replace(/\s*(?:in\s+)?\(?\b[a-z_]+\[\]\)?/g, '')
		.replace(/\s*\([^)]*\b[a-z]+_[a-z_]+\b[^)]*\)|\s*\([A-Z_]+\)/g, '')
		.replace(/\b[a-z]+(?:_[a-z]+)+\b/g, (key) => displayName(key))
		.replace(/\s+,/g, ',');
	return first.charAt(0).toUpperCase() + first.slice(1);
}

/** Field options, read from the schemas through the generated catalog. */
export const FIELD_OPTIONS: INodePropertyOptions[] = WEBHOOK_FIELDS.map((f) => ({
	name: displayName(f.name) + (f.documented ? '' : ' (Undocumented)'),
	value: f.name,
	description: fieldSummary(f.description),
}));
