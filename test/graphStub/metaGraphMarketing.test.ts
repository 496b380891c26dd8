// Meta's Marketing Messages API in the Graph stand-in (scripts/lib/metaGraphMarketing.ts), over
// real HTTP: what it takes, answers and refuses; and Send Template's Send Through option
// against it: the request, the fallbacks Meta documents, and the output.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import {
	configurePacerDefaults,
	resetPacerDefaults,
} from '../../nodes/WhatsAppBusinessAccount/transport/pacer';
import { configureGraphRetries, resetGraphRetries } from '../support/graphRetries';
import { MetaGraphStub } from '../../scripts/lib/metaGraphStub';
import { attachTemplateMessaging } from '../../scripts/lib/metaGraphTemplates';
import type { TemplateMessaging } from '../../scripts/lib/metaGraphTemplates';
import { attachMarketingMessages } from '../../scripts/lib/metaGraphMarketing';
import type { MarketingMessages } from '../../scripts/lib/metaGraphMarketing';
import { runNode } from '../action/support/runner';
import { sendTemplateParameters } from '../action/support/sendTemplate';
import { call } from './call';

const APP_ID = '1234567890123456';
const WABA_ID = '102290129340398';
const PHONE_NUMBER_ID = '106540352242922';

let graph: MetaGraphStub;
let templates: TemplateMessaging;
let marketing: MarketingMessages;
let token: string;

beforeAll(() => configureGraphRetries({ maxAttempts: 1 }));
afterAll(() => resetGraphRetries());
beforeEach(async () => {
	configurePacerDefaults({ throughputBackoffMs: 50, pairBackoffMs: 200 });
	graph = await MetaGraphStub.start();
	graph.addApp({ id: APP_ID, secret: 'b'.repeat(32) });
	token = graph.addSystemUserToken(APP_ID);
	graph.addPhoneNumber(WABA_ID, { id: PHONE_NUMBER_ID, displayPhoneNumber: '+1 555-078-3881' });
	templates = attachTemplateMessaging(graph);
	marketing = attachMarketingMessages(graph, templates);
	templates.addTemplate(WABA_ID, {
		name: 'spring_sale',
		components: [{ type: 'BODY', text: 'Hi {{1}}, 20% off this week.' }],
	});
	templates.addTemplate(WABA_ID, {
		name: 'order_update',
		category: 'UTILITY',
		components: [{ type: 'BODY', text: 'Order {{1}} is on its way.' }],
	});
});
afterEach(async () => {
	resetPacerDefaults();
	await graph.close();
});

const templateBody = (name: string, extra: IDataObject = {}) => ({
	messaging_product: 'whatsapp',
	recipient_type: 'individual',
	to: '16505550001',
	type: 'template',
	template: {
		name,
		language: { code: 'en_US' },
		components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }],
	},
	...extra,
});

const send = async (json: unknown) =>
	await call(graph, 'POST', `/${PHONE_NUMBER_ID}/marketing_messages`, { token, json });

describe('Graph stand-in: Marketing Messages API', () => {
	it('accepts a marketing template with product_policy and message_activity_sharing, answering as /messages does', async () => {
		const answer = await send(
			templateBody('spring_sale', { product_policy: 'STRICT', message_activity_sharing: true }),
		);
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({
			messaging_product: 'whatsapp',
			contacts: [{ input: '16505550001', wa_id: '16505550001' }],
			messages: [{ id: expect.stringMatching(/^wamid\./), message_status: 'accepted' }],
		});
		expect(marketing.sends).toEqual([
			{
				wamid: answer.body.messages[0].id,
				phoneNumberId: PHONE_NUMBER_ID,
				template: 'spring_sale',
				through: 'marketing_messages',
				productPolicy: 'STRICT',
				activitySharing: true,
			},
		]);
		expect(templates.accepted).toHaveLength(1);
	});

	it.each([
		[
			'a message that is not a template',
			{ messaging_product: 'whatsapp', to: '16505550001', type: 'text', text: { body: 'Hi' } },
			100,
			'Message must be a template message.',
		],
		[
			'an unknown product_policy',
			templateBody('spring_sale', { product_policy: 'LOOSE' }),
			100,
			'',
		],
		[
			'message_activity_sharing as text',
			templateBody('spring_sale', { message_activity_sharing: 'yes' }),
			100,
			'',
		],
		['a utility template', templateBody('order_update'), 134100, ''],
	])('refuses %s', async (_, body, code, details) => {
		const answer = await send(body);
		expect(answer.status).toBe(400);
		expect(answer.body.error).toMatchObject({
			code,
			type: 'OAuthException',
			message: expect.stringMatching(new RegExp(`^\\(#${code}\\) `)),
			error_data: { messaging_product: 'whatsapp', details: expect.any(String) },
			fbtrace_id: expect.any(String),
		});
		if (details) expect(answer.body.error.error_data.details).toBe(details);
		expect(templates.accepted).toHaveLength(0);
		expect(marketing.refusals).toEqual([code]);
	});

	it('refuses a template not yet synced with its ad account (134101)', async () => {
		marketing.unsynced.add('spring_sale');
		const answer = await send(templateBody('spring_sale'));
		expect([answer.status, answer.body.error.code]).toEqual([400, 134101]);
	});

	it('without onboarding: STRICT is refused (134102), CLOUD_API_FALLBACK goes through the Cloud API', async () => {
		marketing.notOnboarded.add(WABA_ID);
		const strict = await send(templateBody('spring_sale', { product_policy: 'STRICT' }));
		expect([strict.status, strict.body.error.code]).toEqual([400, 134102]);
		const fallback = await send(templateBody('spring_sale'));
		expect(fallback.status).toBe(200);
		expect(marketing.sends.map((s) => [s.through, s.productPolicy])).toEqual([
			['cloud_api_fallback', 'CLOUD_API_FALLBACK'],
		]);
	});
});

