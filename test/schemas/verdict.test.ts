/**
 * toIssues on hand-made ajv error arrays: what each ajv keyword becomes (kind and JSON
 * pointer), and how unions are pruned to the branch that fits the data (toIssues gets the
 * delivery as its second argument, as processDelivery passes it).
 */
import { singleEntryBody } from '../../scripts/lib/deliveries';
import type { AjvError } from '../../nodes/shared/generated/validators';
import {
	escapePointerSegment,
	toIssues,
} from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/verdict';

const BAN_STATE = '/entry/0/changes/0/value/ban_info/waba_ban_state';
const BAN_STATES = ['DISABLE', 'REINSTATE', 'SCHEDULE_FOR_DISABLE'];

const err = (
	keyword: string,
	instancePath: string,
	schemaPath: string,
	params: Record<string, unknown> = {},
): AjvError => ({
	keyword,
	instancePath,
	schemaPath,
	params,
	message: `ajv says ${keyword}`,
});

const short = (errors: AjvError[]) =>
	toIssues(errors, {}).map(({ path, kind }) => ({ path, kind }));

describe('toIssues: one finding per ajv keyword', () => {
	test('no errors, no findings', () => {
		expect(toIssues(null, {})).toEqual([]);
		expect(toIssues(undefined, {})).toEqual([]);
		expect(toIssues([], {})).toEqual([]);
	});

	test('additionalProperties: unknown_property at the pointer of the property itself', () => {
		const issues = toIssues(
			[
				err('additionalProperties', '/entry/0/changes/0/value/ban_info', '#/additionalProperties', {
					additionalProperty: 'waba_ban_reason',
				}),
			],
			{},
		);
		expect(issues).toEqual([
			{
				path: '/entry/0/changes/0/value/ban_info/waba_ban_reason',
				kind: 'unknown_property',
				message: expect.stringContaining('waba_ban_reason'),
			},
		]);
	});

	test('additionalProperties: a property name with "/" or "~" is escaped as ~1 / ~0 (RFC 6901)', () => {
		expect(
			short([
				err('additionalProperties', '/entry/0/changes/0/value', '#/additionalProperties', {
					additionalProperty: 'policy/url',
				}),
			]),
		).toEqual([{ path: '/entry/0/changes/0/value/policy~1url', kind: 'unknown_property' }]);
		expect(
			short([
				err('additionalProperties', '/entry/0', '#/additionalProperties', {
					additionalProperty: 'a~/b',
				}),
			]),
		).toEqual([{ path: '/entry/0/a~0~1b', kind: 'unknown_property' }]);
		expect(escapePointerSegment('~/~')).toBe('~0~1~0');
	});

	test('an unknown property at the delivery root is a pointer from the root', () => {
		expect(
			short([
				err('additionalProperties', '', '#/additionalProperties', { additionalProperty: 'hub_id' }),
			]),
		).toEqual([{ path: '/hub_id', kind: 'unknown_property' }]);
	});

	test("discriminator mapping: unknown_field at the change's /field", () => {
		const issues = toIssues(
			[
				err('discriminator', '/entry/1/changes/2', '#/discriminator', {
					error: 'mapping',
					tag: 'field',
					tagValue: 'brand_new_field',
				}),
			],
			{},
		);
		expect(issues).toEqual([
			{
				path: '/entry/1/changes/2/field',
				kind: 'unknown_field',
				message: expect.stringContaining('brand_new_field'),
			},
		]);
	});

	test('discriminator tag (field is not a string): one wrong_type at /field, merged with the type error', () => {
		expect(
			short([
				err('type', '/entry/0/changes/0/field', '#/properties/field/type', { type: 'string' }),
				err('discriminator', '/entry/0/changes/0', '#/discriminator', {
					error: 'tag',
					tag: 'field',
					tagValue: 7,
				}),
			]),
		).toEqual([{ path: '/entry/0/changes/0/field', kind: 'wrong_type' }]);
	});

	test('required: missing_property at the pointer the property should have', () => {
		const issues = toIssues(
			[
				err('required', '/entry/0/changes/0/value/statuses/0', '#/required', {
					missingProperty: 'id',
				}),
			],
			{},
		);
		expect(issues).toEqual([
			{
				path: '/entry/0/changes/0/value/statuses/0/id',
				kind: 'missing_property',
				message: expect.stringContaining('"id"'),
			},
		]);
	});

	test('type: wrong_type at the value itself', () => {
		expect(
			short([
				err(
					'type',
					'/entry/0/changes/0/value/messages/0/timestamp',
					'../common.schema.json#/definitions/unixSecondsString/type',
					{ type: 'string' },
				),
			]),
		).toEqual([{ path: '/entry/0/changes/0/value/messages/0/timestamp', kind: 'wrong_type' }]);
	});

	test('enum and const: unknown_enum_value, with the allowed values in the message', () => {
		const issues = toIssues(
			[
				err('enum', '/entry/0/changes/0/value/event', '#/properties/event/enum', {
					allowedValues: ['APPROVED', 'REJECTED'],
				}),
				err('const', '/object', '#/properties/object/const', {
					allowedValue: 'whatsapp_business_account',
				}),
			],
			{},
		);
		expect(issues.map(({ path, kind }) => ({ path, kind }))).toEqual([
			{ path: '/entry/0/changes/0/value/event', kind: 'unknown_enum_value' },
			{ path: '/object', kind: 'unknown_enum_value' },
		]);
		expect(issues[0].message).toContain('APPROVED');
		expect(issues[1].message).toContain('whatsapp_business_account');
	});

	test("any other keyword (pattern): invalid, with ajv's message", () => {
		expect(
			toIssues(
				[
					err('pattern', '/entry/0/changes/0/value/country', '#/properties/country/pattern', {
						pattern: '^[A-Z]{2}$',
					}),
				],
				{},
			),
		).toEqual([
			{ path: '/entry/0/changes/0/value/country', kind: 'invalid', message: 'ajv says pattern' },
		]);
	});

	test('the same finding twice is reported once; different findings keep their order', () => {
		const a = err('additionalProperties', '/entry/0', '#/additionalProperties', {
			additionalProperty: 'uid',
		});
		const b = err('required', '/entry/0/changes/0/value', '#/required', {
			missingProperty: 'event',
		});
		expect(short([a, b, a])).toEqual([
			{ path: '/entry/0/uid', kind: 'unknown_property' },
			{ path: '/entry/0/changes/0/value/event', kind: 'missing_property' },
		]);
	});
});

