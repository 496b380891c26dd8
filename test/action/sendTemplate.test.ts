import type { INodeParameters } from 'n8n-workflow';

import {
	configurePacerDefaults,
	resetPacerDefaults,
} from '../../nodes/WhatsAppBusinessAccount/transport/pacer';
import { graph, graphError, versionPath, WABA_ID } from './support/graph';
import nock from '../support/nock';
import { getTemplateFields } from '../../nodes/WhatsAppBusinessAccount/actions/message/templateChoice';
import { createLoadOptionsContext, runNode } from './support/runner';
import { sendTemplateParameters } from './support/sendTemplate';
import { useGraphMocks } from './support/setup';

useGraphMocks();
beforeEach(() => configurePacerDefaults({ throughputBackoffMs: 5, pairBackoffMs: 20 }));
afterEach(() => resetPacerDefaults());

const PHONE_NUMBER_ID = '106540352242922';

/** Graph's answer to GET /{phone-number-id}?fields=throughput, which a campaign reads first (every run of these tests may). */
function numberThroughput(level: string) {
	return graph()
		.get(versionPath(`/${PHONE_NUMBER_ID}`))
		.query((q) => q.fields === 'throughput')
		.optionally()
		.reply(200, { throughput: { level }, id: PHONE_NUMBER_ID });
}
beforeEach(() => numberThroughput('STANDARD').persist());

const NAMED_TEMPLATE = {
	name: 'order_update',
	language: 'en_US',
	status: 'APPROVED',
	category: 'UTILITY',
	parameter_format: 'NAMED',
	id: '594425479261596',
	components: [
		{
			type: 'HEADER',
			format: 'TEXT',
			text: 'Order {{order_id}}',
			example: { header_text_named_params: [{ param_name: 'order_id', example: '1234' }] },
		},
		{ type: 'BODY', text: 'Hi {{first_name}}, order {{order_id}} arrives {{delivery_date}}.' },
		{
			type: 'BUTTONS',
			buttons: [
				{ type: 'QUICK_REPLY', text: 'Stop updates' },
				{
					type: 'URL',
					text: 'Track',
					url: 'https://www.example.com/track/{{1}}',
					example: ['https://www.example.com/track/1234'],
				},
				{ type: 'COPY_CODE', example: 'SAVE10' },
				{ type: 'FLOW', text: 'Rate us', flow_id: '1234567890', flow_action: 'navigate' },
				{ type: 'PHONE_NUMBER', text: 'Call', phone_number: '+15550783881' },
				{ type: 'URL', text: 'Shop', url: 'https://www.example.com/shop' },
			],
		},
	],
};

const mediaTemplate = (format: string) => ({
	name: 'summer_sale',
	language: 'en_US',
	status: 'APPROVED',
	category: 'MARKETING',
	parameter_format: 'POSITIONAL',
	id: '594425479261597',
	components: [
		{ type: 'HEADER', format, example: { header_handle: ['4::aW1h'] } },
		{
			type: 'BODY',
			text: 'Hi {{1}}, {{2}} off everything this week.',
			example: { body_text: [['Maria', '20%']] },
		},
		{ type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Not interested' }] },
	],
});

const AUTH_TEMPLATE = {
	name: 'login_code',
	language: 'en_US',
	status: 'APPROVED',
	category: 'AUTHENTICATION',
	parameter_format: 'POSITIONAL',
	id: '594425479261598',
	components: [
		{ type: 'BODY', text: '*{{1}}* is your verification code.', add_security_recommendation: true },
		{ type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }] },
	],
};

/** Graph's answer to GET /{waba-id}/message_templates?name=…: every template whose name contains it. */
function listsTemplates(name: string, ...templates: object[]) {
	return graph()
		.get(versionPath(`/${WABA_ID}/message_templates`))
		.query((q) => q.name === name && String(q.fields).includes('components'))
		.reply(200, { data: templates, paging: { cursors: { before: 'MAZDZD', after: 'MjQZD' } } });
}

