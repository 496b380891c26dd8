// ---- Display names: the one place where Meta's keys and codes become editor labels ----
// n8n's UX guidelines: title case for option and parameter names, with the small words of
// title case lower case, and acronyms and brands as users know them ("Timezone ID", "CTA URL",
// "WhatsApp"). The nodes read every generated label from display-names.ts.
import type { Catalog } from './catalog';
import { BANNER } from './paths';
import type { SchemaEntry } from './schemas';

/** Words written one way whatever Meta's key or code says. */
const WORD_CASING: Readonly<Record<string, string>> = {
	api: 'API',
	cta: 'CTA',
	ctwa: 'CTWA',
	id: 'ID',
	ids: 'IDs',
	json: 'JSON',
	mm: 'MM',
	na: 'N/A',
	oba: 'OBA',
	otp: 'OTP',
	pin: 'PIN',
	sdp: 'SDP',
	smb: 'SMB',
	sms: 'SMS',
	ttl: 'TTL',
	uri: 'URI',
	url: 'URL',
	urls: 'URLs',
	waba: 'WABA',
	whatsapp: 'WhatsApp',
};
/** Title case keeps these lower case unless they start the name. */
const SMALL_WORDS = new Set([
	'a',
	'an',
	'and',
	'as',
	'at',
	'by',
	'for',
	'from',
	'in',
	'of',
	'on',
	'or',
	'per',
	'the',
	'to',
	'via',
	'with',
]);

/** "timezone_id" → "Timezone ID", "OBA_APPROVED" → "OBA Approved", "cta_url_link_tracking_opted_out" → "CTA URL Link Tracking Opted Out". */
export function displayName(key: string): string {
	return String(key)
		.split(/[_\s]+/)
		.filter(Boolean)
		.map((word, index) => {
			const lower = word.toLowerCase();
			if (WORD_CASING[lower]) return WORD_CASING[lower];
			if (/^\d+k$/.test(lower)) return lower.toUpperCase(); // TIER_100K → "Tier 100K"
			if (index > 0 && SMALL_WORDS.has(lower)) return lower;
			return lower.charAt(0).toUpperCase() + lower.slice(1);
		})
		.join(' ');
}

/** Property keys and string enum values of a schema, at any depth. */
function keysAndCodes(schema: unknown, into: Set<string>): Set<string> {
	if (Array.isArray(schema)) {
		for (const s of schema) keysAndCodes(s, into);
	} else if (schema && typeof schema === 'object') {
		const s = schema as Record<string, any>;
		if (s.properties && typeof s.properties === 'object')
			for (const key of Object.keys(s.properties)) into.add(key);
		if (Array.isArray(s.enum)) for (const v of s.enum) if (typeof v === 'string') into.add(v);
		for (const value of Object.values(s)) keysAndCodes(value, into);
	}
	return into;
}

/** Every name the nodes show from the schemas: fields, events, statuses, types, Graph fields and codes. */
export function buildDisplayNames(catalog: Catalog, entries: readonly SchemaEntry[]): string {
	const keys = new Set([
		...catalog.fields.flatMap((f) => [f.name, ...f.events]),
		...catalog.messageStatuses,
		...catalog.messageTypes,
	]);
	for (const { rel, schema } of entries)
		if (rel.startsWith('graph/') || rel === 'common.schema.json') keysAndCodes(schema, keys);
	const names = Object.fromEntries([...keys].sort().map((key) => [key, displayName(key)]));
	return (
		BANNER +
		'\n/** Editor labels of the schemas\' keys and codes, cased once by scripts/generate/ (n8n\'s title case, "ID", "API", "WhatsApp", ...). */\n' +
		`export const DISPLAY_NAMES: Readonly<Record<string, string>> = ${JSON.stringify(names, null, '\t')};\n`
	);
}
