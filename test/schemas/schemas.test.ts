/**
 * The schemas themselves: they compile under ajv strict with the package's annotation
 * vocabulary, every $ref resolves, the envelope lists exactly the field files, and the
 * fields and enums of Meta's reference (../shared/reference/webhook-fields.md) are there.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';

import {
	ANNOTATIONS,
	ENVELOPE_ID,
	SCHEMA_BASE,
	SCHEMA_FILES,
	SCHEMAS_BY_ID,
	SCHEMAS_DIR,
	REFERENCE_FIELDS,
	enumValues,
	fieldSchema,
	resolveRef,
	schemaAtPointer,
	type Schema,
} from './support';

function createAjv(): Ajv {
	const ajv = new Ajv({
		strict: true,
		allErrors: true,
		allowUnionTypes: true,
		discriminator: true,
	});
	ajv.addVocabulary(ANNOTATIONS);
	return ajv;
}

/** Newer fields the reference lists as seen in client libraries only (schemed loosely). */
const NEWER_FIELDS = [
	'account_settings_update',
	'business_status_update',
	'template_correct_category_detection',
	'flows',
	'tracking_events',
	'calls',
	'message_echoes',
	'group_lifecycle_update',
	'group_participants_update',
	'group_settings_update',
	'group_status_update',
	'messaging_handovers',
	'standby',
	'consumer_profile',
];

/**
 * Fields Meta documents in a guide (business-scoped user ids) rather than in its reference's field
 * list: not subscribed by default (x-documented false), but typed as strictly as reference fields.
 */
const GUIDE_FIELDS = ['business_username_update', 'user_id_update'];

const envelope = SCHEMAS_BY_ID.get(ENVELOPE_ID)!;

function envelopeFields(): string[] {
	return Object.entries(envelope.definitions as Record<string, Schema>)
		.filter(([key]) => key.endsWith('_change'))
		.map(([, def]) => def.properties.field.const as string);
}

function collectRefs(node: unknown, found: string[] = []): string[] {
	if (Array.isArray(node)) node.forEach((n) => collectRefs(n, found));
	else if (node !== null && typeof node === 'object') {
		for (const [key, value] of Object.entries(node)) {
			if (key === '$ref' && typeof value === 'string') found.push(value);
			else collectRefs(value, found);
		}
	}
	return found;
}

describe('every schema', () => {
	test('there are schemas to check', () => {
		expect(SCHEMA_FILES.length).toBeGreaterThan(30);
	});

	test.each(SCHEMA_FILES.map((f) => [f.rel, f.schema] as const))(
		'%s has draft-07, its $id, a title and a description',
		(rel, schema) => {
			expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
			expect(schema.$id).toBe(SCHEMA_BASE + rel);
			expect(typeof schema.title).toBe('string');
			expect(schema.title.length).toBeGreaterThan(0);
			expect(typeof schema.description).toBe('string');
		},
	);

	test('all of them together compile under ajv strict (allErrors, allowUnionTypes, discriminator, the x- vocabulary)', () => {
		const ajv = createAjv();
		for (const { schema } of SCHEMA_FILES) ajv.addSchema(schema);
		for (const { rel, schema } of SCHEMA_FILES) {
			expect(() => ajv.getSchema(schema.$id)).not.toThrow();
			expect({ rel, compiled: typeof ajv.getSchema(schema.$id) }).toEqual({
				rel,
				compiled: 'function',
			});
		}
	});

	test('ajv strict refuses an annotation outside the vocabulary (the strict check is real)', () => {
		const ajv = createAjv();
		expect(() => ajv.compile({ type: 'object', 'x-example': {} })).toThrow(/unknown keyword/);
	});

	test.each(SCHEMA_FILES.map((f) => [f.rel, f.schema] as const))(
		'every $ref of %s resolves',
		(_rel, schema) => {
			const refs = collectRefs(schema);
			for (const ref of refs) expect(() => resolveRef(ref, schema.$id)).not.toThrow();
		},
	);

	test.each(SCHEMA_FILES.map((f) => [f.rel, f.schema] as const))(
		'%s avoids the keywords whose standalone code needs ajv at run time',
		(_rel, schema) => {
			const text = JSON.stringify(schema);
			for (const keyword of ['format', 'minLength', 'maxLength', 'uniqueItems']) {
				// property names may legitimately be called "format"; keywords are schema keys whose value is not an object
				const asKeyword = new RegExp(`"${keyword}":\\s*(?!\\{)`);
				expect({ keyword, used: asKeyword.test(text) }).toEqual({ keyword, used: false });
			}
		},
	);
});

