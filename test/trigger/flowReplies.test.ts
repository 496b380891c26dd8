/**
 * A completed Flow's answers (an interactive nfm_reply message): in message mode the item carries
 * them as an object (`flowResponse`, parsed from `response_json` with exact integers) with the
 * `flowToken`, beside the customer who answered. Text that is not a JSON object is flagged
 * `invalid_json` in every output mode; the item keeps the text, nothing is dropped.
 */
import { singleEntryBody, webhookBody, webhookEntry } from '../../scripts/lib/deliveries';
import { processDelivery } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/processDelivery';
import type { ChangeItem } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/result';
import {
	DEFAULT_DELIVERY_OPTIONS,
	type DeliveryOptions,
	type OutputMode,
} from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/options';
import { signBody } from '../../nodes/shared/webhook/signature';
import { parseWithExactIntegers } from '../support/exactJson';
import { fixture, lastItems, post, startTrigger } from './support';

const SECRET = 'flow-replies-test-secret';
const SHEENA = '16505551234';
const BSUID = 'US.13491208655302741918';
const TOKEN = 'AQAAAAACS5FpgQ_cAAAAAD0QI3s.';
const RESPONSE_JSON_PATH =
	'/entry/0/changes/0/value/messages/0/interactive/nfm_reply/response_json';

function run(
	raw: Buffer,
	outputMode: OutputMode = 'message',
	extra: Partial<DeliveryOptions> = {},
): { main: Array<Record<string, any>>; invalid: Array<Record<string, any>> } {
	const result = processDelivery(raw, { 'x-hub-signature-256': signBody(raw, SECRET) }, SECRET, {
		...DEFAULT_DELIVERY_OPTIONS,
		outputMode,
		...extra,
	});
	expect(result.status).toBe(200);
	const json = (items: ChangeItem[] | undefined) =>
		JSON.parse(JSON.stringify(items ?? [])) as Array<Record<string, any>>;
	return { main: json(result.outputs?.[0]), invalid: json(result.outputs?.[1]) };
}
const items = (raw: Buffer, outputMode: OutputMode = 'message') => {
	const { main, invalid } = run(raw, outputMode);
	return [...main, ...invalid];
};

/** One inbound Flow answer (or address answer) as Meta sends it, `response_json` as given. */
function nfmMessage(
	responseJson: string,
	{
		name = 'flow',
		sender = { from: SHEENA } as Record<string, string>,
		id = 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzRjRCMDE2QTI1NkQ0MjkyOTk4RgA=',
	} = {},
) {
	return {
		context: {
			from: '15550783881',
			id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MTE5MjVBOTE3MDk5QUVFM0YA',
		},
		...sender,
		id,
		timestamp: '1765706401',
		type: 'interactive',
		interactive: {
			type: 'nfm_reply',
			nfm_reply: { name, body: 'Sent', response_json: responseJson },
		},
	};
}

function messagesChange(
	messages: unknown[],
	contacts: unknown[] = [{ profile: { name: 'Sheena Nelson' }, wa_id: SHEENA }],
) {
	return {
		field: 'messages',
		value: {
			messaging_product: 'whatsapp',
			metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
			contacts,
			messages,
		},
	};
}

const deliveryOf = (...messages: unknown[]) =>
	Buffer.from(JSON.stringify(singleEntryBody([messagesChange(messages)])));

describe("Meta's flow response message webhook, one item per message", () => {
	const raw = fixture('webhooks/messages/interactive-nfm-reply-flow-response.json');

	test('the answers as an object, the flow token, and who answered', () => {
		const [item] = items(raw);
		expect(item).toMatchObject({
			kind: 'message',
			event: 'interactive',
			phoneNumberId: '106540352242922',
			messageId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzRjRCMDE2QTI1NkQ0MjkyOTk4RgA=',
			customer: {
				phone: SHEENA,
				userId: null,
				parentUserId: null,
				username: null,
				name: 'Sheena Nelson',
			},
			flowToken: TOKEN,
			validation: { valid: true, errors: [] },
		});
		expect(item.flowResponse).toEqual({
			flow_token: TOKEN,
			optional_param1: '2026-12-14',
			optional_param2: '10:30',
		});
	});

	test('the message itself is kept as Meta sent it: response_json stays the text', () => {
		const [item] = items(raw);
		const sent = JSON.parse(raw.toString('utf8')).entry[0].changes[0].value.messages[0];
		expect(item.value).toEqual(sent);
		expect(typeof item.value.interactive.nfm_reply.response_json).toBe('string');
	});

	test('one item per change (the default) and the raw delivery: valid, no keys added', () => {
		for (const mode of ['change', 'delivery'] as const) {
			const [item] = items(raw, mode);
			expect(item.validation).toEqual({ valid: true, errors: [] });
			expect(item).not.toHaveProperty('flowResponse');
			expect(item).not.toHaveProperty('flowToken');
		}
	});
});

