import { ENTRY_OR_CHANGE, pushTo } from './issues';
import { isObject, type Json } from '../../shared/json';
import type { ChangeItem } from './result';
import type { ValidationIssue } from './verdict';

/**
 * Meta's App Dashboard "Test" button sends, per field, a fixed sample under entry id "0" (no
 * WhatsApp Business Account has that id). The samples differ from Meta's reference pages in
 * places, so without this a user who presses Test after connecting the trigger sees
 * `valid: false`. A change counts as a sample only when its entry id is "0" AND its value
 * carries one of the sample values below: a real delivery (a real WABA id) never qualifies and
 * is judged exactly as strictly as any other. Meta's documentation examples under entry id "0"
 * with other values (the calling guide's account_update examples) do not qualify either.
 */
const SAMPLE_ENTRY_ID = '0';

/** The value a sample carries, as a string (Meta's samples send some of these as numbers). */
const text = (v: unknown): string | null =>
	typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;

interface Fingerprint {
	/** Said in the item's testReason. */
	what: string;
	matches(value: Json): boolean;
}

/**
 * The values of Meta's samples, from the samples reproduced in public material (each kept as a
 * fixture under fixtures/dashboard-samples/<field>/ with its source).
 */
const FINGERPRINTS: readonly Fingerprint[] = [
	{
		// messages, message_echoes, calls and every other field with a business phone number's metadata
		what: 'metadata phone_number_id "123456123" and display_phone_number "16505551111"',
		matches: (v) =>
			isObject(v.metadata) &&
			v.metadata.phone_number_id === '123456123' &&
			v.metadata.display_phone_number === '16505551111',
	},
	{
		// phone_number_quality_update, phone_number_name_update, security
		what: 'display_phone_number "16505551111"',
		matches: (v) => v.display_phone_number === '16505551111',
	},
	{
		// account_update
		what: 'phone_number "16505551111"',
		matches: (v) => v.phone_number === '16505551111',
	},
	{
		// message_template_status_update, _quality_update, _components_update, template_category_update
		what: 'message_template_id 12345678 and message_template_name "my_message_template"',
		matches: (v) =>
			text(v.message_template_id) === '12345678' &&
			v.message_template_name === 'my_message_template',
	},
	{
		// account_alerts
		what: 'entity_id 123456 and the "Sample alert description"',
		matches: (v) =>
			text(v.entity_id) === '123456' &&
			typeof v.alert_description === 'string' &&
			v.alert_description.startsWith('Sample alert description'),
	},
];

/** Why a change is Meta's dashboard sample, or null when it is not one. */
export function dashboardSampleReason(entryId: unknown, value: unknown): string | null {
	if (entryId !== SAMPLE_ENTRY_ID || !isObject(value)) return null;
	for (const fingerprint of FINGERPRINTS) {
		if (fingerprint.matches(value))
			return `Meta App Dashboard sample: entry id "0", ${fingerprint.what}`;
	}
	return null;
}

/** The sample changes of a delivery, keyed `entry/change`; null when there are none (the common case: one id compare per entry). */
export function findDashboardSamples(
	entries: ReadonlyArray<{ id?: unknown; changes: Json[] }>,
): Map<string, string> | null {
	let samples: Map<string, string> | null = null;
	for (let e = 0; e < entries.length; e++) {
		if (entries[e].id !== SAMPLE_ENTRY_ID) continue;
		const changes = entries[e].changes;
		for (let c = 0; c < changes.length; c++) {
			const reason = dashboardSampleReason(entries[e].id, changes[c].value);
			if (reason) (samples ??= new Map()).set(`${e}/${c}`, reason);
		}
	}
	return samples;
}

/** Validation findings split into those that still count and those about a sample, reported as information. */
export interface SampleIssueSplit {
	errors: ValidationIssue[];
	/** Findings per sample change (`entry/change`), its entry's included when every change of the entry is a sample. */
	info: Map<string, ValidationIssue[]>;
}

/**
 * Sets aside the findings inside a sample change, and those about an entry made only of samples
 * (such as a missing `time`). Everything else (the delivery's root, an entry with a real change)
 * still counts, so a sample batched with a real change cannot excuse it.
 */
export function setAsideSampleIssues(
	issues: ValidationIssue[],
	samples: Map<string, string>,
	entries: ReadonlyArray<{ changes: unknown[] }>,
): SampleIssueSplit {
	const errors: ValidationIssue[] = [];
	const info = new Map<string, ValidationIssue[]>();
	for (const issue of issues) {
		const m = ENTRY_OR_CHANGE.exec(issue.path);
		if (m && m[2] !== undefined && samples.has(`${m[1]}/${m[2]}`)) {
			pushTo(info, `${m[1]}/${m[2]}`, issue);
			continue;
		}
		const entry = m && m[2] === undefined ? entries[Number(m[1])] : undefined;
		if (
			entry &&
			entry.changes.length > 0 &&
			entry.changes.every((_, c) => samples.has(`${m![1]}/${c}`))
		) {
			for (let c = 0; c < entry.changes.length; c++) pushTo(info, `${m![1]}/${c}`, issue);
			continue;
		}
		errors.push(issue);
	}
	return { errors, info };
}

/** An item of Meta's dashboard sample: says so, and its findings are information, not a failure. */
export function markSample(item: ChangeItem, reason: string, info: ValidationIssue[]): ChangeItem {
	item.test = true;
	item.testReason = reason;
	item.validation = { ...item.validation, info };
	return item;
}
