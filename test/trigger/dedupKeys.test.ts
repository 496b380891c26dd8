/**
 * De-duplication keys as properties (fast-check, fixed seeds):
 * - different changes never share a key, in either output mode;
 * - the same change gets the same key every time Meta sends it, in whatever batch and position;
 * - the same bytes always give the same keys.
 * "Different" is the change's JSON as sent. Meta's data model is built into the generator: a
 * wamid names one message (its content follows from it), because messages are keyed by wamid
 * (hashing 4096-character bodies would cost 1 MB batches dearly). Everything else is arbitrary,
 * ids with commas, colons and pipes, messages without an id or with a numeric one included.
 */
import fc from 'fast-check';

import { webhookBody, webhookEntry } from '../../scripts/lib/deliveries';
import { processDelivery } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/processDelivery';
import type { ChangeItem } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/result';
import {
	DEFAULT_DELIVERY_OPTIONS,
	type OutputMode,
} from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/options';
import { signBody } from '../../nodes/shared/webhook/signature';

const SECRET = 'dedup-keys-secret';
type Json = Record<string, unknown>;

interface Change {
	entryId: string;
	time?: number;
	field: string;
	value: unknown;
}

const idText = fc.oneof(
	fc.constantFrom('wamid.A', 'wamid.B', 'a,m:b', 'a', 'b', 'x|y', 'm:a', ''),
	fc.string({ maxLength: 5 }),
);

/** A message whose content follows from its wamid; or one without a string id, with any content. */
const message = fc.oneof(
	idText.map((id) => ({
		from: `from ${id}`,
		id,
		timestamp: '1700000000',
		type: 'text',
		text: { body: `body of ${id}` },
	})),
	fc.record(
		{
			from: fc.constant('1'),
			id: fc.option(fc.integer(), { nil: undefined }),
			timestamp: fc.constant('1'),
			type: fc.constant('text'),
			text: fc.record({ body: fc.string({ maxLength: 4 }) }),
		},
		{ requiredKeys: ['from', 'timestamp', 'type', 'text'] },
	),
);

const status = fc.record(
	{
		id: idText,
		status: fc.constantFrom('sent', 'delivered', 'read', 'failed'),
		timestamp: fc.constantFrom('1700000000', '1700000001'),
		recipient_id: fc.constantFrom('16505551234', 'group-1'),
		recipient_participant_id: fc.constantFrom('p1', 'p2'),
		errors: fc.array(fc.record({ code: fc.constantFrom(131047, 131026) }), { maxLength: 1 }),
	},
	{ requiredKeys: ['id', 'status', 'timestamp'] },
);

const valueError = fc.record({
	code: fc.constantFrom(131051, 1),
	title: fc.constantFrom('Unsupported', 'x,y'),
});

const messagesChange = fc
	.record(
		{
			entryId: fc.constantFrom('102290129340398', '109999999999999'),
			messages: fc.array(message, { maxLength: 3 }),
			statuses: fc.array(status, { maxLength: 2 }),
			errors: fc.array(valueError, { maxLength: 1 }),
		},
		{ requiredKeys: ['entryId'] },
	)
	.map(({ entryId, ...lists }): Change => ({
		entryId,
		field: 'messages',
		value: {
			messaging_product: 'whatsapp',
			metadata: { display_phone_number: '1', phone_number_id: `phone of ${entryId}` },
			...lists,
		},
	}));

const otherChange = fc.record(
	{
		entryId: fc.constantFrom('102290129340398', '1|2', '1'),
		time: fc.constantFrom(1700000000, 2),
		field: fc.constantFrom(
			'account_update',
			'message_template_status_update',
			'brand_new:field',
			'brand_new%3Afield',
			'messages',
		),
		value: fc.jsonValue({ maxDepth: 2 }),
	},
	{ requiredKeys: ['entryId', 'field', 'value'] },
);

const change = fc.oneof(messagesChange, otherChange);
const textOf = (c: Change) => JSON.stringify(c);

function deliver(changes: Change[], outputMode: OutputMode): ChangeItem[] {
	const raw = Buffer.from(
		JSON.stringify(
			webhookBody(
				changes.map((c) =>
					webhookEntry([{ field: c.field, value: c.value }], { id: c.entryId, time: c.time }),
				),
			),
		),
	);
	const result = processDelivery(raw, { 'x-hub-signature-256': signBody(raw, SECRET) }, SECRET, {
		...DEFAULT_DELIVERY_OPTIONS,
		outputMode,
	});
	expect(result.status).toBe(200);
	return [...(result.outputs?.[0] ?? []), ...(result.outputs?.[1] ?? [])];
}

/** Changes (some repeated) cut into deliveries of 1 to 3, as Meta may batch a redelivery differently. */
const batches = fc
	.uniqueArray(change, { minLength: 1, maxLength: 8, selector: textOf })
	.chain((distinct) =>
		fc.tuple(
			fc.constant(distinct),
			fc.array(fc.nat(distinct.length - 1), { minLength: 1, maxLength: 16 }),
			fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 16, maxLength: 16 }),
		),
	)
	.map(([distinct, picks, sizes]) => {
		const sequence = [...distinct, ...picks.map((i) => distinct[i])];
		const out: Change[][] = [];
		for (let at = 0, b = 0; at < sequence.length; b++) {
			out.push(sequence.slice(at, at + sizes[b % sizes.length]));
			at += sizes[b % sizes.length];
		}
		return out;
	});

