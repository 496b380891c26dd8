// The waiting node's side of Send and Wait for Response: the reference, the customer's hash,
// and the restart webhook's judgement of a POST (docs/design/send-and-wait.md). Real HMACs.
import { createHash, createHmac } from 'crypto';
import type { IWebhookFunctions } from 'n8n-workflow';

import { resumeWebhook } from '../../nodes/WhatsAppBusinessAccount/waiting/webhook';
import { Claims, judgeResume } from '../../nodes/WhatsAppBusinessAccount/waiting/resume';
import {
	customerHash,
	normalisedCustomer,
	parseReference,
	referenceFor,
	tappedReference,
} from '../../nodes/shared/webhook/answerReference';

const SECRET = 'e2b0c44298fc1c149afbf4c8996fb924';
const PHONE = '16505551234';
const BSUID = 'US.13491208655302741918';
/** `c` computed here independently: SHA-256, base64url, first 16. */
const c = (id: string) => createHash('sha256').update(id).digest('base64url').slice(0, 16);
const sign = (body: string, secret = SECRET) =>
	`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

const PATH = `/webhook-waiting/412/5b1c3f0e-8a0d-4f5e-9b55-0c0f1f2a3b4c?o=approve&c=${c(PHONE)}&signature=${'a1'.repeat(32)}`;

function delivery(options: { id?: string; from?: string; userId?: string; list?: boolean } = {}) {
	const tapped = { id: options.id ?? `wa1 ${PATH}`, title: '✓ Approve' };
	return JSON.stringify({
		object: 'whatsapp_business_account',
		entry: [
			{
				id: '102290129340398',
				changes: [
					{
						field: 'messages',
						value: {
							messaging_product: 'whatsapp',
							metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
							contacts: [{ profile: { name: 'Ana' }, wa_id: options.from ?? PHONE }],
							messages: [
								{
									context: { from: '15550783881', id: 'wamid.QUESTION' },
									...(options.from === '' ? {} : { from: options.from ?? PHONE }),
									...(options.userId ? { from_user_id: options.userId } : {}),
									id: 'wamid.ANSWER',
									timestamp: '1796652131',
									type: 'interactive',
									interactive: options.list
										? { type: 'list_reply', list_reply: tapped }
										: { type: 'button_reply', button_reply: tapped },
								},
							],
						},
					},
				],
			},
		],
	});
}

const judge = (body: string, claims = new Claims(), path = PATH, header = sign(body)) =>
	judgeResume(
		{ rawBody: Buffer.from(body), signatureHeader: header, appSecret: SECRET, pathAndQuery: path },
		claims,
	);

describe('the reference', () => {
	test('is the signed URL from its path on, behind "wa1 ", and reads back to the execution', () => {
		const reference = referenceFor(`https://n8n.example.com${PATH}`);
		expect(reference).toBe(`wa1 ${PATH}`);
		expect(parseReference(reference)).toEqual({ pathAndQuery: PATH, executionId: '412' });
	});

	test.each([
		['no prefix', PATH],
		['no query', 'wa1 /webhook-waiting/412/node'],
		['another host', 'wa1 //evil.example.com/webhook-waiting/412/node?o=x'],
		['too short a path', 'wa1 /412?o=x'],
		['spaces', 'wa1 /webhook-waiting/412/no de?o=x'],
	])('refuses %s', (_, text) => {
		expect(parseReference(text)).toBeNull();
	});

	test('is read from a button reply and a list reply, never from other ids', () => {
		expect(tappedReference(JSON.parse(delivery()).entry[0].changes[0].value.messages[0])).toBe(
			`wa1 ${PATH}`,
		);
		expect(
			tappedReference(JSON.parse(delivery({ list: true })).entry[0].changes[0].value.messages[0]),
		).toBe(`wa1 ${PATH}`);
		expect(
			tappedReference(
				JSON.parse(delivery({ id: 'order_status' })).entry[0].changes[0].value.messages[0],
			),
		).toBeNull();
		expect(tappedReference({ type: 'text', text: { body: `wa1 ${PATH}` } })).toBeNull();
	});
});

describe("the customer's hash", () => {
	test('a phone number by its digits (the answer has no +), a BSUID as it is', () => {
		expect(customerHash(normalisedCustomer('phone', '+1 (650) 555-1234'))).toBe(c(PHONE));
		expect(customerHash(normalisedCustomer('userId', ` ${BSUID} `))).toBe(c(BSUID));
		expect(c(PHONE)).toHaveLength(16);
	});
});

