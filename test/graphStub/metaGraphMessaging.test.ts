import { WINDOW_MS } from '../../scripts/lib/metaGraphMessaging';
import { MetaGraphStub } from '../../scripts/lib/metaGraphStub';

const APP = { id: '1234567890123456', secret: 'e2b0c44298fc1c149afbf4c8996fb924' };
const WABA = '102290129340398';
const NUMBER = '106540352242922';
/** The customer's WhatsApp ID (wa_id), and the same number as a send addresses it (E.164). */
const PHONE = '16505551234';
const TO = `+${PHONE}`;
const BSUID = 'US.13491208655302741918';
const ONLY_BSUID = 'US.99999999999999999999';

describe('MetaGraphStub messaging', () => {
	let stub: MetaGraphStub;
	let token: string;
	let clock: number;
	beforeEach(async () => {
		stub = await MetaGraphStub.start();
		stub.addApp(APP);
		token = stub.addSystemUserToken(APP.id);
		stub.addPhoneNumber(WABA, { id: NUMBER, displayPhoneNumber: '+1 555-078-3881' });
		clock = 1_750_000_000_000;
		stub.messaging.now = () => clock;
		stub.messaging.addCustomer({ phone: PHONE, userId: BSUID });
	});
	afterEach(async () => await stub.close());

	async function post(body: unknown, path = `/${NUMBER}/messages`, bearer = token) {
		const res = await fetch(`${stub.url}/v23.0${path}`, {
			method: 'POST',
			headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		return { status: res.status, body: (await res.json()) as Record<string, any> };
	}
	const text = (address: Record<string, string>) => ({
		messaging_product: 'whatsapp',
		recipient_type: 'individual',
		...address,
		type: 'text',
		text: { body: 'Hi' },
	});

	test("outside the 24-hour window a free-form message fails with 131047 in Meta's envelope", async () => {
		const answer = await post(text({ to: TO }));
		expect(answer.status).toBe(400);
		expect(answer.body.error).toMatchObject({
			code: 131047,
			type: 'OAuthException',
			message: '(#131047) Re-engagement message',
			error_data: { messaging_product: 'whatsapp', details: expect.stringMatching(/24 hours/) },
		});
		expect(typeof answer.body.error.fbtrace_id).toBe('string');
		expect(stub.messaging.sent).toHaveLength(0);
	});

	test('an inbound message opens the window for 24 hours, for the phone number and the BSUID of the same customer', async () => {
		stub.messaging.recordInbound(NUMBER, { phone: PHONE });
		const byPhone = await post(text({ to: TO }));
		expect(byPhone.body).toEqual({
			messaging_product: 'whatsapp',
			contacts: [{ input: TO, wa_id: PHONE }],
			messages: [{ id: expect.stringMatching(/^wamid\./) }],
		});
		const byBsuid = await post(text({ recipient: BSUID }));
		expect(byBsuid.body.contacts).toEqual([{ input: BSUID, user_id: BSUID }]);
		clock += WINDOW_MS;
		expect((await post(text({ to: TO }))).body.error.code).toBe(131047);
		expect(stub.messaging.sent.map((m) => m.addressedBy)).toEqual(['to', 'recipient']);
	});

	test("an E.164 `to` (+ and country code, as Meta's examples send it) reaches the same customer; the answer has input as sent and wa_id as digits", async () => {
		stub.messaging.recordInbound(NUMBER, { phone: PHONE });
		const answer = await post(text({ to: TO }));
		expect(answer.status).toBe(200);
		expect(answer.body.contacts).toEqual([{ input: `+${PHONE}`, wa_id: PHONE }]);
		expect(stub.messaging.sent[0]).toMatchObject({
			input: `+${PHONE}`,
			customer: { phone: PHONE },
		});
	});

	test("a `to` without + gets the sending number's country calling code in front, as Meta documents", async () => {
		stub.messaging.recordInbound(NUMBER, { phone: PHONE });
		// the number sends from +1: a local (650) number reaches the customer
		const local = await post(text({ to: '(650) 555-1234' }));
		expect(local.body.contacts).toEqual([{ input: '(650) 555-1234', wa_id: PHONE }]);
		// the full number without + becomes +1 1 650…: someone else, whose window is not open
		const doubled = await post(text({ to: PHONE }));
		expect(doubled.body.error.code).toBe(131047);
		expect(stub.messaging.sent).toHaveLength(1);
	});

	test('`to` wins when both `to` and `recipient` are sent', async () => {
		stub.messaging.recordInbound(NUMBER, { phone: PHONE });
		const answer = await post(text({ to: TO, recipient: ONLY_BSUID }));
		expect(answer.body.contacts).toEqual([{ input: TO, wa_id: PHONE }]);
		expect(stub.messaging.sent[0]).toMatchObject({ addressedBy: 'to', input: TO });
	});

	test('a customer known only by BSUID is answered through `recipient`, with user_id and no wa_id', async () => {
		stub.messaging.recordInbound(NUMBER, { userId: ONLY_BSUID });
		const answer = await post(text({ recipient: ONLY_BSUID }));
		expect(answer.body.contacts).toEqual([{ input: ONLY_BSUID, user_id: ONLY_BSUID }]);
		expect((await post(text({ recipient: 'not-a-bsuid' }))).body.error).toMatchObject({
			code: 131009,
		});
		expect(
			(await post({ messaging_product: 'whatsapp', type: 'text', text: { body: 'x' } })).body.error,
		).toMatchObject({ code: 131008 });
	});

	test('a template needs no window, but an authentication template cannot go to a BSUID (131062)', async () => {
		stub.messaging.authenticationTemplates.add('otp_copy_code');
		const template = (name: string, address: Record<string, string>) => ({
			messaging_product: 'whatsapp',
			...address,
			type: 'template',
			template: { name, language: { code: 'en_US' } },
		});
		const sent = await post(template('order_update', { recipient: BSUID }));
		expect(sent.body.messages[0]).toMatchObject({ message_status: 'accepted' });
		expect((await post(template('otp_copy_code', { recipient: BSUID }))).body.error).toMatchObject({
			code: 131062,
		});
		expect((await post(template('otp_copy_code', { to: TO }))).status).toBe(200);
	});

	test('media IDs are those an upload to the same number returned', async () => {
		stub.messaging.recordInbound(NUMBER, { phone: PHONE });
		const boundary = 'stubboundary';
		const multipart = [
			`--${boundary}\r\nContent-Disposition: form-data; name="messaging_product"\r\n\r\nwhatsapp\r\n`,
			`--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\nimage/png\r\n`,
			`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\nPNG\r\n--${boundary}--`,
		].join('');
		const upload = await fetch(`${stub.url}/v23.0/${NUMBER}/media`, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${token}`,
				'content-type': `multipart/form-data; boundary=${boundary}`,
			},
			body: multipart,
		});
		const { id } = (await upload.json()) as { id: string };
		expect(id).toMatch(/^[0-9]+$/);
		const image = (mediaId: string) => ({
			messaging_product: 'whatsapp',
			to: TO,
			type: 'image',
			image: { id: mediaId },
		});
		expect((await post(image(id))).status).toBe(200);
		expect((await post(image('4490709327384033'))).body.error).toMatchObject({
			code: 131009,
			error_data: { details: 'Invalid media ID 4490709327384033' },
		});
	});

	test('mark as read takes a received message of this number, with an optional typing indicator', async () => {
		const received = stub.messaging.recordInbound(NUMBER, { userId: ONLY_BSUID });
		const read = await post({
			messaging_product: 'whatsapp',
			status: 'read',
			message_id: received,
			typing_indicator: { type: 'text' },
		});
		expect(read.body).toEqual({ success: true });
		expect(stub.messaging.reads).toEqual([
			{ phoneNumberId: NUMBER, messageId: received, typingIndicator: true },
		]);
		expect(
			(await post({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.unknown' }))
				.body.error.code,
		).toBe(100);
		expect(
			(
				await post({
					messaging_product: 'whatsapp',
					status: 'read',
					message_id: received,
					typing_indicator: { type: 'audio' },
				})
			).body.error.code,
		).toBe(100);
	});

	test('a token without whatsapp_business_messaging cannot send', async () => {
		const managementOnly = stub.addSystemUserToken(APP.id, undefined, [
			'whatsapp_business_management',
		]);
		stub.messaging.recordInbound(NUMBER, { phone: PHONE });
		const answer = await post(text({ to: TO }), `/${NUMBER}/messages`, managementOnly);
		expect(answer.status).toBe(403);
		expect(answer.body.error).toMatchObject({ code: 10 });
	});
});
