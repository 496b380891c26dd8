import { webhookBody, webhookEntry } from '../../scripts/lib/deliveries';
import type { InProcessTrigger } from '../../scripts/lib/inProcessN8n';
import { delivery, fixture, lastItems, post, startTrigger } from './support';

const metadata = { display_phone_number: '15550783881', phone_number_id: '106540352242922' };
const otherMetadata = { display_phone_number: '15550001111', phone_number_id: '109999999999999' };
const wamid = (n: number) => `wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0R${n}A=`;

const templateApproved = {
	field: 'message_template_status_update',
	value: {
		event: 'APPROVED',
		message_template_id: 1213131231231,
		message_template_name: 'order_update',
		message_template_language: 'en_US',
		reason: 'NONE',
	},
};
const templateRejected = {
	...templateApproved,
	value: { ...templateApproved.value, event: 'REJECTED', reason: 'INVALID_FORMAT' },
};
const qualityFlagged = {
	field: 'phone_number_quality_update',
	value: { display_phone_number: '15550783881', event: 'FLAGGED', current_limit: 'TIER_10K' },
};
const inbound = {
	field: 'messages',
	value: {
		messaging_product: 'whatsapp',
		metadata,
		contacts: [
			{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' },
			{ profile: { name: 'Ravi Kumar' }, wa_id: '16505559999' },
		],
		messages: [
			{
				from: '16505551234',
				id: wamid(1),
				timestamp: '1700000001',
				type: 'text',
				text: { body: 'Hi' },
			},
			{
				from: '16505559999',
				id: wamid(2),
				timestamp: '1700000002',
				type: 'reaction',
				reaction: { message_id: wamid(9), emoji: '👍' },
			},
		],
	},
};
const statuses = {
	field: 'messages',
	value: {
		messaging_product: 'whatsapp',
		metadata: otherMetadata,
		statuses: [
			{ id: wamid(3), status: 'delivered', timestamp: '1700000003', recipient_id: '16505551234' },
			{ id: wamid(4), status: 'read', timestamp: '1700000004', recipient_id: '16505551234' },
		],
	},
};

describe('items in the default mode (one per change)', () => {
	let host: InProcessTrigger;
	beforeAll(async () => {
		host = await startTrigger();
	});
	afterAll(async () => await host.close());

	test('every change of every entry becomes one item with field, WABA id, time, event, value, validation and a de-duplication key', async () => {
		const body = JSON.stringify(
			webhookBody([
				webhookEntry([templateApproved, qualityFlagged], {
					id: '102290129340398',
					time: 1700000000,
				}),
				webhookEntry([inbound], { id: '104996122399160' }),
			]),
		);
		const answer = await post(host, body);
		expect(answer.status).toBe(200);
		const items = lastItems(host);
		expect(items.map((i) => [i.field, i.wabaId, i.time, i.event])).toEqual([
			['message_template_status_update', '102290129340398', 1700000000, 'APPROVED'],
			['phone_number_quality_update', '102290129340398', 1700000000, 'FLAGGED'],
			['messages', '104996122399160', null, null],
		]);
		expect(items[2].value).toEqual(inbound.value);
		for (const item of items) {
			expect(item.validation).toEqual({ valid: true, errors: [] });
			expect(item.dedupKey).toMatch(/^[a-z_]+:[0-9a-f]{32}$/);
		}
		expect(new Set(items.map((i) => i.dedupKey)).size).toBe(3);
	});

	test('the same delivery sent three times gives the same de-duplication keys each time', async () => {
		const body = delivery([templateApproved, inbound]);
		const keys: string[][] = [];
		for (let i = 0; i < 3; i++) {
			await post(host, body);
			keys.push(lastItems(host).map((item) => item.dedupKey));
		}
		expect(keys[1]).toEqual(keys[0]);
		expect(keys[2]).toEqual(keys[0]);
	});

	test('an unknown field is delivered, flagged unknown_field', async () => {
		const answer = await post(
			host,
			delivery([{ field: 'brand_new_field', value: { anything: [1, 2] } }]),
		);
		expect(answer.status).toBe(200);
		const [item] = lastItems(host);
		expect(item).toMatchObject({
			field: 'brand_new_field',
			event: null,
			value: { anything: [1, 2] },
		});
		expect(item.validation.valid).toBe(false);
		expect(item.validation.errors).toEqual([
			expect.objectContaining({ path: '/entry/0/changes/0/field', kind: 'unknown_field' }),
		]);
	});

	test('an unknown enum value and an unknown property are delivered and flagged with their pointers; siblings stay valid', async () => {
		const renamed = {
			...templateApproved,
			value: { ...templateApproved.value, event: 'RESTRUCTURED', brand_new: true },
		};
		await post(host, delivery([renamed, qualityFlagged]));
		const [flagged, sibling] = lastItems(host);
		expect(flagged.event).toBe('RESTRUCTURED');
		expect(flagged.value).toEqual(renamed.value);
		expect(
			flagged.validation.errors.map((e: { path: string; kind: string }) => [e.path, e.kind]).sort(),
		).toEqual([
			['/entry/0/changes/0/value/brand_new', 'unknown_property'],
			['/entry/0/changes/0/value/event', 'unknown_enum_value'],
		]);
		expect(sibling.validation.valid).toBe(true);
	});

	test('a delivery with no changes is answered 200 and starts nothing', async () => {
		const before = host.executions.length;
		const answer = await post(host, JSON.stringify(webhookBody([])));
		expect(answer.status).toBe(200);
		expect(answer.json).toMatchObject({ changes: 0, items: 0 });
		expect(host.executions).toHaveLength(before);
	});
});

describe('filters', () => {
	const run = async (parameters: Record<string, unknown>, changes: object[], entryId?: string) => {
		const host = await startTrigger(parameters as never);
		try {
			const answer = await post(host, delivery(changes as never, entryId));
			expect(answer.status).toBe(200);
			return host.executions.length ? lastItems(host) : [];
		} finally {
			await host.close();
		}
	};

	test('fields keeps only the chosen fields', async () => {
		const items = await run({ fields: ['phone_number_quality_update'] }, [
			templateApproved,
			qualityFlagged,
		]);
		expect(items.map((i) => i.field)).toEqual(['phone_number_quality_update']);
	});

	test('events filters the fields it names and leaves the others alone', async () => {
		const items = await run({ events: ['message_template_status_update:REJECTED'] }, [
			templateApproved,
			templateRejected,
			qualityFlagged,
		]);
		expect(items.map((i) => `${i.field}:${i.event}`)).toEqual([
			'message_template_status_update:REJECTED',
			'phone_number_quality_update:FLAGGED',
		]);
	});

	test('WABA ids keep only the listed accounts', async () => {
		expect(
			await run({ options: { wabaIds: '111, 102290129340398' } }, [templateApproved]),
		).toHaveLength(1);
		expect(await run({ options: { wabaIds: '111' } }, [templateApproved])).toHaveLength(0);
	});

	test('phone number ids filter message-level changes and leave account-level ones alone', async () => {
		const items = await run({ options: { phoneNumberIds: '106540352242922' } }, [
			inbound,
			statuses,
			templateApproved,
		]);
		expect(items.map((i) => [i.field, i.value.metadata?.phone_number_id])).toEqual([
			['messages', '106540352242922'],
			['message_template_status_update', undefined],
		]);
	});

	test('message statuses drop status-only changes with none of the chosen statuses', async () => {
		expect(await run({ options: { messageStatuses: ['read'] } }, [statuses])).toHaveLength(1);
		expect(
			await run({ options: { messageStatuses: ['failed'] } }, [statuses, inbound]),
		).toHaveLength(1);
	});

	test('a delivery that the filters empty is answered 200 and starts nothing', async () => {
		const host = await startTrigger({ fields: ['security'] });
		try {
			const answer = await post(host, delivery([templateApproved]));
			expect(answer.status).toBe(200);
			expect(answer.json).toMatchObject({ changes: 1, items: 0 });
			expect(host.executions).toHaveLength(0);
		} finally {
			await host.close();
		}
	});
});

describe('output modes', () => {
	test('one item per message or status: messages changes are split, with their contact and phone number; other fields stay whole', async () => {
		const host = await startTrigger({
			outputMode: 'message',
			options: { messageStatuses: ['read'] },
		});
		try {
			await post(host, delivery([inbound, statuses, templateApproved]));
			const items = lastItems(host);
			expect(items.map((i) => [i.kind ?? 'change', i.event])).toEqual([
				['message', 'text'],
				['message', 'reaction'],
				['status', 'read'],
				['change', 'APPROVED'],
			]);
			expect(items[1]).toMatchObject({
				phoneNumberId: '106540352242922',
				contact: { wa_id: '16505559999', profile: { name: 'Ravi Kumar' } },
				value: inbound.value.messages[1],
				dedupKey: `messages:message:${wamid(2)}`,
			});
			expect(items[2]).toMatchObject({
				phoneNumberId: '109999999999999',
				value: statuses.value.statuses[1],
			});
			expect(items[2].dedupKey).toMatch(/^messages:status:[0-9a-f]{32}$/);
		} finally {
			await host.close();
		}
	});

	test('in message mode, a flagged status carries only its own errors', async () => {
		const host = await startTrigger({ outputMode: 'message' });
		try {
			const bad = {
				...statuses,
				value: {
					...statuses.value,
					statuses: [
						statuses.value.statuses[0],
						{ ...statuses.value.statuses[1], status: 'teleported' },
					],
				},
			};
			await post(host, delivery([bad]));
			const [first, second] = lastItems(host);
			expect(first.validation.valid).toBe(true);
			expect(second.validation.errors).toEqual([
				expect.objectContaining({
					path: '/entry/0/changes/0/value/statuses/1/status',
					kind: 'unknown_enum_value',
				}),
			]);
		} finally {
			await host.close();
		}
	});

	test('in message mode, a marketing-message click (user_actions, no message, status or user) stays one valid change item', async () => {
		const host = await startTrigger({
			outputMode: 'message',
			options: { messageStatuses: ['read'] },
		});
		try {
			const body = fixture('webhooks/messages/user-actions-link-click-cta.json');
			await post(host, body);
			const items = lastItems(host);
			expect(items).toHaveLength(1);
			expect(items[0].kind).toBeUndefined();
			expect(items[0]).toMatchObject({
				field: 'messages',
				event: null,
				value: JSON.parse(body.toString()).entry[0].changes[0].value,
				validation: { valid: true, errors: [] },
			});
		} finally {
			await host.close();
		}
	});

	test('raw delivery: one item, the body as sent plus its validation', async () => {
		const host = await startTrigger({ outputMode: 'delivery' });
		try {
			const body = delivery([templateApproved, qualityFlagged]);
			await post(host, body);
			const items = lastItems(host);
			expect(items).toHaveLength(1);
			const { validation, dedupKey, ...rest } = items[0];
			expect(rest).toEqual(JSON.parse(body));
			expect(validation).toEqual({ valid: true, errors: [] });
			expect(dedupKey).toMatch(/^delivery:[0-9a-f]{32}$/);
		} finally {
			await host.close();
		}
	});

	test('route invalid items to a second output: valid ones stay on the first, nothing is dropped', async () => {
		const host = await startTrigger({ invalidHandling: 'route' });
		try {
			await post(
				host,
				delivery([templateApproved, { field: 'brand_new_field', value: {} }, qualityFlagged]),
			);
			expect(lastItems(host, 0).map((i) => i.field)).toEqual([
				'message_template_status_update',
				'phone_number_quality_update',
			]);
			expect(lastItems(host, 1).map((i) => i.field)).toEqual(['brand_new_field']);
		} finally {
			await host.close();
		}
	});
});
