/**
 * What users read in the editor follows n8n's UX guidelines: title-cased names with "ID",
 * "API", "URL", "WhatsApp" as written; "Get Many" and its "Get many ..." action; actions
 * without articles; booleans described with "Whether"; placeholders starting "e.g.";
 * no raw Graph keys or JSON paths in descriptions. And the values saved workflows hold
 * (parameter names, option values) are the ones they always were.
 */
import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { WhatsAppBusinessAccountApi } from '../../credentials/WhatsAppBusinessAccountApi.credentials';
import { WhatsAppBusinessAccountWebhookApi } from '../../credentials/WhatsAppBusinessAccountWebhookApi.credentials';
import { WhatsAppBusinessAccount } from '../../nodes/WhatsAppBusinessAccount/WhatsAppBusinessAccount.node';
import { WhatsAppBusinessAccountTrigger } from '../../nodes/WhatsAppBusinessAccountTrigger/WhatsAppBusinessAccountTrigger.node';
import {
	EVENT_OPTIONS,
	eventOptionsFor,
} from '../../nodes/WhatsAppBusinessAccountTrigger/properties';
import { FIELD_OPTIONS } from '../../nodes/shared/fieldOptions';
import { displayName } from '../../nodes/shared/displayName';
import { DISPLAY_NAMES } from '../../nodes/shared/generated/display-names';
import { WEBHOOK_FIELDS } from '../../nodes/shared/generated/catalog';

const action = new WhatsAppBusinessAccount().description;
const trigger = new WhatsAppBusinessAccountTrigger().description;

type Visited =
	| { kind: 'parameter'; node: string; p: INodeProperties }
	| { kind: 'option'; node: string; o: INodePropertyOptions };

/** Every parameter (collections' and fixed collections' included) and every option of a node. */
function walk(
	node: string,
	properties: readonly INodeProperties[],
	out: Visited[] = [],
): Visited[] {
	for (const p of properties) {
		out.push({ kind: 'parameter', node, p });
		for (const o of (p.options ?? []) as Array<
			INodeProperties | INodePropertyOptions | INodePropertyCollection
		>) {
			if ('type' in o) walk(node, [o as INodeProperties], out);
			else if ('values' in o) walk(node, (o as INodePropertyCollection).values, out);
			else out.push({ kind: 'option', node, o: o as INodePropertyOptions });
		}
	}
	return out;
}

const everything = [
	...walk('action node', action.properties),
	...walk('trigger', trigger.properties),
];
const parameters = everything
	.filter((v): v is Extract<Visited, { kind: 'parameter' }> => v.kind === 'parameter')
	.map((v) => ({ node: v.node, ...v.p }));
const options = everything
	.filter((v): v is Extract<Visited, { kind: 'option' }> => v.kind === 'option')
	.map((v) => ({ node: v.node, ...v.o }));

/** Words whose casing n8n's guidelines and the brand fix, as they must never appear. */
const MISCASED = /\b(Id|Ids|Api|Url|Uri|Ttl|Cta|Whatsapp|Waba|Smb|Pin|Json)\b/;

describe('names', () => {
	test('no parameter or option name has a mis-cased acronym or brand, or a raw key', () => {
		const bad = [
			...parameters.filter((p) => p.type !== 'notice').map((p) => `${p.node}: ${p.displayName}`),
			...options.map((o) => `${o.node}: ${o.name}`),
		].filter(
			(name) =>
				MISCASED.test(name) || /[a-z]_[a-z]|^[A-Z0-9_]{4,}$/.test(name.replace(/^[^:]+: /, '')),
		);
		expect(bad).toEqual([]);
	});

	test("labels of schema keys and codes are generated once, with n8n's casing", () => {
		expect(displayName('timezone_id')).toBe('Timezone ID');
		expect(displayName('message_template_namespace')).toBe('Message Template Namespace');
		expect(displayName('disable_marketing_messages_on_cloud_api')).toBe(
			'Disable Marketing Messages on Cloud API',
		);
		expect(displayName('whatsapp_business_manager_messaging_limit')).toBe(
			'WhatsApp Business Manager Messaging Limit',
		);
		expect(displayName('message_send_ttl_seconds')).toBe('Message Send TTL Seconds');
		expect(displayName('cta_url_link_tracking_opted_out')).toBe('CTA URL Link Tracking Opted Out');
		expect(displayName('OBA_APPROVED')).toBe('OBA Approved');
		expect(displayName('smb_app_state_sync')).toBe('SMB App State Sync');
		for (const [key, label] of Object.entries(DISPLAY_NAMES))
			expect({ key, miscased: MISCASED.test(label) }).toEqual({ key, miscased: false });
	});

	test('every option shown from the schemas has a generated label', () => {
		const fromSchemas = [
			...WEBHOOK_FIELDS.map((f) => f.name),
			...(
				(action.properties.find((p) => p.name === 'fields')?.options ??
					[]) as INodePropertyOptions[]
			).map((o) => String(o.value)),
		];
		expect(fromSchemas.filter((key) => !(key in DISPLAY_NAMES))).toEqual([]);
	});
});