let wamidSeq = 0;
/** Meta's answers to `times` sends (each its own wamid), recording the bodies they got. */
function acceptsSends(bodies: Array<Record<string, unknown>>, times = 1) {
	for (let i = 0; i < times; i++) {
		const wamid = `wamid.HBgL${++wamidSeq}`;
		let to = '';
		graph()
			.post(
				versionPath(`/${PHONE_NUMBER_ID}/messages`),
				(body: Record<string, unknown> | string) => {
					// nock asks every interceptor's body matcher, a GET's empty body included
					if (typeof body !== 'object') return false;
					bodies.push(body);
					to = String(body.to ?? body.recipient);
					return true;
				},
			)
			.query(true)
			.reply(200, () => ({
				messaging_product: 'whatsapp',
				// Meta answers `input` as sent and `wa_id` as digits
				contacts: [
					/^\+?[0-9]+$/.test(to)
						? { input: to, wa_id: to.replace('+', '') }
						: { input: to, user_id: to },
				],
				messages: [{ id: wamid, message_status: 'accepted' }],
			}));
	}
}

const sendTemplate = (name: string, values: Record<string, unknown>, extra: INodeParameters = {}) =>
	sendTemplateParameters({ wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID }, name, values, extra);

describe('Message > Send Template: the fields the editor shows', () => {
	it("loads the template and lists each variable by name, the buttons' parameters by index", async () => {
		listsTemplates('order_update', NAMED_TEMPLATE);
		const context = createLoadOptionsContext({ parameters: sendTemplate('order_update', {}) });
		const { fields } = await getTemplateFields.call(context);
		expect(fields.map((f) => [f.id, f.displayName, f.required])).toEqual([
			['header.order_id', 'Header order_id', true],
			['body.first_name', 'Body first_name', true],
			['body.order_id', 'Body order_id', true],
			['body.delivery_date', 'Body delivery_date', true],
			['button.0.payload', 'Button 1 (Stop updates) Payload', false],
			['button.1.url_suffix', 'Button 2 (Track) URL Suffix', true],
			['button.2.coupon_code', 'Button 3 Coupon Code', true],
			['button.3.flow_token', 'Button 4 (Rate us) Flow Token', false],
		]);
	});

	it('lists positional variables by number and the media header', async () => {
		listsTemplates('summer_sale', mediaTemplate('VIDEO'));
		const context = createLoadOptionsContext({ parameters: sendTemplate('summer_sale', {}) });
		const { fields } = await getTemplateFields.call(context);
		expect(fields.map((f) => f.id)).toEqual([
			'header.media',
			'body.1',
			'body.2',
			'button.0.payload',
		]);
		expect(fields[0].displayName).toBe('Header Video');
	});
});

