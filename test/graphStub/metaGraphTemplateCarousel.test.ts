// Message > Send Template with a media card carousel template, against the Graph stand-in over
// real HTTP: the node sends the `carousel` component Meta documents (the cards in order, with
// their card_index), refuses a card's missing value before sending, and the stand-in refuses a
// send whose cards do not match the template as Meta does.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { MetaGraphStub } from '../../scripts/lib/metaGraphStub';
import { attachTemplateMessaging } from '../../scripts/lib/metaGraphTemplates';
import type { TemplateMessaging } from '../../scripts/lib/metaGraphTemplates';
import { runNode } from '../action/support/runner';
import { sendTemplateParameters } from '../action/support/sendTemplate';
import { configureGraphRetries, resetGraphRetries } from '../support/graphRetries';
import { CAROUSEL_TEMPLATE } from '../support/carouselTemplate';

const APP_ID = '1234567890123456';
const WABA_ID = '102290129340398';
const PHONE_NUMBER_ID = '106540352242922';

let graph: MetaGraphStub;
let templates: TemplateMessaging;
let token: string;

beforeAll(() => configureGraphRetries({ maxAttempts: 1 }));
afterAll(() => resetGraphRetries());
beforeEach(async () => {
	graph = await MetaGraphStub.start();
	graph.addApp({ id: APP_ID, secret: 'b'.repeat(32) });
	token = graph.addSystemUserToken(APP_ID);
	graph.addPhoneNumber(WABA_ID, { id: PHONE_NUMBER_ID, displayPhoneNumber: '+1 555-078-3881' });
	templates = attachTemplateMessaging(graph);
	templates.addTemplate(WABA_ID, CAROUSEL_TEMPLATE);
});
afterEach(async () => await graph.close());

const VALUES = {
	'body.1': '15OFF',
	'body.2': '15%',
	'card.0.header.media': 'https://www.luckyshrub.com/assets/lemons.png',
	'card.0.body.1': '={{ $json.code }}',
	'card.0.button.0.payload': 'more-lemons',
	'card.0.button.1.url_suffix': 'lemons',
	'card.1.header.media': 'https://www.luckyshrub.com/assets/limes.png',
	'card.1.body.1': 'LIME15',
	'card.1.button.1.url_suffix': 'limes',
};

const send = (
	values: Record<string, string>,
	extra: INodeParameters = {},
	binary: IDataObject = {},
) =>
	runNode({
		parameters: sendTemplateParameters(
			{ wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID },
			CAROUSEL_TEMPLATE.name,
			values,
			extra,
		),
		items: [{ phone: '16505550001', code: 'LEMON15', $binary: binary }],
		credential: {
			accessToken: token,
			appSecret: undefined,
			apiVersion: 'v23.0',
			baseUrl: graph.url,
		},
	});

describe('Message > Send Template: a media card carousel template', () => {
	it("sends the body's parameters, then the carousel's cards in order with card_index", async () => {
		const { items, error } = await send(VALUES);
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('accepted');
		expect(templates.accepted.map((s) => s.components)).toEqual([
			[
				{
					type: 'body',
					parameters: [
						{ type: 'text', text: '15OFF' },
						{ type: 'text', text: '15%' },
					],
				},
				{
					type: 'carousel',
					cards: [
						{
							card_index: 0,
							components: [
								{
									type: 'header',
									parameters: [
										{
											type: 'image',
											image: { link: 'https://www.luckyshrub.com/assets/lemons.png' },
										},
									],
								},
								{ type: 'body', parameters: [{ type: 'text', text: 'LEMON15' }] },
								{
									type: 'button',
									sub_type: 'quick_reply',
									index: '0',
									parameters: [{ type: 'payload', payload: 'more-lemons' }],
								},
								{
									type: 'button',
									sub_type: 'url',
									index: '1',
									parameters: [{ type: 'text', text: 'lemons' }],
								},
							],
						},
						{
							card_index: 1,
							components: [
								{
									type: 'header',
									parameters: [
										{
											type: 'image',
											image: { link: 'https://www.luckyshrub.com/assets/limes.png' },
										},
									],
								},
								{ type: 'body', parameters: [{ type: 'text', text: 'LIME15' }] },
								// no payload given: Meta uses the button's own
								{
									type: 'button',
									sub_type: 'url',
									index: '1',
									parameters: [{ type: 'text', text: 'limes' }],
								},
							],
						},
					],
				},
			],
		]);
	});

	it("uploads each card's binary property and sends its media ID", async () => {
		const png = (text: string) => ({
			base64: Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from(text)]).toString(
				'base64',
			),
			mimeType: 'image/png',
			fileName: `${text}.png`,
		});
		const { error } = await send(
			{ ...VALUES, 'card.0.header.media': 'lemons', 'card.1.header.media': 'limes' },
			{ headerMediaSource: 'binary' },
			{ lemons: png('lemons'), limes: png('limes') },
		);
		expect(error).toBeUndefined();
		const [, carousel] = templates.accepted[0].components as Array<{
			cards: Array<{ components: Array<{ type: string; parameters: IDataObject[] }> }>;
		}>;
		const ids = carousel.cards.map(
			(card) => (card.components[0].parameters[0].image as { id: string }).id,
		);
		// the stand-in accepts only media IDs its uploads returned: two files, two uploads
		expect(ids).toEqual([expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+$/)]);
		expect(ids[0]).not.toBe(ids[1]);
	});

	it("refuses a card's missing value before sending, naming the card and the field", async () => {
		const { error } = await send({ ...VALUES, 'card.1.header.media': '' });
		expect(error?.message).toBe(
			'The template "summer_carousel" (en_US) has no value for "card.1.header.media" (Card 2 Header Image)',
		);
		expect(error?.description).toMatch(/^Nothing was sent/);
		expect(templates.accepted).toEqual([]);
		expect(templates.refusals).toEqual([]);
	});
});