describe('operations and actions', () => {
	const operations = action.properties
		.filter((p) => p.name === 'operation')
		.flatMap((p) => (p.options ?? []) as INodePropertyOptions[]);

	test('list operations are "Get Many", with "Get many ..." actions; values unchanged for saved workflows', () => {
		const many = operations.filter((o) => o.value === 'list');
		expect(many.length).toBe(4);
		for (const o of many) {
			expect(o.name).toBe('Get Many');
			expect(o.action).toMatch(/^Get many [a-z]/);
		}
		expect(operations.map((o) => o.action)).toEqual(
			expect.arrayContaining([
				'Add assigned user',
				'Get account',
				'Get many assigned users',
				'Get many message templates',
				'Get many phone numbers',
				'Get many subscribed apps',
				'Get phone number',
				'Remove assigned user',
				'Subscribe app to account',
				'Unsubscribe app from account',
				'Update account',
			]),
		);
	});

	test('actions are sentence case, without articles', () => {
		for (const o of operations) {
			expect({ action: o.action, article: /\b(a|an|the)\b/i.test(String(o.action)) }).toEqual({
				action: o.action,
				article: false,
			});
			expect(o.action).toMatch(/^[A-Z][a-z]+( [a-z][a-z]*)*$/);
		}
	});
});

describe('descriptions, placeholders, collections', () => {
	test('booleans are described with "Whether"', () => {
		const booleans = parameters.filter((p) => p.type === 'boolean');
		expect(booleans.length).toBeGreaterThan(0);
		for (const p of booleans)
			expect({ name: p.displayName, description: p.description }).toEqual({
				name: p.displayName,
				description: expect.stringMatching(/^Whether /),
			});
	});

	test('placeholders of values start with "e.g."', () => {
		const values = parameters.filter(
			(p) => p.placeholder && !['collection', 'fixedCollection'].includes(p.type),
		);
		for (const p of values)
			expect({ name: p.displayName, placeholder: p.placeholder }).toEqual({
				name: p.displayName,
				placeholder: expect.stringMatching(/^e\.g\. /),
			});
		for (const p of [
			...new WhatsAppBusinessAccountApi().properties,
			...new WhatsAppBusinessAccountWebhookApi().properties,
		].filter((q) => q.placeholder)) {
			expect({ name: p.displayName, placeholder: p.placeholder }).toEqual({
				name: p.displayName,
				placeholder: expect.stringMatching(/^e\.g\. /),
			});
		}
		for (const p of parameters.filter((q) => q.type === 'resourceLocator')) {
			const byId = p.modes?.find((m) => m.name === 'id');
			expect(byId?.placeholder).toMatch(/^e\.g\. /);
		}
	});

	test('no raw Graph keys, paths or JSON paths in what the editor shows', () => {
		const texts = [
			...parameters.flatMap((p) => [p.displayName, p.description ?? '', p.hint ?? '']),
			...options
				.filter((o) => !/: /.test(o.name) || o.node !== 'trigger')
				.flatMap((o) => [o.name, o.description ?? '']),
		];
		const raw = texts.filter((t) =>
			/override_callback_uri|whatsapp_business_account\b|\/\{waba-id\}|\bvalidation\.valid\b|\bPOST \//.test(
				t,
			),
		);
		expect(raw).toEqual([]);
	});

	test("the trigger's fields are described without webhook keys or JSON paths", () => {
		for (const o of FIELD_OPTIONS)
			expect({ field: o.value, description: o.description }).toEqual({
				field: o.value,
				description: expect.not.stringMatching(/\b[a-z]+_[a-z_]+\b|\[\]|^value of/i),
			});
	});

	test('the trigger\'s collection holds only filters and is displayed as "Filters" (saved as "options")', () => {
		const filters = trigger.properties.find((p) => p.name === 'options');
		expect(filters?.displayName).toBe('Filters');
		expect(filters?.placeholder).toBe('Add Filter');
	});
});