describe('the envelope', () => {
	const files = fs
		.readdirSync(path.join(SCHEMAS_DIR, 'fields'))
		.filter((n) => n.endsWith('.schema.json'))
		.map((n) => n.replace(/\.schema\.json$/, ''))
		.sort();

	test('its field list equals the files in schemas/fields/', () => {
		expect([...envelopeFields()].sort()).toEqual(files);
	});

	test('every <field>_change selects fields/<field>.schema.json and is one branch of the discriminated oneOf', () => {
		const change = envelope.definitions.change as Schema;
		expect(change.discriminator).toEqual({ propertyName: 'field' });
		const branches = (change.oneOf as Schema[]).map((b) => b.$ref as string).sort();
		expect(branches).toEqual(files.map((f) => `#/definitions/${f}_change`).sort());
		for (const field of files) {
			const def = envelope.definitions[`${field}_change`] as Schema;
			expect(def.properties.value.$ref).toBe(`fields/${field}.schema.json`);
		}
	});

	test("all 19 fields of Meta's reference are present and not marked x-documented false", () => {
		for (const field of REFERENCE_FIELDS) {
			expect({ field, listed: envelopeFields().includes(field) }).toEqual({ field, listed: true });
			expect({ field, documented: fieldSchema(field)['x-documented'] }).not.toEqual({
				field,
				documented: false,
			});
		}
	});

	/** Every field of `fields` is marked x-documented false and has this additionalProperties at its root. */
	const expectUndocumented = (fields: string[], additionalProperties: boolean) => {
		for (const field of fields) {
			const schema = fieldSchema(field);
			const root = {
				field,
				documented: schema['x-documented'],
				additionalProperties: schema.additionalProperties,
			};
			expect(root).toEqual({ field, documented: false, additionalProperties });
		}
	};

	test('the newer fields are present, marked x-documented false and schemed loosely (additional properties accepted)', () => {
		expectUndocumented(NEWER_FIELDS, true);
	});

	// A new field is one file in schemas/fields/: no list here has to name it, but one that
	// Meta's reference does not list must say so.
	test("every field outside the 19 of Meta's reference is marked x-documented false", () => {
		const outside = files.filter((field) => !REFERENCE_FIELDS.includes(field));
		expect(outside.length).toBe(files.length - REFERENCE_FIELDS.length);
		for (const field of outside)
			expect({ field, documented: fieldSchema(field)['x-documented'] }).toEqual({
				field,
				documented: false,
			});
	});

	test("fields typed from Meta's guides are marked x-documented false and strict at their root", () => {
		expectUndocumented(GUIDE_FIELDS, false);
	});

	test('documented field schemas are strict at their root', () => {
		for (const field of REFERENCE_FIELDS) {
			expect({ field, additionalProperties: fieldSchema(field).additionalProperties }).toEqual({
				field,
				additionalProperties: false,
			});
		}
	});
});