describe('the resume', () => {
	test('resumes with the answer when Meta signed it, it taps this URL and comes from the person asked', () => {
		const verdict = judge(delivery());
		expect(verdict).toMatchObject({
			ok: true,
			answer: {
				value: 'approve',
				title: '✓ Approve',
				phoneNumberId: '106540352242922',
				customer: { phone: PHONE, name: 'Ana' },
			},
		});
	});

	test('a customer known by BSUID only is matched by it', () => {
		const path = PATH.replace(c(PHONE), c(BSUID));
		const body = delivery({ from: '', userId: BSUID, id: `wa1 ${path}` });
		expect(judge(body, new Claims(), path).ok).toBe(true);
	});

	test.each([
		[
			'a signature by another secret',
			() => judge(delivery(), new Claims(), PATH, sign(delivery(), 'f'.repeat(32))),
			'signature',
		],
		['no signature', () => judge(delivery(), new Claims(), PATH, ''), 'signature'],
		['a body that is not JSON', () => judge('not json'), 'malformed'],
		[
			'another question tapped',
			() => judge(delivery({ id: `wa1 ${PATH.replace('412', '413')}` })),
			'notThisQuestion',
		],
		[
			'the same id tapped by another customer',
			() => judge(delivery({ from: '16505559999' })),
			'notFromAskedCustomer',
		],
		[
			'a URL without c',
			() =>
				judge(
					delivery({ id: 'wa1 /webhook-waiting/412/n?o=approve' }),
					new Claims(),
					'/webhook-waiting/412/n?o=approve',
				),
			'malformed',
		],
	])('refuses %s', (_, run, reason) => {
		expect(run()).toEqual({ ok: false, reason });
	});

	test('a question is resumed once in a process; the claim lapses after its time', () => {
		const claims = new Claims(1000);
		expect(judge(delivery(), claims).ok).toBe(true);
		expect(judge(delivery(), claims)).toEqual({ ok: false, reason: 'alreadyAnswered' });
		expect(claims.claim(new URL(PATH, 'http://x').pathname, Date.now() + 2000)).toBe(true);
	});
});

describe('a Free Text resume', () => {
	const NUMBER_ID = '106540352242922';
	const TEXT_PATH = `/webhook-waiting/415/5b1c3f0e-8a0d-4f5e-9b55-0c0f1f2a3b4c?t=text&c=${c(PHONE)}&p=${NUMBER_ID}&q=wamid.QUESTION&signature=${'b2'.repeat(32)}`;

	/** Meta's text message (webhooks reference, messages/text), quoting `quoted` when given. */
	function textDelivery(
		options: { from?: string; numberId?: string; quoted?: string; type?: string } = {},
	) {
		const body = JSON.parse(delivery()) as {
			entry: Array<{ changes: Array<{ value: Record<string, any> }> }>;
		};
		const value = body.entry[0].changes[0].value;
		value.metadata.phone_number_id = options.numberId ?? NUMBER_ID;
		value.contacts[0].wa_id = options.from ?? PHONE;
		value.messages = [
			{
				...(options.quoted ? { context: { from: '15550783881', id: options.quoted } } : {}),
				from: options.from ?? PHONE,
				id: 'wamid.TEXTANSWER',
				timestamp: '1796652131',
				type: options.type ?? 'text',
				...(options.type && options.type !== 'text'
					? { reaction: { message_id: 'wamid.QUESTION', emoji: '👍' } }
					: { text: { body: 'Deliver it after 6 pm, please' } }),
			},
		];
		return JSON.stringify(body);
	}

	test("the asked customer's next text resumes, quoting the question or not", () => {
		for (const quoted of [undefined, 'wamid.QUESTION']) {
			const verdict = judge(textDelivery({ quoted }), new Claims(), TEXT_PATH);
			expect(verdict).toMatchObject({
				ok: true,
				answer: {
					value: 'text',
					text: 'Deliver it after 6 pm, please',
					title: null,
					questionMessageId: 'wamid.QUESTION',
					phoneNumberId: NUMBER_ID,
					customer: { phone: PHONE, name: 'Ana' },
				},
			});
		}
	});

	test.each([
		['a text from another customer', { from: '16505559999' }, 'notFromAskedCustomer'],
		['a text to another number of the account', { numberId: '106540352242999' }, 'notThisQuestion'],
		['a reaction, not a text', { type: 'reaction' }, 'notThisQuestion'],
	])('refuses %s', (_, options, reason) => {
		expect(judge(textDelivery(options), new Claims(), TEXT_PATH)).toEqual({ ok: false, reason });
	});

	test('a tap is not taken for a Free Text URL, nor a text for a button URL', () => {
		expect(judge(delivery(), new Claims(), TEXT_PATH)).toEqual({
			ok: false,
			reason: 'notThisQuestion',
		});
		expect(judge(textDelivery())).toEqual({ ok: false, reason: 'notThisQuestion' });
	});

	test('a Choice whose value is "text" is still a tap, not Free Text', () => {
		const path = PATH.replace('o=approve', 'o=text');
		const verdict = judge(delivery({ id: `wa1 ${path}` }), new Claims(), path);
		expect(verdict).toMatchObject({ ok: true, answer: { value: 'text', text: null } });
		expect(judge(textDelivery(), new Claims(), path)).toEqual({
			ok: false,
			reason: 'notThisQuestion',
		});
	});

	test('is single use in a process', () => {
		const claims = new Claims();
		expect(judge(textDelivery(), claims, TEXT_PATH).ok).toBe(true);
		expect(judge(textDelivery(), claims, TEXT_PATH)).toEqual({
			ok: false,
			reason: 'alreadyAnswered',
		});
	});
});