describe('Message > Send Template: the form', () => {
	it('sends named variables by name, and each button kind with its index', async () => {
		const bodies: Array<Record<string, unknown>> = [];
		listsTemplates(
			'order_update',
			NAMED_TEMPLATE,
			{ ...NAMED_TEMPLATE, language: 'de' },
			{ ...NAMED_TEMPLATE, name: 'order_update_v2' },
		);
		acceptsSends(bodies);
		const { items, error } = await runNode({
			parameters: sendTemplate('order_update', {
				'header.order_id': '={{ $json.order }}',
				'body.first_name': '={{ $json.name }}',
				'body.order_id': '={{ $json.order }}',
				'body.delivery_date': 'Monday',
				'button.0.payload': 'STOP-{{ $json.order }}',
				'button.1.url_suffix': '={{ $json.order }}',
				'button.2.coupon_code': 'SAVE10',
				'button.3.flow_token': 'flow-token-1',
			}),
			items: [{ phone: '+1 650 555 1234', name: 'Maria', order: '98765' }],
		});
		expect(error).toBeUndefined();
		expect(bodies).toEqual([
			{
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				// typed with +: sent as E.164, so Meta adds no country code of its own
				to: '+16505551234',
				type: 'template',
				template: {
					name: 'order_update',
					language: { code: 'en_US' },
					components: [
						{
							type: 'header',
							parameters: [{ type: 'text', text: '98765', parameter_name: 'order_id' }],
						},
						{
							type: 'body',
							parameters: [
								{ type: 'text', text: 'Maria', parameter_name: 'first_name' },
								{ type: 'text', text: '98765', parameter_name: 'order_id' },
								{ type: 'text', text: 'Monday', parameter_name: 'delivery_date' },
							],
						},
						{
							type: 'button',
							sub_type: 'quick_reply',
							index: '0',
							parameters: [{ type: 'payload', payload: 'STOP-{{ $json.order }}' }],
						},
						{
							type: 'button',
							sub_type: 'url',
							index: '1',
							parameters: [{ type: 'text', text: '98765' }],
						},
						{
							type: 'button',
							sub_type: 'copy_code',
							index: '2',
							parameters: [{ type: 'coupon_code', coupon_code: 'SAVE10' }],
						},
						{
							type: 'button',
							sub_type: 'flow',
							index: '3',
							parameters: [{ type: 'action', action: { flow_token: 'flow-token-1' } }],
						},
					],
				},
			},
		]);
		expect(items.map((i) => i.json)).toEqual([
			{
				status: 'accepted',
				messageId: `wamid.HBgL${wamidSeq}`,
				messageStatus: 'accepted',
				type: 'template',
				phoneNumberId: PHONE_NUMBER_ID,
				input: '+16505551234',
				waId: '16505551234',
				userId: null,
				response: {
					messaging_product: 'whatsapp',
					contacts: [{ input: '+16505551234', wa_id: '16505551234' }],
					messages: [{ id: `wamid.HBgL${wamidSeq}`, message_status: 'accepted' }],
				},
				attempts: 1,
			},
		]);
	});

	it.each([
		['url', 'https://cdn.example.com/sale.jpg', { link: 'https://cdn.example.com/sale.jpg' }],
		['id', '1037543291543636', { id: '1037543291543636' }],
	])(
		'sends positional variables in order, and an image header from a %s',
		async (source, value, image) => {
			const bodies: Array<Record<string, unknown>> = [];
			listsTemplates('summer_sale', mediaTemplate('IMAGE'));
			acceptsSends(bodies);
			const { error } = await runNode({
				parameters: sendTemplate(
					'summer_sale',
					{ 'header.media': value, 'body.2': '20%', 'body.1': 'Maria' },
					{ headerMediaSource: source },
				),
				items: [{ phone: '16505551234' }],
			});
			expect(error).toBeUndefined();
			expect((bodies[0].template as { components: unknown }).components).toEqual([
				{ type: 'header', parameters: [{ type: 'image', image }] },
				{
					type: 'body',
					parameters: [
						{ type: 'text', text: 'Maria' },
						{ type: 'text', text: '20%' },
					],
				},
			]);
		},
	);

	it('uploads a binary property first, once for the same file, and sends its media id (document with file name)', async () => {
		const bodies: Array<Record<string, unknown>> = [];
		const uploads: string[] = [];
		listsTemplates('summer_sale', mediaTemplate('DOCUMENT'));
		graph()
			.post(versionPath(`/${PHONE_NUMBER_ID}/media`), (body: unknown) => {
				uploads.push(
					typeof body === 'string'
						? body
						: Buffer.isBuffer(body)
							? body.toString('latin1')
							: JSON.stringify(body),
				);
				return true;
			})
			.query(true)
			.reply(200, { id: '4490709327384033' });
		acceptsSends(bodies, 2);
		const file = {
			base64: Buffer.from('%PDF-1.4 invoice').toString('base64'),
			mimeType: 'application/pdf',
			fileName: 'invoice.pdf',
		};
		const { error } = await runNode({
			parameters: sendTemplate(
				'summer_sale',
				{ 'header.media': 'data', 'body.1': '={{ $json.phone }}', 'body.2': '5%' },
				{ headerMediaSource: 'binary', templateOptions: { documentFilename: 'invoice.pdf' } },
			),
			items: [
				{ phone: '16505551234', $binary: { data: file } },
				{ phone: '16505551235', $binary: { data: file } },
			],
		});
		expect(error).toBeUndefined();
		expect(uploads).toHaveLength(1);
		expect(uploads[0]).toContain('%PDF-1.4 invoice');
		expect(uploads[0]).toContain('name="messaging_product"');
		for (const body of bodies) {
			expect((body.template as { components: unknown[] }).components[0]).toEqual({
				type: 'header',
				parameters: [
					{ type: 'document', document: { id: '4490709327384033', filename: 'invoice.pdf' } },
				],
			});
		}
	});

	it('sends a location header', async () => {
		const bodies: Array<Record<string, unknown>> = [];
		listsTemplates('summer_sale', { ...mediaTemplate('LOCATION') });
		acceptsSends(bodies);
		const { error } = await runNode({
			parameters: sendTemplate('summer_sale', {
				'header.location.latitude': '37.483872',
				'header.location.longitude': '-122.148358',
				'header.location.name': 'Pablo Morales',
				'body.1': 'Maria',
				'body.2': '5%',
			}),
			items: [{ phone: '16505551234' }],
		});
		expect(error).toBeUndefined();
		expect((bodies[0].template as { components: unknown[] }).components[0]).toEqual({
			type: 'header',
			parameters: [
				{
					type: 'location',
					location: { latitude: 37.483872, longitude: -122.148358, name: 'Pablo Morales' },
				},
			],
		});
	});

	it("sends an authentication template's code in the body and its copy-code button", async () => {
		const bodies: Array<Record<string, unknown>> = [];
		listsTemplates('login_code', AUTH_TEMPLATE);
		acceptsSends(bodies);
		const { error } = await runNode({
			parameters: sendTemplate('login_code', { 'body.1': '123456', 'button.0.otp': '123456' }),
			items: [{ phone: '16505551234' }],
		});
		expect(error).toBeUndefined();
		expect((bodies[0].template as { components: unknown }).components).toEqual([
			{ type: 'body', parameters: [{ type: 'text', text: '123456' }] },
			{
				type: 'button',
				sub_type: 'url',
				index: '0',
				parameters: [{ type: 'text', text: '123456' }],
			},
		]);
	});

	it('sends to a BSUID as `recipient`', async () => {
		const bodies: Array<Record<string, unknown>> = [];
		listsTemplates('summer_sale', mediaTemplate('IMAGE'));
		acceptsSends(bodies);
		const { items, error } = await runNode({
			parameters: sendTemplate(
				'summer_sale',
				{ 'header.media': '1037543291543636', 'body.1': 'Maria', 'body.2': '5%' },
				{ headerMediaSource: 'id', recipientMode: 'userId', recipientUserId: '={{ $json.phone }}' },
			),
			items: [{ phone: 'US.13491208655302741918' }],
		});
		expect(error).toBeUndefined();
		expect(bodies[0]).toMatchObject({ recipient: 'US.13491208655302741918' });
		expect(bodies[0].to).toBeUndefined();
		expect(items[0].json).toMatchObject({ status: 'accepted', userId: 'US.13491208655302741918' });
	});
});