describe('toIssues: locations are JSON pointers, compared segment by segment', () => {
	test('a conditional (if) finding is kept when the only specific finding is at a sibling whose name it prefixes (/entry/1 and /entry/10)', () => {
		expect(
			short([
				err('if', '/entry/1', '#/if'),
				err('additionalProperties', '/entry/10/changes/0/value', '#/additionalProperties', {
					additionalProperty: 'x',
				}),
			]),
		).toEqual([
			{ path: '/entry/1', kind: 'invalid' },
			{ path: '/entry/10/changes/0/value/x', kind: 'unknown_property' },
		]);
	});

	test('a conditional finding gives way to a specific one at or below its location', () => {
		expect(
			short([
				err('if', '/entry/1/changes/0/value', '#/if'),
				err('required', '/entry/1/changes/0/value', '#/then/required', { missingProperty: 'id' }),
			]),
		).toEqual([{ path: '/entry/1/changes/0/value/id', kind: 'missing_property' }]);
	});
});

/** A delivery holding `value` at waba_ban_state: unions are judged against the data. */
function withBanState(value: unknown) {
	return singleEntryBody([
		{
			field: 'account_update',
			value: { event: 'DISABLED_UPDATE', appeal_info: {}, ban_info: { waba_ban_state: value } },
		},
	]);
}

const shortWith = (errors: AjvError[], data: unknown) =>
	toIssues(errors, data).map(({ path, kind }) => ({ path, kind }));

