// Message > Send Template against the Graph stand-in over real HTTP: the stand-in enforces the
// template's existence, language and parameter counts, the number's throughput and the pair
// rate as Meta does, and the node's pacer honours them.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import {
	configurePacerDefaults,
	resetPacerDefaults,
} from '../../nodes/WhatsAppBusinessAccount/transport/pacer';
import { configureGraphRetries, resetGraphRetries } from '../support/graphRetries';
import { MetaGraphStub } from '../../scripts/lib/metaGraphStub';
import { attachTemplateMessaging } from '../../scripts/lib/metaGraphTemplates';
import type {
	TemplateMessaging,
	TemplateMessagingOptions,
} from '../../scripts/lib/metaGraphTemplates';
import { runNode } from '../action/support/runner';
import { sendTemplateParameters } from '../action/support/sendTemplate';

const APP_ID = '1234567890123456';
const WABA_ID = '102290129340398';
const PHONE_NUMBER_ID = '106540352242922';

let graph: MetaGraphStub;
let templates: TemplateMessaging;
let token: string;

async function start(options: TemplateMessagingOptions) {
	graph = await MetaGraphStub.start();
	graph.addApp({ id: APP_ID, secret: 'b'.repeat(32) });
	token = graph.addSystemUserToken(APP_ID);
	graph.addPhoneNumber(WABA_ID, { id: PHONE_NUMBER_ID, displayPhoneNumber: '+1 555-078-3881' });
	templates = attachTemplateMessaging(graph, options);
	templates.addTemplate(WABA_ID, {
		name: 'spring_sale',
		language: 'en_US',
		components: [
			{ type: 'HEADER', format: 'IMAGE' },
			{ type: 'BODY', text: 'Hi {{1}}, {{2}} off this week.' },
		],
	});
	templates.addTemplate(WABA_ID, {
		name: 'login_code',
		category: 'AUTHENTICATION',
		components: [
			{ type: 'BODY', text: '{{1}} is your verification code.' },
			{ type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }] },
		],
	});
}

beforeAll(() => configureGraphRetries({ maxAttempts: 1 }));
afterAll(() => resetGraphRetries());
beforeEach(() => configurePacerDefaults({ throughputBackoffMs: 50, pairBackoffMs: 200 }));
afterEach(async () => {
	resetPacerDefaults();
	await graph.close();
});