describe('Message > Send Template: refusals before anything is sent', () => {
	it('refuses a missing variable, naming it', async () => {
		listsTemplates('order_update', NAMED_TEMPLATE);
		const { error } = await runNode({
			parameters: sendTemplate('order_update', {
				'header.order_id': '1',
				'body.first_name': 'Maria',
				'body.delivery_date': 'Monday',
				'button.1.url_suffix': '1',
				'button.2.coupon_code': 'X',
			}),
			items: [{ phone: '16505551234' }],
		});
		expect(error?.message).toBe(
			'The template "order_update" (en_US) has no value for "body.order_id"',
		);
		expect(error?.description).toMatch(/^Nothing was sent/);
	});

	it('refuses a variable the template does not have, naming it', async () => {
		listsTemplates('summer_sale', mediaTemplate('IMAGE'));
		const { error } = await runNode({
			parameters: sendTemplate('summer_sale', {
				'header.media': 'https://cdn.example.com/a.jpg',
				'body.1': 'Maria',
				'body.2': '5%',
				'body.3': 'extra',
			}),
			items: [{ phone: '16505551234' }],
		});
		expect(error?.message).toContain(
			'was given "body.3", which the template "summer_sale" (en_US) does not have',
		);
	});

	it('refuses a media header whose value does not fit its source', async () => {
		listsTemplates('summer_sale', mediaTemplate('IMAGE'));
		const { error } = await runNode({
			parameters: sendTemplate('summer_sale', {
				'header.media': 'cdn.example.com/a.jpg',
				'body.1': 'Maria',
				'body.2': '5%',
			}),
			items: [{ phone: '16505551234' }],
		});
		expect(error?.message).toBe(
			'"header.media" must be an http or https URL, got "cdn.example.com/a.jpg"',
		);
	});

	// one check for a media value (actions/message/common.ts mediaReference) in Send Media, an interactive header and here
	it.each([
		[
			'url',
			'https://cdn example.com/a.jpg',
			'"header.media" must be an http or https URL, got "https://cdn example.com/a.jpg"',
		],
		['id', 'media-1037', '"header.media" must be digits only, got "media-1037"'],
		[
			'url',
			`cdn.example.com/${'a'.repeat(100)}`,
			`"header.media" must be an http or https URL, got "cdn.example.com/${'a'.repeat(64)}…"`,
		],
	])('refuses a media header from a %s that is not one: %s', async (source, value, message) => {
		listsTemplates('summer_sale', mediaTemplate('IMAGE'));
		const { error } = await runNode({
			parameters: sendTemplate(
				'summer_sale',
				{ 'header.media': value, 'body.1': 'Maria', 'body.2': '5%' },
				{ headerMediaSource: source },
			),
			items: [{ phone: '16505551234' }],
		});
		expect(error?.message).toBe(message);
	});

	it('refuses an authentication template to a BSUID', async () => {
		listsTemplates('login_code', AUTH_TEMPLATE);
		const { error } = await runNode({
			parameters: sendTemplate(
				'login_code',
				{ 'body.1': '123456', 'button.0.otp': '123456' },
				{ recipientMode: 'parentUserId', recipientParentUserId: '={{ $json.phone }}' },
			),
			items: [{ phone: 'US.ENT.11815799212886844830' }],
		});
		expect(error?.message).toBe(
			'The authentication template "login_code" can only be sent to a phone number, not to the BSUID "US.ENT.11815799212886844830"',
		);
	});

	it('refuses a template missing in that language, naming the languages it has', async () => {
		listsTemplates(
			'order_update',
			{ ...NAMED_TEMPLATE, language: 'de' },
			{ ...NAMED_TEMPLATE, language: 'fr' },
		);
		const { error } = await runNode({
			parameters: sendTemplate('order_update', {}),
			items: [{ phone: '16505551234' }],
		});
		expect(error?.message).toBe(
			`The template "order_update" has no en_US translation in account ${WABA_ID} (it has: de, fr)`,
		);
	});

	it('refuses a recipient that is neither a phone number nor a BSUID', async () => {
		listsTemplates('login_code', AUTH_TEMPLATE);
		const { error } = await runNode({
			parameters: sendTemplate('login_code', { 'body.1': '1', 'button.0.otp': '1' }),
			items: [{ phone: 'maria@example.com' }],
		});
		expect(error?.message).toBe(
			'Phone Number must be a phone number such as +16505551234 (+, country code, number), got "maria@example.com"',
		);
	});
});