describe('x-event', () => {
	const withEvents = SCHEMA_FILES.filter(
		(f) => f.rel.startsWith('fields/') && f.schema['x-event'] !== undefined,
	);

	test('some fields declare an event', () => {
		expect(withEvents.length).toBeGreaterThan(10);
	});

	test.each(withEvents.map((f) => [f.rel, f.schema] as const))(
		'every x-event pointer of %s leads to an enum',
		(_rel, schema) => {
			const pointers = schema['x-event'] as unknown;
			expect(Array.isArray(pointers)).toBe(true);
			for (const pointer of pointers as string[]) {
				expect(pointer).toMatch(/^\//);
				const values = enumValues(schemaAtPointer({ schema, base: schema.$id }, pointer));
				expect({ pointer, hasEnum: values.length > 0 }).toEqual({ pointer, hasEnum: true });
			}
			expect(typeof schema['x-event-label']).toBe('string');
		},
	);
});

/** field, pointer into its value, and every value Meta's reference documents there. */
const DOCUMENTED_ENUMS: Array<[string, string, unknown[]]> = [
	['account_alerts', '/entity_type', ['BUSINESS', 'PHONE_NUMBER', 'CURRENT_STATUS_ID']],
	['account_alerts', '/alert_severity', ['CRITICAL', 'INFORMATIONAL', 'WARNING']],
	['account_alerts', '/alert_info/alert_severity', ['CRITICAL', 'INFORMATIONAL', 'WARNING']],
	['account_alerts', '/alert_status', ['ACTIVE', 'NONE']],
	['account_alerts', '/alert_info/alert_status', ['ACTIVE', 'NONE']],
	[
		'account_alerts',
		'/alert_type',
		[
			'INCREASED_CAPABILITIES_ELIGIBILITY_DEFERRED',
			'INCREASED_CAPABILITIES_ELIGIBILITY_FAILED',
			'INCREASED_CAPABILITIES_ELIGIBILITY_NEED_MORE_INFO',
			'OBA_APPROVED',
			'OBA_REJECTED',
			'PROFILE_PICTURE_LOST',
		],
	],
	[
		'account_alerts',
		'/alert_info/alert_type',
		[
			'INCREASED_CAPABILITIES_ELIGIBILITY_DEFERRED',
			'INCREASED_CAPABILITIES_ELIGIBILITY_FAILED',
			'INCREASED_CAPABILITIES_ELIGIBILITY_NEED_MORE_INFO',
			'OBA_APPROVED',
			'OBA_REJECTED',
			'PROFILE_PICTURE_LOST',
		],
	],
	['account_review_update', '/decision', ['APPROVED', 'REJECTED', 'PENDING', 'DEFERRED']],
	[
		'account_update',
		'/event',
		[
			'ACCOUNT_DELETED',
			'ACCOUNT_VIOLATION',
			'ACCOUNT_RESTRICTION',
			'AD_ACCOUNT_LINKED',
			'AUTH_INTL_PRICE_ELIGIBILITY_UPDATE',
			'BUSINESS_PRIMARY_LOCATION_COUNTRY_UPDATE',
			'DISABLED_UPDATE',
			'MM_LITE_TERMS_SIGNED',
			'PARTNER_ADDED',
			'PARTNER_APP_INSTALLED',
			'PARTNER_APP_UNINSTALLED',
			'PARTNER_CLIENT_CERTIFICATION_STATUS_UPDATE',
			'PARTNER_REMOVED',
			'VERIFIED_ACCOUNT',
			'VOLUME_BASED_PRICING_TIER_UPDATE',
			'ACCOUNT_OFFBOARDED',
			'ACCOUNT_RECONNECTED',
		],
	],
	['account_update', '/ban_info/waba_ban_state', ['DISABLE', 'REINSTATE', 'SCHEDULE_FOR_DISABLE']],
	[
		'account_update',
		'/restriction_info/0/restriction_type',
		[
			'RESTRICTED_ADD_PHONE_NUMBER_ACTION',
			'RESTRICTION_ADD_PHONE_NUMBER_ACTION',
			'RESTRICTION_ON_ADD_PHONE_NUMBER_ACTION',
			'RESTRICTED_BIZ_INITIATED_AND_USER_INITIATED_CALLING',
			'RESTRICTED_BIZ_INITIATED_MESSAGING',
			'RESTRICTED_BUSINESS_INITIATED_CALLING',
			'RESTRICTED_CUSTOMER_INITIATED_MESSAGING',
			'RESTRICTED_DIRECT_SEND_UTILITY_TEMPLATES',
			'RESTRICTED_USER_INITIATED_CALLING',
			'RESTRICTED_USER_INITIATED_CALLING_CALL_BUTTON_HIDDEN',
			'RESTRICTED_UTILITY_TEMPLATES',
		],
	],
	[
		'account_update',
		'/disconnection_info/reason',
		[
			'ACCOUNT_DISCONNECTED',
			'BUSINESS_DOWNGRADE',
			'CHANGE_NUMBER',
			'COMPANION_INACTIVITY',
			'PRIMARY_INACTIVITY',
			'USER_RE_REGISTERED',
		],
	],
	['account_update', '/disconnection_info/initiated_by', ['SYSTEM', 'USER']],
	['business_username_update', '/status', ['approved', 'deleted', 'reserved']],
	[
		'account_update',
		'/partner_client_certification_info/status',
		['APPROVED', 'DISCARDED', 'FAILED', 'PENDING', 'REVOKED'],
	],
	['automatic_events', '/automatic_events/0/event_name', ['LeadSubmitted', 'Purchase']],
	[
		'business_capability_update',
		'/max_daily_conversation_per_phone',
		[250, 2000, 10000, 100000, -1],
	],
	[
		'business_capability_update',
		'/max_daily_conversations_per_business',
		['TIER_250', 'TIER_2K', 'TIER_10K', 'TIER_100K', 'TIER_UNLIMITED'],
	],
	[
		'message_template_quality_update',
		'/previous_quality_score',
		['GREEN', 'YELLOW', 'RED', 'UNKNOWN'],
	],
	['message_template_quality_update', '/new_quality_score', ['GREEN', 'YELLOW', 'RED', 'UNKNOWN']],
	[
		'message_template_status_update',
		'/event',
		[
			'APPROVED',
			'ARCHIVED',
			'UNARCHIVED',
			'DELETED',
			'DISABLED',
			'FLAGGED',
			'IN_APPEAL',
			'LIMIT_EXCEEDED',
			'LOCKED',
			'PAUSED',
			'PENDING',
			'PENDING_DELETION',
			'REINSTATED',
			'REJECTED',
		],
	],
	[
		'message_template_status_update',
		'/reason',
		[
			null,
			'ABUSIVE_CONTENT',
			'CATEGORY_NOT_AVAILABLE',
			'INCORRECT_CATEGORY',
			'INVALID_FORMAT',
			'NONE',
			'PROMOTIONAL',
			'SCAM',
			'TAG_CONTENT_MISMATCH',
		],
	],
	[
		'message_template_status_update',
		'/other_info/title',
		['FIRST_PAUSE', 'SECOND_PAUSE', 'RATE_LIMITING_PAUSE', 'UNPAUSE', 'DISABLED'],
	],
	[
		'messages',
		'/statuses/0/status',
		['sent', 'delivered', 'read', 'failed', 'played', 'deleted', 'captured', 'pending'],
	],
	['messages', '/statuses/0/type', ['payment']],
	['messages', '/statuses/0/payment/transaction/status', ['pending', 'success', 'failed']],
	[
		'messages',
		'/statuses/0/conversation/origin/type',
		[
			'authentication',
			'authentication_international',
			'marketing',
			'marketing_lite',
			'referral_conversion',
			'service',
			'utility',
		],
	],
	[
		'messages',
		'/statuses/0/pricing/category',
		[
			'authentication',
			'authentication-international',
			'marketing',
			'marketing_lite',
			'referral_conversion',
			'service',
			'utility',
		],
	],
	[
		'messages',
		'/statuses/0/pricing/type',
		['regular', 'free_customer_service', 'free_entry_point'],
	],
	['messages', '/messages/0/contacts/0/origin', ['contact_request', 'other']],
	[
		'messages',
		'/messages/0/type',
		[
			'text',
			'image',
			'audio',
			'video',
			'document',
			'sticker',
			'location',
			'contacts',
			'button',
			'interactive',
			'reaction',
			'order',
			'system',
			'unsupported',
			'request_welcome',
			'edit',
			'revoke',
		],
	],
	['messages', '/messages/0/interactive/type', ['button_reply', 'list_reply', 'nfm_reply']],
	['messages', '/statuses/0/pricing/pricing_model', ['CBP', 'PMP']],
	['partner_solutions', '/event', ['SOLUTION_CREATED', 'SOLUTION_UPDATED']],
	[
		'partner_solutions',
		'/solution_status',
		['ACTIVE', 'DEACTIVATED', 'DRAFT', 'INITIATED', 'PENDING_DEACTIVATION', 'REJECTED'],
	],
	['phone_number_name_update', '/decision', ['APPROVED', 'DEFERRED', 'PENDING', 'REJECTED']],
	[
		'phone_number_name_update',
		'/rejection_reason',
		[
			null,
			'NAME_EMPLOYEE_ISSUE',
			'NAME_ENDCLIENT_NOTRELATED',
			'NAME_FORMAT_UNACCEPTABLE',
			'NAME_INDIVIDUAL_ISSUE',
			'NAME_NOT_CONSISTENT',
			'UNKNOWN',
		],
	],
	[
		'phone_number_quality_update',
		'/event',
		['DOWNGRADE', 'FLAGGED', 'UNFLAGGED', 'UPGRADE', 'ONBOARDING', 'THROUGHPUT_UPGRADE'],
	],
	[
		'phone_number_quality_update',
		'/current_limit',
		[
			'TIER_50',
			'TIER_250',
			'TIER_1K',
			'TIER_2K',
			'TIER_10K',
			'TIER_100K',
			'TIER_NOT_SET',
			'TIER_UNLIMITED',
		],
	],
	[
		'phone_number_quality_update',
		'/old_limit',
		[
			'TIER_50',
			'TIER_250',
			'TIER_1K',
			'TIER_2K',
			'TIER_10K',
			'TIER_100K',
			'TIER_NOT_SET',
			'TIER_UNLIMITED',
		],
	],
	[
		'phone_number_quality_update',
		'/max_daily_conversations_per_business',
		['TIER_250', 'TIER_2K', 'TIER_10K', 'TIER_100K', 'TIER_UNLIMITED'],
	],
	['security', '/event', ['PIN_CHANGED', 'PIN_RESET_REQUEST', 'PIN_REQUEST_SUCCESS']],
	['smb_app_state_sync', '/state_sync/0/type', ['contact']],
	['smb_app_state_sync', '/state_sync/0/action', ['add', 'remove']],
	['user_preferences', '/user_preferences/0/category', ['marketing_messages']],
	['user_preferences', '/user_preferences/0/value', ['stop', 'resume']],
];

describe('the enums Meta documents are written out', () => {
	test.each(DOCUMENTED_ENUMS)(
		'%s %s allows every documented value',
		(field, pointer, documented) => {
			const schema = fieldSchema(field);
			const allowed = enumValues(schemaAtPointer({ schema, base: schema.$id }, pointer));
			expect(allowed.length).toBeGreaterThan(0);
			const missing = documented.filter((v) => !allowed.includes(v));
			expect({ field, pointer, missing }).toEqual({ field, pointer, missing: [] });
		},
	);
});