describe('Graph stand-in: carousel template sends', () => {
	const card = (index: number, bodyParameters = 1) => ({
		card_index: index,
		components: [
			{
				type: 'header',
				parameters: [{ type: 'image', image: { link: 'https://cdn.example.com/a.png' } }],
			},
			{
				type: 'body',
				parameters: Array.from({ length: bodyParameters }, () => ({ type: 'text', text: 'X' })),
			},
		],
	});
	const body = {
		type: 'body',
		parameters: [
			{ type: 'text', text: 'A' },
			{ type: 'text', text: 'B' },
		],
	};
	const post = async (components: unknown[]) =>
		await fetch(`${graph.url}/v23.0/${PHONE_NUMBER_ID}/messages`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
			body: JSON.stringify({
				messaging_product: 'whatsapp',
				to: '16505550001',
				type: 'template',
				template: { name: 'summer_carousel', language: { code: 'en_US' }, components },
			}),
		}).then(async (r) => [r.status, await r.json()]);
	const refusal = (code: number, message: string, details: string) => [
		400,
		{
			error: {
				message,
				type: 'OAuthException',
				code,
				error_data: { messaging_product: 'whatsapp', details },
				fbtrace_id: expect.any(String),
			},
		},
	];

	it('accepts as many cards as the template has, each with its parameters', async () => {
		const [status] = await post([body, { type: 'carousel', cards: [card(0), card(1)] }]);
		expect(status).toBe(200);
		expect(templates.accepted).toHaveLength(1);
	});

	it("refuses a card count other than the template's with 132000", async () => {
		expect(await post([body, { type: 'carousel', cards: [card(0), card(1), card(2)] }])).toEqual(
			refusal(
				132000,
				'(#132000) Number of parameters does not match the expected number of params',
				'carousel: number of cards (3) does not match the expected number of cards (2)',
			),
		);
		expect(templates.refusals.map((r) => r.code)).toEqual([132000]);
		expect(templates.accepted).toEqual([]);
	});

	it('refuses a missing carousel (131008), a card_index out of range (131009) and a card short of a parameter (132000)', async () => {
		expect(await post([body])).toEqual(
			refusal(
				131008,
				'(#131008) Required parameter is missing',
				'carousel: the template has 2 cards; the send has no carousel component',
			),
		);
		expect(await post([body, { type: 'carousel', cards: [card(0), card(2)] }])).toEqual(
			refusal(
				131009,
				'(#131009) Parameter value is not valid',
				"carousel: card_index 2 is not one of the template's cards (0 to 1, each once)",
			),
		);
		expect(await post([body, { type: 'carousel', cards: [card(0), card(1, 0)] }])).toEqual(
			refusal(
				132000,
				'(#132000) Number of parameters does not match the expected number of params',
				'card 1 body: number of localizable_params (0) does not match the expected number of params (1)',
			),
		);
		expect(templates.accepted).toEqual([]);
	});
});