describe('trigger', () => {
	test("the Event Filter lists every field's events readably, grouped by field, values unchanged", () => {
		const expected = WEBHOOK_FIELDS.flatMap((f) => f.events.map((e) => `${f.name}:${e}`));
		expect(EVENT_OPTIONS.map((o) => o.value).sort()).toEqual([...expected].sort());
		expect(EVENT_OPTIONS.find((o) => o.value === 'account_update:ACCOUNT_RESTRICTION')?.name).toBe(
			'Account Update: Account Restriction',
		);
		expect(EVENT_OPTIONS.find((o) => o.value === 'account_alerts:OBA_APPROVED')?.name).toBe(
			'Account Alerts: OBA Approved',
		);
		// sorted by label: a field's events are next to each other
		const fieldsInOrder = EVENT_OPTIONS.map((o) => String(o.value).split(':')[0]);
		const runs = fieldsInOrder.filter((f, i) => i === 0 || fieldsInOrder[i - 1] !== f);
		expect(new Set(runs).size).toBe(runs.length);
		for (const o of EVENT_OPTIONS) expect(o.name).not.toMatch(/[A-Z]{2,}_|_[A-Z]/);
	});

	test("the Event Filter offers the events of the fields chosen in Trigger On, every field's when none is", async () => {
		const events = trigger.properties.find((p) => p.name === 'events');
		expect(events?.typeOptions).toEqual({
			loadOptionsMethod: 'getEventOptions',
			loadOptionsDependsOn: ['fields'],
		});
		const load = (
			new WhatsAppBusinessAccountTrigger() as unknown as {
				methods: {
					loadOptions: Record<string, (this: unknown) => Promise<INodePropertyOptions[]>>;
				};
			}
		).methods.loadOptions.getEventOptions;
		const offered = async (fields: string[] | undefined) =>
			await load.call({
				getCurrentNodeParameter: (name: string) => (name === 'fields' ? fields : undefined),
			});
		const accountUpdate = WEBHOOK_FIELDS.find((f) => f.name === 'account_update')!;
		expect((await offered(['account_update'])).map((o) => o.value)).toEqual(
			accountUpdate.events.map((e) => `account_update:${e}`).sort(),
		);
		expect((await offered(['account_update', 'messages'])).length).toBe(
			accountUpdate.events.length,
		);
		expect(await offered([])).toEqual(EVENT_OPTIONS);
		expect(await offered(undefined)).toEqual(EVENT_OPTIONS);
		expect(eventOptionsFor(['messages'])).toEqual([]);
	});

	test("the account of Override Callback for a WABA is picked like the action node's, From List first", () => {
		const wabaId = trigger.properties.find((p) => p.name === 'wabaId');
		expect(wabaId?.type).toBe('resourceLocator');
		expect(wabaId?.default).toEqual({ mode: 'list', value: '' });
		expect(wabaId?.modes?.map((m) => m.name)).toEqual(['list', 'id']);
		const method = wabaId?.modes?.[0].typeOptions?.searchListMethod as string;
		expect(
			typeof (
				new WhatsAppBusinessAccountTrigger() as unknown as {
					methods: { listSearch: Record<string, unknown> };
				}
			).methods.listSearch[method],
		).toBe('function');
	});

	test("the number of Override Callback for a Phone Number is picked from the chosen account's numbers, From List first", () => {
		const phone = trigger.properties.find((p) => p.name === 'phoneNumberId');
		expect(phone?.type).toBe('resourceLocator');
		expect(phone?.displayOptions?.show?.registration).toEqual(['phoneNumberOverride']);
		expect(
			trigger.properties.find((p) => p.name === 'wabaId')?.displayOptions?.show?.registration,
		).toEqual(['wabaOverride', 'phoneNumberOverride']);
		expect(phone?.modes?.map((m) => m.name)).toEqual(['list', 'id']);
		const method = phone?.modes?.[0].typeOptions?.searchListMethod as string;
		expect(
			typeof (
				new WhatsAppBusinessAccountTrigger() as unknown as {
					methods: { listSearch: Record<string, unknown> };
				}
			).methods.listSearch[method],
		).toBe('function');
	});

	test('parameter names saved workflows hold are unchanged', () => {
		expect(trigger.properties.map((p) => p.name)).toEqual(
			expect.arrayContaining([
				'registration',
				'wabaId',
				'fields',
				'events',
				'outputMode',
				'invalidHandling',
				'options',
			]),
		);
		const registration = trigger.properties.find((p) => p.name === 'registration');
		expect((registration?.options as INodePropertyOptions[]).map((o) => o.value)).toEqual([
			'manual',
			'wabaOverride',
			'phoneNumberOverride',
			'appSubscription',
		]);
	});
});
