import { createHmac } from 'crypto';

import type { InProcessTrigger } from '../../scripts/lib/inProcessN8n';
import { APP_SECRET, delivery, lastItems, post, startTrigger } from './support';

const statusChange = delivery([
	{
		field: 'message_template_status_update',
		value: {
			event: 'APPROVED',
			message_template_id: 1213131231231,
			message_template_name: 'order_update',
			message_template_language: 'en_US',
			reason: 'NONE',
		},
	},
]);

/** The signature computed here independently of the code under test. */
const hmacHex = (body: Buffer | string, secret = APP_SECRET) =>
	createHmac('sha256', secret).update(body).digest('hex');

describe('signature verification (POST)', () => {
	let host: InProcessTrigger;
	beforeEach(async () => {
		host = await startTrigger();
	});
	afterEach(async () => await host.close());

	test('a delivery signed with the app secret is accepted at once and starts one execution', async () => {
		const answer = await post(host, statusChange, { signature: `sha256=${hmacHex(statusChange)}` });
		expect(answer.status).toBe(200);
		expect(answer.json).toMatchObject({ received: true, changes: 1, items: 1 });
		expect(host.executions).toHaveLength(1);
		expect(lastItems(host)[0]).toMatchObject({
			field: 'message_template_status_update',
			event: 'APPROVED',
		});
	});

	test('an upper-case hex digest of the right MAC is the same MAC and is accepted', async () => {
		const answer = await post(host, statusChange, {
			signature: `sha256=${hmacHex(statusChange).toUpperCase()}`,
		});
		expect(answer.status).toBe(200);
	});

	test.each([
		['missing', null, 'missing X-Hub-Signature-256 header'],
		['empty', '', 'missing X-Hub-Signature-256 header'],
		[
			'signed with another secret',
			`sha256=${hmacHex(statusChange, 'not-the-secret')}`,
			'does not match the request body',
		],
		[
			'sha1',
			`sha1=${createHmac('sha1', APP_SECRET).update(statusChange).digest('hex')}`,
			'must start with "sha256="',
		],
		['upper-case prefix', `SHA256=${hmacHex(statusChange)}`, 'must start with "sha256="'],
		['truncated', `sha256=${hmacHex(statusChange).slice(0, 40)}`, 'not a 64-digit hex'],
		['too long', `sha256=${hmacHex(statusChange)}00`, 'not a 64-digit hex'],
		['not hex', `sha256=${'z'.repeat(64)}`, 'not a 64-digit hex'],
	])(
		'a %s signature is refused with 401 and a reason, and starts nothing',
		async (_name, signature, reason) => {
			const answer = await post(host, statusChange, { signature });
			expect(answer.status).toBe(401);
			expect(answer.json?.error).toContain(reason);
			expect(answer.text).not.toContain(APP_SECRET);
			expect(answer.text).not.toContain(hmacHex(statusChange));
			expect(host.executions).toHaveLength(0);
		},
	);

	test('a tampered body (signature of the original) is refused with 401', async () => {
		const tampered = statusChange.replace('APPROVED', 'REJECTED');
		const answer = await post(host, tampered, { signature: `sha256=${hmacHex(statusChange)}` });
		expect(answer.status).toBe(401);
		expect(host.executions).toHaveLength(0);
	});

	test('the signature covers the bytes as sent: unusual whitespace and \\u escapes are verified unchanged', async () => {
		const raw = Buffer.from(
			'{ "object" :"whatsapp_business_account",\r\n\t"entry":[{"id":"102290129340398","time":1700000000,"changes":[ {"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},' +
				'"contacts":[{"profile":{"name":"Jos\\u00e9 \\ud83d\\ude00"},"wa_id":"16505551234"}],"messages":[{"from":"16505551234","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=","timestamp":"1700000000","type":"text","text":{"body":"caf\\u00e9 \\/ \\"quoted\\""}}]}}  ]}]   }\n',
		);
		const answer = await post(host, raw, { signature: `sha256=${hmacHex(raw)}` });
		expect(answer.status).toBe(200);
		const [item] = lastItems(host);
		expect(item.value.contacts[0].profile.name).toBe('José 😀');
		expect(item.value.messages[0].text.body).toBe('café / "quoted"');
		expect(item.validation).toEqual({ valid: true, errors: [] });
	});

	test('a body re-serialised by a proxy (same JSON, other bytes) no longer matches', async () => {
		const reformatted = JSON.stringify(JSON.parse(statusChange), null, 2);
		const answer = await post(host, reformatted, { signature: `sha256=${hmacHex(statusChange)}` });
		expect(answer.status).toBe(401);
	});
});

describe('body and envelope checks (after the signature)', () => {
	let host: InProcessTrigger;
	beforeEach(async () => {
		host = await startTrigger();
	});
	afterEach(async () => await host.close());

	test("a signed body that is not JSON is refused with 400 and the parser's reason", async () => {
		const answer = await post(host, '{"object": "whatsapp_business_account", "entry": [', {
			headers: { 'content-type': 'text/plain' },
		});
		expect(answer.status).toBe(400);
		expect(answer.json?.error).toMatch(/^body is not JSON: /);
		expect(host.executions).toHaveLength(0);
	});

	test('n8n itself answers 422 to an application/json body that does not parse, before the node runs', async () => {
		const answer = await post(host, '{"object": ', {
			headers: { 'content-type': 'application/json' },
		});
		expect(answer.status).toBe(422);
		expect(host.executions).toHaveLength(0);
	});

	test('a signed body that is not UTF-8 is refused with 400', async () => {
		const bytes = Buffer.concat([
			Buffer.from(
				'{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"security","value":{"event":"',
			),
			Buffer.from([0xff, 0xfe]),
			Buffer.from('"}}]}]}'),
		]);
		const answer = await post(host, bytes, {
			headers: { 'content-type': 'application/octet-stream' },
		});
		expect(answer.status).toBe(400);
		expect(answer.json?.error).toBe('body is not valid UTF-8');
	});

	test.each([
		[
			'another object',
			{ object: 'page', entry: [] },
			'"object" must be "whatsapp_business_account"',
		],
		[
			"the seeds' typo",
			{ object: 'whatsapp_business account', entry: [] },
			'"object" must be "whatsapp_business_account"',
		],
		['no entry', { object: 'whatsapp_business_account' }, '"entry" must be an array'],
		[
			'entry of the wrong type',
			{ object: 'whatsapp_business_account', entry: {} },
			'"entry" must be an array',
		],
		[
			'changes of the wrong type',
			{ object: 'whatsapp_business_account', entry: [{ id: '1', changes: 'x' }] },
			'entry[0].changes must be an array',
		],
		[
			'a top-level array',
			[{ object: 'whatsapp_business_account', entry: [] }],
			'body must be a JSON object',
		],
		['null', null, 'body must be a JSON object'],
	])('%s is refused with 400 and a reason', async (_name, body, reason) => {
		const answer = await post(host, JSON.stringify(body));
		expect(answer.status).toBe(400);
		expect(answer.json?.error).toBe(reason);
		expect(host.executions).toHaveLength(0);
	});
});