describe('a Flow resume', () => {
	const FLOW_PATH = `/webhook-waiting/416/5b1c3f0e-8a0d-4f5e-9b55-0c0f1f2a3b4c?t=flow&c=${c(PHONE)}&signature=${'e5'.repeat(32)}`;

	/** Meta's nfm_reply of a completed Flow (webhooks reference, messages/interactive). */
	function flowDelivery(token: string, from = PHONE) {
		const body = JSON.parse(delivery({ from })) as {
			entry: Array<{ changes: Array<{ value: Record<string, any> }> }>;
		};
		body.entry[0].changes[0].value.messages[0].interactive = {
			type: 'nfm_reply',
			nfm_reply: {
				name: 'flow',
				body: 'Sent',
				response_json: JSON.stringify({
					flow_token: token,
					delivery_day: 'thursday',
					notes: 'ring twice',
				}),
			},
		};
		return JSON.stringify(body);
	}

	test("the Flow's flow_token is the reference; the answers come out without it", () => {
		const body = flowDelivery(`wa1 ${FLOW_PATH}`);
		expect(tappedReference(JSON.parse(body).entry[0].changes[0].value.messages[0])).toBe(
			`wa1 ${FLOW_PATH}`,
		);
		expect(judge(body, new Claims(), FLOW_PATH)).toMatchObject({
			ok: true,
			answer: {
				value: 'flow',
				flowResponse: { delivery_day: 'thursday', notes: 'ring twice' },
				questionMessageId: 'wamid.QUESTION',
			},
		});
	});

	test('another Flow session, or the right one completed by another customer, is refused', () => {
		expect(judge(flowDelivery('booking-7781'), new Claims(), FLOW_PATH)).toEqual({
			ok: false,
			reason: 'notThisQuestion',
		});
		expect(judge(flowDelivery(`wa1 ${FLOW_PATH}`, '16505559999'), new Claims(), FLOW_PATH)).toEqual(
			{ ok: false, reason: 'notFromAskedCustomer' },
		);
	});
});

describe("the node's restart webhook", () => {
	/** The part of n8n's webhook context the resume reads. */
	function context(body: string, options: { header?: string; credentialFails?: boolean } = {}) {
		return {
			getRequestObject: () => ({
				rawBody: Buffer.from(body),
				headers: { 'x-hub-signature-256': options.header ?? sign(body) },
				originalUrl: PATH.replace('412', String(Math.random()).slice(2)),
			}),
			getCredentials: async () => {
				if (options.credentialFails) throw new Error('credential not found');
				return { appSecret: SECRET };
			},
			getNodeParameter: (name: string, fallback: unknown) =>
				name === 'responseType' ? 'approval' : fallback,
			getNode: () => ({ name: 'Ask the manager' }),
			logger: { warn: jest.fn() },
		} as unknown as IWebhookFunctions;
	}

	test('refuses without workflow data (the execution keeps waiting) and never throws', async () => {
		const forged = await resumeWebhook.call(
			context(delivery(), { header: sign(delivery(), 'x'.repeat(32)) }),
		);
		expect(forged).toEqual({ webhookResponse: { resumed: false, reason: 'signature' } });
		const other = await resumeWebhook.call(context(delivery()));
		// the tapped id is PATH, the request another execution's URL
		expect(other).toEqual({ webhookResponse: { resumed: false, reason: 'notThisQuestion' } });
		const broken = await resumeWebhook.call(context(delivery(), { credentialFails: true }));
		expect(broken).toEqual({ webhookResponse: { resumed: false, reason: 'malformed' } });
	});
});