describe('Message > Send Template: pace and outcomes', () => {
	const throughput = graphError(130429, '(#130429) Rate limit hit', {
		error_data: {
			messaging_product: 'whatsapp',
			details: 'Cloud API message throughput has been reached.',
		},
	});
	const pair = graphError(
		131056,
		'(#131056) (Business Account, Consumer Account) pair rate limit hit',
		{
			error_data: {
				messaging_product: 'whatsapp',
				details:
					'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
			},
		},
	);
	const notInLanguage = graphError(
		132001,
		'(#132001) Template name does not exist in the translation',
		{
			error_data: {
				messaging_product: 'whatsapp',
				details: 'template name (login_code) does not exist in en_US',
			},
		},
	);

	it("retries after 130429 and 131056 and returns every item's outcome in input order, each sent once", async () => {
		const bodies: Array<Record<string, unknown>> = [];
		listsTemplates('login_code', AUTH_TEMPLATE);
		const messages = versionPath(`/${PHONE_NUMBER_ID}/messages`);
		graph().post(messages).query(true).reply(400, throughput);
		graph().post(messages).query(true).reply(400, pair);
		acceptsSends(bodies, 4);
		const { items, error } = await runNode({
			parameters: sendTemplate(
				'login_code',
				{ 'body.1': '={{ $json.code }}', 'button.0.otp': '={{ $json.code }}' },
				{ templateOptions: { concurrency: 1 } },
			),
			items: [
				{ phone: '16505550001', code: '1' },
				{ phone: '16505550002', code: '2' },
				{ phone: '16505550003', code: '3' },
			],
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.status)).toEqual(['accepted', 'accepted', 'accepted']);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		// five requests in all, four accepted: item 0 was turned away twice (130429, then 131056)
		const accepted = bodies.map(
			(b) =>
				(b.template as { components: Array<{ parameters: Array<{ text: string }> }> }).components[0]
					.parameters[0].text,
		);
		expect(accepted.sort()).toEqual(['1', '2', '3']);
		expect(items[0].json.attempts).toBe(3);
		expect(nock.pendingMocks()).toEqual([expect.stringContaining('/messages')]);
		nock.cleanAll();
	});

	it("with Continue On Fail, returns Meta's code and its explanation for an item it did not accept", async () => {
		const bodies: Array<Record<string, unknown>> = [];
		listsTemplates('login_code', AUTH_TEMPLATE);
		graph()
			.post(versionPath(`/${PHONE_NUMBER_ID}/messages`))
			.query(true)
			.reply(400, notInLanguage);
		acceptsSends(bodies);
		const { items, error } = await runNode({
			parameters: sendTemplate(
				'login_code',
				{ 'body.1': '1', 'button.0.otp': '1' },
				{ templateOptions: { concurrency: 1 } },
			),
			items: [{ phone: '16505550001' }, { phone: '16505550002' }],
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			status: 'failed',
			code: 132001,
			details: 'template name (login_code) does not exist in en_US',
			explanation:
				'No approved template has this name in this language on the WhatsApp Business Account.',
			fbtrace_id: 'AbCdEfGhIjKlMnOp',
			attempts: 1,
		});
		expect(items[1].json).toMatchObject({ status: 'accepted', attempts: 1 });
	});

	it("without Continue On Fail, fails with Meta's error once the others are done", async () => {
		const bodies: Array<Record<string, unknown>> = [];
		listsTemplates('login_code', AUTH_TEMPLATE);
		acceptsSends(bodies);
		graph()
			.post(versionPath(`/${PHONE_NUMBER_ID}/messages`))
			.query(true)
			.reply(400, notInLanguage);
		const { error } = await runNode({
			parameters: sendTemplate(
				'login_code',
				{ 'body.1': '1', 'button.0.otp': '1' },
				{ templateOptions: { concurrency: 1 } },
			),
			items: [{ phone: '16505550001' }, { phone: '16505550002' }],
		});
		expect(bodies).toHaveLength(1);
		expect(error?.message).toContain('Template name does not exist in the translation');
		expect(error?.context).toMatchObject({ graphErrorCode: 132001, itemIndex: 1 });
	});

	it("leaves Meta's answer out of the items when Include Meta's Answer is off", async () => {
		const bodies: Array<Record<string, unknown>> = [];
		listsTemplates('summer_sale', mediaTemplate('IMAGE'));
		acceptsSends(bodies, 2);
		const { items, error } = await runNode({
			parameters: sendTemplate(
				'summer_sale',
				{ 'header.media': 'https://cdn.example.com/sale.jpg', 'body.1': 'Maria', 'body.2': '5%' },
				{ templateOptions: { includeResponse: false } },
			),
			items: [{ phone: '16505551234' }, { phone: '16505551235' }],
		});
		expect(error).toBeUndefined();
		expect(bodies).toHaveLength(2);
		expect(items.map((i) => i.json)).toEqual([
			expect.objectContaining({ status: 'accepted', input: '16505551234', waId: '16505551234' }),
			expect.objectContaining({ status: 'accepted', input: '16505551235', waId: '16505551235' }),
		]);
		for (const item of items) {
			expect(item.json).not.toHaveProperty('response');
			expect(item.json.messageId).toMatch(/^wamid\./);
		}
	});
});