describe('toIssues: unions keep only the branch that fits the data', () => {
	test('string-or-array ban state with an unknown string: one unknown_enum_value at waba_ban_state', () => {
		expect(
			shortWith(
				[
					err('enum', BAN_STATE, '#/properties/waba_ban_state/anyOf/0/enum', {
						allowedValues: BAN_STATES,
					}),
					err('type', BAN_STATE, '#/properties/waba_ban_state/anyOf/1/type', { type: 'array' }),
					err('anyOf', BAN_STATE, '#/properties/waba_ban_state/anyOf'),
				],
				withBanState('SUSPEND'),
			),
		).toEqual([{ path: BAN_STATE, kind: 'unknown_enum_value' }]);
	});

	// What the generated validator really emits: the string branch is a $ref to
	// #/definitions/wabaBanState, so ajv reports its errors with the definition's schemaPath,
	// not under .../anyOf/0/. The branch is still recognised.
	test('the same when the branch is reached through $ref (schemaPath inside the definition)', () => {
		expect(
			shortWith(
				[
					err('enum', BAN_STATE, '#/definitions/wabaBanState/enum', { allowedValues: BAN_STATES }),
					err('type', BAN_STATE, '#/properties/waba_ban_state/anyOf/1/type', { type: 'array' }),
					err('anyOf', BAN_STATE, '#/properties/waba_ban_state/anyOf'),
				],
				withBanState('SUSPEND'),
			),
		).toEqual([{ path: BAN_STATE, kind: 'unknown_enum_value' }]);
	});

	test('string-or-array ban state with an unknown value in the array: one unknown_enum_value at its index', () => {
		expect(
			shortWith(
				[
					err('type', BAN_STATE, '#/definitions/wabaBanState/type', { type: 'string' }),
					err('enum', BAN_STATE, '#/definitions/wabaBanState/enum', { allowedValues: BAN_STATES }),
					err('enum', BAN_STATE + '/1', '#/definitions/wabaBanState/enum', {
						allowedValues: BAN_STATES,
					}),
					err('anyOf', BAN_STATE, '#/properties/waba_ban_state/anyOf'),
				],
				withBanState(['SCHEDULE_FOR_DISABLE', 'SUSPEND']),
			),
		).toEqual([{ path: BAN_STATE + '/1', kind: 'unknown_enum_value' }]);
	});

	test("no branch has the data's type: one wrong_type naming the types the union accepts", () => {
		const issues = toIssues(
			[
				err('type', BAN_STATE, '#/definitions/wabaBanState/type', { type: 'string' }),
				err('enum', BAN_STATE, '#/definitions/wabaBanState/enum', { allowedValues: BAN_STATES }),
				err('type', BAN_STATE, '#/properties/waba_ban_state/anyOf/1/type', { type: 'array' }),
				err('anyOf', BAN_STATE, '#/properties/waba_ban_state/anyOf'),
			],
			withBanState(5),
		);
		expect(issues).toEqual([
			{ path: BAN_STATE, kind: 'wrong_type', message: expect.stringMatching(/string or array/) },
		]);
	});

	test('integer-or-tier union with an unknown tier: one unknown_enum_value, no "must be integer"', () => {
		const at = '/entry/0/changes/0/value/max_daily_conversations_per_business';
		const data = singleEntryBody(
			[
				{
					field: 'business_capability_update',
					value: { max_daily_conversations_per_business: 'TIER_5K' },
				},
			],
			{ id: '1' },
		);
		expect(
			shortWith(
				[
					err('type', at, '#/properties/max_daily_conversations_per_business/anyOf/0/type', {
						type: 'integer',
					}),
					err('enum', at, '../common.schema.json#/definitions/messagingLimitTier/enum', {
						allowedValues: ['TIER_250', 'TIER_2K'],
					}),
					err('anyOf', at, '#/properties/max_daily_conversations_per_business/anyOf'),
				],
				data,
			),
		).toEqual([{ path: at, kind: 'unknown_enum_value' }]);
	});

	test('errors outside the union are left alone', () => {
		expect(
			shortWith(
				[
					err('additionalProperties', '/entry/0/changes/0/value', '#/additionalProperties', {
						additionalProperty: 'appeal_info',
					}),
					err('enum', BAN_STATE, '#/definitions/wabaBanState/enum', { allowedValues: BAN_STATES }),
					err('type', BAN_STATE, '#/properties/waba_ban_state/anyOf/1/type', { type: 'array' }),
					err('anyOf', BAN_STATE, '#/properties/waba_ban_state/anyOf'),
				],
				withBanState('SUSPEND'),
			),
		).toEqual([
			{ path: '/entry/0/changes/0/value/appeal_info', kind: 'unknown_property' },
			{ path: BAN_STATE, kind: 'unknown_enum_value' },
		]);
	});
});
