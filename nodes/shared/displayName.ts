import { DISPLAY_NAMES } from './generated/display-names';

/**
 * The editor label of a schema key or code ("timezone_id" → "Timezone ID", "OBA_APPROVED" →
 * "OBA Approved"). The casing rules live in scripts/generate/displayNames.ts, which writes one label for
 * every key and code of the schemas; a key the schemas do not have is shown as it is (a test
 * checks that none reaches the editor).
 */
export function displayName(key: string): string {
	return Object.prototype.hasOwnProperty.call(DISPLAY_NAMES, key) ? DISPLAY_NAMES[key] : key;
}