describe('which items carry flowResponse and flowToken', () => {
	test("a Flow's answers as the appointment fixture has them", () => {
		const [item] = items(fixture('webhooks/messages/interactive-nfm-reply.json'));
		expect(item.flowResponse).toEqual({
			flow_token: TOKEN,
			appointment_date: '2025-06-12',
			party_size: '2',
		});
		expect(item.flowToken).toBe(TOKEN);
	});

	test('an address message answer (nfm_reply named address_message) is no Flow: neither key', () => {
		const [item] = items(fixture('webhooks/messages/interactive-nfm-reply-address.json'));
		expect(item.validation.valid).toBe(true);
		expect(item).not.toHaveProperty('flowResponse');
		expect(item).not.toHaveProperty('flowToken');
	});

	test('other messages and statuses: neither key', () => {
		for (const name of ['text', 'interactive-button-reply', 'status-delivered']) {
			const [item] = items(fixture(`webhooks/messages/${name}.json`));
			expect({ name, keys: Object.keys(item).filter((k) => k.startsWith('flow')) }).toEqual({
				name,
				keys: [],
			});
		}
	});

	test('several Flow answers in one delivery: each item its own, across entries and changes', () => {
		const answer = (n: number) =>
			nfmMessage(JSON.stringify({ flow_token: `token-${n}`, choice: n }), {
				id: `wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzRjRCMDE2QTI1NkQ0MjkyOTk4R${n}A=`,
			});
		const raw = Buffer.from(
			JSON.stringify(
				webhookBody([
					webhookEntry([messagesChange([answer(1), answer(2)])]),
					webhookEntry([messagesChange([answer(3)]), messagesChange([answer(4)])], {
						id: '102290129340399',
					}),
				]),
			),
		);
		const got = items(raw).map((i) => [i.flowToken, i.flowResponse.choice]);
		expect(got).toEqual([
			['token-1', 1],
			['token-2', 2],
			['token-3', 3],
			['token-4', 4],
		]);
	});

	test('a Flow answer from a user known only by BSUID: the customer is the BSUID, no phone', () => {
		const raw = deliveryOf(
			nfmMessage(JSON.stringify({ flow_token: TOKEN, slot: '10:30' }), {
				sender: { from_user_id: BSUID },
			}),
		);
		const body = JSON.parse(raw.toString('utf8'));
		body.entry[0].changes[0].value.contacts = [
			{ profile: { name: 'Sheena Nelson', username: '@sheena' }, user_id: BSUID },
		];
		const [item] = items(Buffer.from(JSON.stringify(body)));
		expect(item.customer).toEqual({
			phone: null,
			userId: BSUID,
			parentUserId: null,
			username: '@sheena',
			name: 'Sheena Nelson',
		});
		expect(item.flowResponse).toEqual({ flow_token: TOKEN, slot: '10:30' });
	});

	test('an answer without flow_token (or a token that is not text): flowToken null, not flagged', () => {
		for (const response of [{ slot: '10:30' }, { flow_token: 42, slot: '10:30' }]) {
			const [item] = items(deliveryOf(nfmMessage(JSON.stringify(response))));
			expect(item.flowToken).toBeNull();
			expect(item.flowResponse).toEqual(response);
			expect(item.validation.valid).toBe(true);
		}
	});
});

describe('exact numbers inside response_json', () => {
	test('an integer beyond 2^53 keeps its digits, as the trigger keeps ids', () => {
		const text = `{"flow_token":"${TOKEN}","order_id":12345678901234567891,"guests":3,"deposit":12.5}`;
		const [item] = items(deliveryOf(nfmMessage(text)));
		expect(item.flowResponse).toEqual(parseWithExactIntegers(text));
		expect(item.flowResponse.order_id).toBe('12345678901234567891');
		expect(item.flowResponse.guests).toBe(3);
		expect(item.validation.valid).toBe(true);
	});

	test('a number beyond 2^53 written with a fraction cannot be kept: flagged where it is', () => {
		const text = `{"flow_token":"${TOKEN}","total":{"amount":12345678901234567891.5}}`;
		const [item] = items(deliveryOf(nfmMessage(text)));
		expect(item.validation.valid).toBe(false);
		expect(item.validation.errors).toEqual([
			{
				path: RESPONSE_JSON_PATH,
				kind: 'inexact_number',
				message: expect.stringContaining(
					'12345678901234567891.5 in response_json at /total/amount',
				),
			},
		]);
		expect(item.flowResponse.flow_token).toBe(TOKEN);
	});
});

