/**
 * Deliveries with thousands of findings: every item still carries exactly its own findings
 * (and those of the change, entry or delivery it belongs to). The time this takes is shown by
 * `npm run bench` (growth with 10,000 flagged items), not timed here.
 */
import { singleEntryBody } from '../../scripts/lib/deliveries';
import { processDelivery } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/processDelivery';
import type { ChangeItem } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/result';
import {
	DEFAULT_DELIVERY_OPTIONS,
	type OutputMode,
} from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/options';
import { signBody } from '../../nodes/shared/webhook/signature';

const SECRET = 'many-issues-secret';
const N = 3000;

function run(body: unknown, outputMode: OutputMode): ChangeItem[] {
	const raw = Buffer.from(JSON.stringify(body));
	const result = processDelivery(raw, { 'x-hub-signature-256': signBody(raw, SECRET) }, SECRET, {
		...DEFAULT_DELIVERY_OPTIONS,
		outputMode,
	});
	expect(result.status).toBe(200);
	return result.outputs?.[0] ?? [];
}

const short = (item: ChangeItem) =>
	item.validation.errors.map(({ path, kind }) => `${kind} ${path}`);

test(`message mode, ${N} messages of which every other one has an unknown property: each item has its own finding and the change's`, () => {
	const messages = Array.from({ length: N }, (_, i) => ({
		from: '16505551234',
		id: `wamid.M${i}`,
		timestamp: '1700000000',
		type: 'text',
		text: { body: `hello ${i}` },
		...(i % 2 ? {} : { brand_new: i }),
	}));
	const body = singleEntryBody([
		{
			field: 'messages',
			value: {
				messaging_product: 'whatsapp',
				metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
				contacts: Array.from({ length: N }, (_, i) => ({
					profile: { name: `c${i}` },
					wa_id: i === 7 ? '16505551234' : `1650000${i}`,
				})),
				messages,
				change_level_novelty: true,
			},
		},
	]);
	const items = run(body, 'message');
	expect(items).toHaveLength(N);
	const change = 'unknown_property /entry/0/changes/0/value/change_level_novelty';
	items.forEach((item, i) => {
		expect(short(item)).toEqual(
			i % 2
				? [change]
				: [change, `unknown_property /entry/0/changes/0/value/messages/${i}/brand_new`],
		);
		// the first contact with the sender's wa_id, as before
		expect((item.contact as { profile: { name: string } }).profile.name).toBe('c7');
	});
});

test(`change mode, ${N} changes with a new ban state under one unknown root property: one finding each, plus the root's`, () => {
	const changes = Array.from({ length: N }, (_, i) => ({
		field: 'account_update',
		value: {
			event: 'ACCOUNT_VIOLATION',
			ban_info: {
				waba_ban_state: i % 3 ? 'DISABLE' : 'BRAND_NEW_STATE',
				waba_ban_date: 'April 17, 2025',
			},
		},
	}));
	const body = { ...singleEntryBody(changes, { time: 1700000000 }), root_novelty: 1 };
	const items = run(body, 'change');
	expect(items).toHaveLength(N);
	items.forEach((item, i) => {
		const own =
			i % 3 ? [] : [`unknown_enum_value /entry/0/changes/${i}/value/ban_info/waba_ban_state`];
		expect(short(item)).toEqual(['unknown_property /root_novelty', ...own]);
	});
});