function campaign(name: string, options: INodeParameters, rows = [{ phone: '16505550001' }]) {
	return runNode({
		parameters: sendTemplateParameters(
			{ wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID },
			name,
			{ 'body.1': 'Ana' },
			{ templateOptions: options },
		),
		items: rows,
		credential: {
			accessToken: token,
			appSecret: undefined,
			apiVersion: 'v23.0',
			baseUrl: graph.url,
		},
		continueOnFail: true,
	});
}

const sends = () =>
	graph.requests
		.filter((r) => r.method === 'POST' && /\/(messages|marketing_messages)$/.test(r.path))
		.map((r) => r.path.split('/').pop());

describe('Send Template through the Marketing Messages API', () => {
	it('sends a marketing template to /marketing_messages with the options chosen', async () => {
		const { items, error } = await campaign('spring_sale', {
			sendThrough: 'marketingMessages',
			messageActivitySharing: 'doNotShare',
		});
		expect(error).toBeUndefined();
		expect(sends()).toEqual(['marketing_messages']);
		const request = graph.requests.find((r) => r.path.endsWith('/marketing_messages'))!;
		expect(request.json).toMatchObject({
			messaging_product: 'whatsapp',
			to: '16505550001',
			type: 'template',
			template: { name: 'spring_sale', language: { code: 'en_US' } },
			product_policy: 'CLOUD_API_FALLBACK',
			message_activity_sharing: false,
		});
		expect(items[0].json).toMatchObject({
			status: 'accepted',
			messageId: marketing.sends[0].wamid,
			sentThrough: 'marketingMessages',
		});
		expect(items[0].json).not.toHaveProperty('fallbackCode');
	});

	it("leaves Meta's defaults alone and keeps /messages when Send Through is not set", async () => {
		const { items } = await campaign('spring_sale', {});
		expect(sends()).toEqual(['messages']);
		expect(items[0].json).not.toHaveProperty('sentThrough');
		const first = await campaign('spring_sale', { sendThrough: 'marketingMessages' });
		expect(first.items[0].json.status).toBe('accepted');
		const request = graph.requests.find((r) => r.path.endsWith('/marketing_messages'))!;
		expect(request.json).not.toHaveProperty('message_activity_sharing');
	});

	it('sends a utility template through the Cloud API, which is the only API that takes it', async () => {
		const { items } = await campaign('order_update', { sendThrough: 'marketingMessages' });
		expect(sends()).toEqual(['messages']);
		expect(items[0].json).toMatchObject({ status: 'accepted', sentThrough: 'cloudApi' });
		expect(marketing.refusals).toEqual([]);
	});

	it("falls back to /messages on 134101 and says so; with Fail the Row the row fails with Meta's code", async () => {
		marketing.unsynced.add('spring_sale');
		const fallback = await campaign('spring_sale', { sendThrough: 'marketingMessages' });
		expect(sends()).toEqual(['marketing_messages', 'messages']);
		expect(fallback.items[0].json).toMatchObject({
			status: 'accepted',
			sentThrough: 'cloudApi',
			fallbackCode: 134101,
		});
		expect(templates.accepted).toHaveLength(1);

		const strict = await campaign('spring_sale', {
			sendThrough: 'marketingMessages',
			marketingFallback: 'fail',
		});
		expect(strict.items[0].json).toMatchObject({ status: 'failed', code: 134101 });
		expect(templates.accepted).toHaveLength(1);
	});

	it('without onboarding: Meta falls back by itself, or STRICT fails the row with 134102', async () => {
		marketing.notOnboarded.add(WABA_ID);
		const meta = await campaign('spring_sale', { sendThrough: 'marketingMessages' });
		expect(meta.items[0].json).toMatchObject({
			status: 'accepted',
			sentThrough: 'marketingMessages',
		});
		expect(marketing.sends.map((s) => s.through)).toEqual(['cloud_api_fallback']);
		const strict = await campaign('spring_sale', {
			sendThrough: 'marketingMessages',
			marketingFallback: 'fail',
		});
		expect(strict.items[0].json).toMatchObject({ status: 'failed', code: 134102 });
		expect(sends()).toEqual(['marketing_messages', 'marketing_messages']);
	});
});