/** Asserts that `identity → key` is a one-to-one map over everything seen. */
function oneToOne(pairs: Array<[identity: string, key: string]>) {
	const keyOf = new Map<string, string>();
	const identityOf = new Map<string, string>();
	for (const [identity, key] of pairs) {
		if (keyOf.has(identity))
			expect({ identity, key }).toEqual({ identity, key: keyOf.get(identity) });
		if (identityOf.has(key))
			expect({ key, identity }).toEqual({ key, identity: identityOf.get(key) });
		keyOf.set(identity, key);
		identityOf.set(key, identity);
	}
}

describe('de-duplication keys', () => {
	test('one item per change: different changes never share a key; a change sent again, in any batch, keeps its key', () => {
		fc.assert(
			fc.property(batches, (deliveries) => {
				const pairs: Array<[string, string]> = [];
				for (const changes of deliveries) {
					const items = deliver(changes, 'change');
					expect(items).toHaveLength(changes.length);
					items.forEach((item, i) => pairs.push([textOf(changes[i]), item.dedupKey]));
				}
				oneToOne(pairs);
			}),
			{ seed: 1401, numRuns: 400 },
		);
	});

	test('one item per message or status: different messages, statuses and errors never share a key; the same one keeps it', () => {
		fc.assert(
			fc.property(batches, (deliveries) => {
				const pairs: Array<[string, string]> = [];
				for (const changes of deliveries) {
					const items = deliver(changes, 'message');
					for (const item of items) {
						const kind = (item.kind as string | undefined) ?? 'change';
						const source = changes.find(
							(c) =>
								c.entryId === item.wabaId &&
								c.field === item.field &&
								(kind === 'change' ||
									(c.value as Json)?.[`${kind === 'status' ? 'statuses' : kind + 's'}`]),
						);
						const identity =
							kind === 'change'
								? textOf(
										changes.find(
											(c) =>
												c.entryId === item.wabaId &&
												JSON.stringify(c.value) === JSON.stringify(item.value) &&
												c.field === item.field,
										)!,
									)
								: kind === 'message' && typeof (item.value as Json).id === 'string'
									? JSON.stringify(['message', (item.value as Json).id]) // a wamid names one message, wherever it appears
									: JSON.stringify([
											kind,
											item.wabaId,
											kind === 'error' ? item.time : null,
											item.value,
										]);
						expect(source).toBeDefined();
						pairs.push([identity, item.dedupKey]);
					}
				}
				oneToOne(pairs);
			}),
			{ seed: 1402, numRuns: 400 },
		);
	});

	test('the same bytes give the same keys, every time', () => {
		fc.assert(
			fc.property(
				fc.array(change, { minLength: 1, maxLength: 5 }),
				fc.constantFrom<OutputMode>('change', 'message', 'delivery'),
				(changes, mode) => {
					const first = deliver(changes, mode).map((i) => i.dedupKey);
					const second = deliver(changes, mode).map((i) => i.dedupKey);
					expect(second).toEqual(first);
				},
			),
			{ seed: 1403, numRuns: 200 },
		);
	});

	describe('the collisions the old keys had', () => {
		const messages = (list: unknown[], entryId = '102290129340398'): Change => ({
			entryId,
			field: 'messages',
			value: {
				messaging_product: 'whatsapp',
				metadata: { display_phone_number: '1', phone_number_id: '2' },
				messages: list,
			},
		});
		const key = (c: Change, mode: OutputMode = 'change') =>
			deliver([c], mode).map((i) => i.dedupKey);

		test('messages without an id', () => {
			const a = messages([{ from: '1', timestamp: '1', type: 'text', text: { body: 'hello' } }]);
			const b = messages([{ from: '1', timestamp: '1', type: 'text', text: { body: 'goodbye' } }]);
			expect(key(a)).not.toEqual(key(b));
			expect(key(a, 'message')).not.toEqual(key(b, 'message'));
		});

		test('id lists joined with commas', () => {
			const text = { from: '1', timestamp: '1', type: 'text', text: { body: 'x' } };
			expect(key(messages([{ ...text, id: 'a,m:b' }]))).not.toEqual(
				key(
					messages([
						{ ...text, id: 'a' },
						{ ...text, id: 'b' },
					]),
				),
			);
		});

		test('a group message read by two participants in the same second', () => {
			const read = (participant: string): Change => ({
				entryId: '102290129340398',
				field: 'messages',
				value: {
					messaging_product: 'whatsapp',
					metadata: { display_phone_number: '1', phone_number_id: '2' },
					statuses: [
						{
							id: 'wamid.G',
							status: 'read',
							timestamp: '1700000000',
							recipient_id: 'group-1',
							recipient_type: 'group',
							recipient_participant_id: participant,
						},
					],
				},
			});
			expect(key(read('p1'))).not.toEqual(key(read('p2')));
			expect(key(read('p1'), 'message')).not.toEqual(key(read('p2'), 'message'));
		});
	});
});