function campaign(
	rows: IDataObject[],
	values: Record<string, string>,
	options: INodeParameters = {},
	name = 'spring_sale',
) {
	return runNode({
		parameters: sendTemplateParameters(
			{ wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID },
			name,
			values,
			{
				templateLanguage: '={{ $json.language ?? "en_US" }}',
				templateOptions: options,
			},
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

const SALE = {
	'header.media': 'https://cdn.example.com/spring.jpg',
	'body.1': '={{ $json.name }}',
	'body.2': '20%',
};
const rows = (n: number) =>
	Array.from({ length: n }, (_, i) => ({
		phone: `1650555${String(i).padStart(4, '0')}`,
		name: `Customer ${i}`,
	}));

describe('Graph stand-in: template sends', () => {
	it("accepts a campaign over the number's limit by backing off on 130429, each row once, outcomes in order", async () => {
		// a limit (8 a second, 8 at once) that the pace of 100/s meets with 130429 however slow
		// the machine is: the 12 rows go out within a few tenths of a second, the limit refills
		// the other 4 in half a second; the back-off (0.4 s doubling, five tries: 6 s) outlasts that
		configurePacerDefaults({ throughputBackoffMs: 400, pairBackoffMs: 200 });
		await start({ messagesPerSecond: 8, latencyMs: 5 });
		const { items, error } = await campaign(rows(12), SALE, { messagesPerSecond: 100 });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.status)).toEqual(new Array(12).fill('accepted'));
		expect(templates.refusals.filter((r) => r.code === 130429).length).toBeGreaterThan(0);
		expect(templates.accepted).toHaveLength(12);
		const perRecipient = templates.countBy((s) => s.recipient);
		expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
		// the wamid of each outcome is the one Meta gave that row's recipient
		const byRecipient = new Map(templates.accepted.map((s) => [s.recipient, s.wamid]));
		items.forEach((item, i) =>
			expect(item.json.messageId).toBe(byRecipient.get(rows(12)[i].phone)),
		);
	});

	it('retries a recipient after 131056 (pair rate) while the others go on', async () => {
		await start({ pairBurst: 1, pairIntervalMs: 150 });
		const { items } = await campaign(
			[
				{ phone: '16505550001', name: 'A' },
				{ phone: '16505550001', name: 'A again' },
				{ phone: '16505550002', name: 'B' },
			],
			SALE,
		);
		expect(items.map((i) => i.json.status)).toEqual(['accepted', 'accepted', 'accepted']);
		expect(items[1].json.attempts).toBeGreaterThan(1);
		expect(templates.refusals.map((r) => r.code)).toEqual(expect.arrayContaining([131056]));
		expect(templates.accepted.map((s) => s.recipient)).toEqual([
			'16505550001',
			'16505550002',
			'16505550001',
		]);
	});

	it('reads the template on each execution: a missing translation and a changed template are refused before sending', async () => {
		await start({});
		templates.addTemplate(WABA_ID, {
			name: 'spring_sale',
			language: 'de',
			components: [{ type: 'BODY', text: 'Hallo {{1}}' }],
		});
		// the node checks counts itself; a template changed after the node loaded it still meets Meta's check
		const { items } = await campaign([{ phone: '16505550001', name: 'A', language: 'fr' }], SALE);
		expect(items[0].json).toMatchObject({
			status: 'failed',
			error: expect.stringContaining('has no fr translation'),
		});
		const stale = templates.templates.get(WABA_ID)!.find((t) => t.language === 'de')!;
		const { items: sent } = await campaign([{ phone: '16505550001', name: 'A', language: 'de' }], {
			'body.1': 'A',
		});
		expect(sent[0].json.status).toBe('accepted');
		stale.components = [{ type: 'BODY', text: 'Hallo {{1}}, {{2}}' }];
		// the node reads the template again on each execution, so it refuses before sending
		const { items: refused } = await campaign(
			[{ phone: '16505550001', name: 'A', language: 'de' }],
			{ 'body.1': 'A' },
		);
		expect(refused[0].json.error).toContain('has no value for "body.2"');
		expect(templates.refusals).toEqual([]);
	});

	it("refuses a wrong parameter count with 132000 and an unknown language with 132001 (Meta's bodies)", async () => {
		await start({});
		const send = async (template: object) =>
			await fetch(`${graph.url}/v23.0/${PHONE_NUMBER_ID}/messages`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
				body: JSON.stringify({
					messaging_product: 'whatsapp',
					to: '16505550001',
					type: 'template',
					template,
				}),
			}).then(async (r) => [r.status, await r.json()]);
		expect(await send({ name: 'spring_sale', language: { code: 'fr' } })).toEqual([
			400,
			{
				error: {
					message: '(#132001) Template name does not exist in the translation',
					type: 'OAuthException',
					code: 132001,
					error_data: {
						messaging_product: 'whatsapp',
						details: 'template name (spring_sale) does not exist in fr',
					},
					fbtrace_id: expect.any(String),
				},
			},
		]);
		const [status, body] = await send({
			name: 'spring_sale',
			language: { code: 'en_US' },
			components: [{ type: 'body', parameters: [{ type: 'text', text: 'A' }] }],
		});
		expect(status).toBe(400);
		expect(body).toMatchObject({
			error: {
				code: 132000,
				error_data: {
					details:
						'header: number of localizable_params (0) does not match the expected number of params (1)',
				},
			},
		});
	});

	it('keeps authentication templates to phone numbers (131062 from the Messages API, and the node refuses first)', async () => {
		await start({});
		const { items } = await runNode({
			parameters: sendTemplateParameters(
				{ wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID },
				'login_code',
				{ 'body.1': '123456', 'button.0.otp': '123456' },
				{
					recipientMode: 'userId',
					recipientUserId: 'US.13491208655302741918',
				},
			),
			credential: {
				accessToken: token,
				appSecret: undefined,
				apiVersion: 'v23.0',
				baseUrl: graph.url,
			},
			continueOnFail: true,
		});
		expect(items[0].json.error).toContain('can only be sent to a phone number');
		expect(templates.accepted).toEqual([]);
	});
});