describe('response_json that is not a JSON object: flagged, delivered, kept as text', () => {
	const truncated = `{"flow_token":"${TOKEN}","slot":"10:30"`;

	test('not JSON: invalid_json at response_json, flowResponse null, the text in the value', () => {
		const [item] = items(deliveryOf(nfmMessage(truncated)));
		expect(item).toMatchObject({
			kind: 'message',
			event: 'interactive',
			customer: { phone: SHEENA, name: 'Sheena Nelson' },
			flowResponse: null,
			flowToken: null,
		});
		expect(item.value.interactive.nfm_reply.response_json).toBe(truncated);
		expect(item.validation.valid).toBe(false);
		expect(item.validation.errors).toEqual([
			{
				path: RESPONSE_JSON_PATH,
				kind: 'invalid_json',
				message: expect.stringMatching(
					/^response_json is not JSON \(.+\); the item keeps it as text$/,
				),
			},
		]);
	});

	test.each([
		['an array', '[{"flow_token":"x"}]'],
		['a string', '"AQAAAAACS5FpgQ_cAAAAAD0QI3s."'],
		['null', 'null'],
		['a number', '42'],
	])('JSON holding %s rather than an object: invalid_json', (type, text) => {
		const [item] = items(deliveryOf(nfmMessage(text)));
		expect(item.flowResponse).toBeNull();
		expect(item.validation.errors).toEqual([
			{
				path: RESPONSE_JSON_PATH,
				kind: 'invalid_json',
				message: `response_json must hold a JSON object, not ${type}`,
			},
		]);
	});

	test('an address answer that is not JSON is flagged too (Meta sends JSON text for both)', () => {
		const [item] = items(deliveryOf(nfmMessage('{"values":', { name: 'address_message' })));
		expect(item).not.toHaveProperty('flowResponse');
		expect(item.validation.errors).toEqual([
			expect.objectContaining({ path: RESPONSE_JSON_PATH, kind: 'invalid_json' }),
		]);
	});

	test('one item per change and the raw delivery are flagged alike', () => {
		for (const mode of ['change', 'delivery'] as const) {
			const [item] = items(deliveryOf(nfmMessage(truncated)), mode);
			expect(item.validation.errors).toEqual([
				expect.objectContaining({ path: RESPONSE_JSON_PATH, kind: 'invalid_json' }),
			]);
		}
	});

	test('only the flawed answer is flagged; its neighbours keep theirs', () => {
		const good = nfmMessage(JSON.stringify({ flow_token: TOKEN, slot: '09:00' }), {
			id: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzRjRCMDE2QTI1NkQ0MjkyOTk4R0A=',
		});
		const { main, invalid } = run(deliveryOf(nfmMessage(truncated), good), 'message', {
			invalidHandling: 'route',
		});
		expect(main.map((i) => i.flowResponse)).toEqual([{ flow_token: TOKEN, slot: '09:00' }]);
		expect(invalid.map((i) => [i.flowResponse, i.validation.errors[0].kind])).toEqual([
			[null, 'invalid_json'],
		]);
	});

	test("Meta's schema: an nfm_reply without response_json is a missing property", () => {
		const message = nfmMessage('{}');
		delete (message.interactive.nfm_reply as { response_json?: string }).response_json;
		const [item] = items(deliveryOf(message));
		expect(item).not.toHaveProperty('flowResponse');
		expect(item.validation.errors).toEqual([
			expect.objectContaining({ path: RESPONSE_JSON_PATH, kind: 'missing_property' }),
		]);
	});
});

test('through the trigger node in n8n-core: a signed Flow answer arrives with its answers as an object', async () => {
	const host = await startTrigger({ outputMode: 'message' });
	try {
		const answer = await post(
			host,
			fixture('webhooks/messages/interactive-nfm-reply-flow-response.json'),
		);
		expect(answer.status).toBe(200);
		const [item] = lastItems(host);
		expect(item).toMatchObject({
			kind: 'message',
			customer: { phone: SHEENA, name: 'Sheena Nelson' },
			flowToken: TOKEN,
			flowResponse: { flow_token: TOKEN, optional_param1: '2026-12-14', optional_param2: '10:30' },
		});
	} finally {
		await host.close();
	}
});
