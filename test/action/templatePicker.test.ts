// Message > Send Template's template picker (node version 1.1) and what version 1 keeps: saved
// version 1 workflows read Template Name and Template Language and reply to the trigger item by
// default, as they always did; a new node picks the template and sends to a phone number.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { searchWhatsAppBusinessAccounts } from '../../nodes/shared/methods/listSearch';
import {
	getTemplateFields,
	searchMessageTemplates,
} from '../../nodes/WhatsAppBusinessAccount/actions/message/templateChoice';
import { byId, graph, graphError, versionPath, WABA_ID } from './support/graph';
import {
	CUSTOMER_TO,
	expectSend,
	messageModeItem,
	PHONE_NUMBER_ID,
	sendAnswer,
} from './support/messages';
import { createLoadOptionsContext, runNode } from './support/runner';
import { CAROUSEL_TEMPLATE } from '../support/carouselTemplate';
import { useGraphMocks } from './support/setup';

useGraphMocks();

const TEMPLATE_ID = '594425479261597';
const TEMPLATE_FIELDS = 'id,name,language,status,category,parameter_format,components';

/** A template with an image header and two positional variables, as Graph returns it. */
const SUMMER_SALE = {
	id: TEMPLATE_ID,
	name: 'summer_sale',
	language: 'es',
	status: 'APPROVED',
	category: 'MARKETING',
	parameter_format: 'POSITIONAL',
	components: [
		{ type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1h'] } },
		{
			type: 'BODY',
			text: 'Hola {{1}}, {{2}} de descuento esta semana.',
			example: { body_text: [['Maria', '20%']] },
		},
	],
};

const ORDER_UPDATE = {
	id: '594425479261596',
	name: 'order_update',
	language: 'en_US',
	status: 'PAUSED',
	category: 'UTILITY',
	parameter_format: 'POSITIONAL',
	components: [{ type: 'BODY', text: 'Order {{1}} is on its way.' }],
};

const mapper = (value: Record<string, string>) => ({
	mappingMode: 'defineBelow',
	value,
	matchingColumns: [],
	schema: [],
	attemptToConvertTypes: false,
	convertFieldsToString: false,
});

const base = { resource: 'message', operation: 'sendTemplate', wabaId: byId(WABA_ID) };

/** Graph's answer to GET /{template-id}: the one template, whatever account it is in. */
const answersTemplateById = (template: object) =>
	graph()
		.get(versionPath(`/${(template as { id: string }).id}`))
		.query((q) => q.fields === TEMPLATE_FIELDS)
		.reply(200, template);

describe('the Template picker (version 1.1)', () => {
	it("lists the account's templates as name (language) with category and status, Graph's name filter searching, paged", async () => {
		let query: IDataObject = {};
		graph()
			.get(versionPath(`/${WABA_ID}/message_templates`))
			.query((q) => {
				query = q;
				return true;
			})
			.reply(200, {
				data: [SUMMER_SALE, ORDER_UPDATE].map(({ id, name, language, status, category }) => ({
					id,
					name,
					language,
					status,
					category,
				})),
				paging: {
					cursors: { before: 'MAZDZD', after: 'MjQZD' },
					next: `https://graph.facebook.com/v23.0/${WABA_ID}/message_templates?after=MjQZD`,
				},
			});
		const context = createLoadOptionsContext({ parameters: base, typeVersion: 1.1 });
		const found = await searchMessageTemplates.call(context, ' order ', 'MAZDZD');
		expect(query).toMatchObject({ name: 'order', after: 'MAZDZD' });
		expect(String(query.fields).split(',').sort()).toEqual(
			['category', 'id', 'language', 'name', 'status'].sort(),
		);
		expect(found).toEqual({
			results: [
				{ name: 'summer_sale (es) · Marketing · Approved', value: TEMPLATE_ID },
				{ name: 'order_update (en_US) · Utility · Paused', value: '594425479261596' },
			],
			paginationToken: 'MjQZD',
		});
	});

	it('asks for the account first, without calling Graph', async () => {
		const context = createLoadOptionsContext({
			parameters: { ...base, wabaId: byId('') },
			typeVersion: 1.1,
		});
		await expect(searchMessageTemplates.call(context)).rejects.toThrow(
			'Choose the WhatsApp Business Account first: the list shows its templates',
		);
	});

	it('shows the variables of the chosen template, and Header Media From only because it has a media header', async () => {
		answersTemplateById(SUMMER_SALE);
		const context = createLoadOptionsContext({
			parameters: { ...base, template: { __rl: true, mode: 'list', value: TEMPLATE_ID } },
			typeVersion: 1.1,
		});
		const { fields } = await getTemplateFields.call(context);
		expect(fields.map((f) => [f.id, f.displayName, f.type])).toEqual([
			['headerMediaFrom', 'Header Media From', 'options'],
			['header.media', 'Header Image', 'string'],
			['body.1', 'Body {{1}}', 'string'],
			['body.2', 'Body {{2}}', 'string'],
		]);

		answersTemplateById(ORDER_UPDATE);
		const other = createLoadOptionsContext({
			parameters: { ...base, template: { __rl: true, mode: 'id', value: ORDER_UPDATE.id } },
			typeVersion: 1.1,
		});
		expect((await getTemplateFields.call(other)).fields.map((f) => f.id)).toEqual(['body.1']);
	});

	it("shows a carousel template's body variables, then each card's media header, body variables and buttons", async () => {
		answersTemplateById(CAROUSEL_TEMPLATE);
		const context = createLoadOptionsContext({
			parameters: { ...base, template: { __rl: true, mode: 'list', value: CAROUSEL_TEMPLATE.id } },
			typeVersion: 1.1,
		});
		const { fields } = await getTemplateFields.call(context);
		const card = (n: number) => [
			[`card.${n}.header.media`, `Card ${n + 1} Header Image`, true],
			[`card.${n}.body.1`, `Card ${n + 1} Body {{1}}`, true],
			[`card.${n}.button.0.payload`, `Card ${n + 1} Button 1 (Send more like this) Payload`, false],
			[`card.${n}.button.1.url_suffix`, `Card ${n + 1} Button 2 (Buy now) URL Suffix`, true],
		];
		expect(fields.map((f) => [f.id, f.displayName, f.required])).toEqual([
			['body.1', 'Body {{1}}', true],
			['body.2', 'Body {{2}}', true],
			// where every card's file comes from (a URL, a media ID or a binary property), asked once
			['headerMediaFrom', 'Header Media From', true],
			...card(0),
			...card(1),
		]);
	});

	it('sends the template chosen from the list in its own language, to the phone number Send To starts at', async () => {
		answersTemplateById(SUMMER_SALE);
		expectSend(
			{
				recipient_type: 'individual',
				to: CUSTOMER_TO,
				type: 'template',
				template: {
					name: 'summer_sale',
					language: { code: 'es' },
					components: [
						{ type: 'header', parameters: [{ type: 'image', image: { id: '1013859600285441' } }] },
						{
							type: 'body',
							parameters: [
								{ type: 'text', text: 'Maria' },
								{ type: 'text', text: '20%' },
							],
						},
					],
				},
			},
			sendAnswer(CUSTOMER_TO),
		);
		// no Send To saved: version 1.1's default, Phone Number
		const parameters: INodeParameters = {
			...base,
			senderPhoneNumberId: byId(PHONE_NUMBER_ID),
			recipientPhoneNumber: CUSTOMER_TO,
			template: { __rl: true, mode: 'list', value: TEMPLATE_ID },
			templateParameters: mapper({
				headerMediaFrom: 'id',
				'header.media': '1013859600285441',
				'body.1': 'Maria',
				'body.2': '20%',
			}),
		};
		const { items, error } = await runNode({ parameters, typeVersion: 1.1 });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
	});

	/** Graph's answer for summer_sale: an English and a Spanish translation, each its own template. */
	const listsBothLanguages = () =>
		graph()
			.get(versionPath(`/${WABA_ID}/message_templates`))
			.query((q) => q.name === 'summer_sale')
			.reply(200, {
				data: [
					{ ...SUMMER_SALE, language: 'en_US', id: '1', components: [ORDER_UPDATE.components[0]] },
					SUMMER_SALE,
				],
			});
	const byName = (value: string) =>
		createLoadOptionsContext({
			parameters: { ...base, template: { __rl: true, mode: 'name', value } },
			typeVersion: 1.1,
		});

	it('finds a template By Name written "name (language)", as the list shows it', async () => {
		listsBothLanguages();
		const { fields } = await getTemplateFields.call(byName('summer_sale (es)'));
		expect(fields.map((f) => f.id)).toEqual([
			'headerMediaFrom',
			'header.media',
			'body.1',
			'body.2',
		]);
	});

	it('asks for the language of a name that has several, naming them', async () => {
		listsBothLanguages();
		await expect(getTemplateFields.call(byName('summer_sale'))).rejects.toThrow(
			'The template "summer_sale" has several languages (en_US, es): write "summer_sale (en_US)" or pick it From List',
		);
	});

	it('takes the name alone when the template has one language', async () => {
		graph()
			.get(versionPath(`/${WABA_ID}/message_templates`))
			.query((q) => q.name === 'order_update')
			.reply(200, { data: [ORDER_UPDATE] });
		const { fields } = await getTemplateFields.call(byName('order_update'));
		expect(fields.map((f) => f.id)).toEqual(['body.1']);
	});

	it('refuses a template ID that is not digits, from an expression, before any request', async () => {
		const { error } = await runNode({
			parameters: {
				...base,
				senderPhoneNumberId: byId(PHONE_NUMBER_ID),
				recipientPhoneNumber: CUSTOMER_TO,
				// an expression: n8n's own check of the mode's pattern does not see its value
				template: { __rl: true, mode: 'id', value: '={{ $json.template }}' },
				templateParameters: mapper({}),
			},
			items: [{ template: 'summer_sale' }],
			typeVersion: 1.1,
		});
		expect(error?.message).toBe('The template ID "summer_sale" is not digits only');
	});
});

describe('a saved version 1 Send Template', () => {
	it('reads Template Name and Template Language, and replies to the trigger item when Send To was left as it was', async () => {
		graph()
			.get(versionPath(`/${WABA_ID}/message_templates`))
			.query((q) => q.name === 'order_update')
			.reply(200, { data: [ORDER_UPDATE] });
		expectSend({
			recipient_type: 'individual',
			to: CUSTOMER_TO,
			type: 'template',
			template: {
				name: 'order_update',
				language: { code: 'en_US' },
				components: [{ type: 'body', parameters: [{ type: 'text', text: '123' }] }],
			},
		});
		// what n8n saved for it: only what differed from version 1's defaults
		const { error } = await runNode({
			parameters: {
				...base,
				templateName: 'order_update',
				templateParameters: mapper({ 'body.1': '123' }),
			},
			items: [messageModeItem()],
			typeVersion: 1,
		});
		expect(error).toBeUndefined();
	});
});

describe('a list Meta refuses, in one sentence with its fix', () => {
	it("says the token cannot list businesses when Graph answers that 'me' does not exist", async () => {
		graph()
			.get(versionPath('/me/businesses'))
			.query(true)
			.reply(
				400,
				graphError(
					100,
					"Unsupported get request. Object with ID 'me' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
					{ type: 'GraphMethodException', error_subcode: 33 },
				),
			);
		const context = createLoadOptionsContext({ parameters: base });
		await expect(searchWhatsAppBusinessAccounts.call(context)).rejects.toThrow(
			"Meta cannot list your businesses and their WhatsApp accounts with this token: use a user or system user token with the business_management permission, or choose By ID (Meta's code 100).",
		);
	});

	it.each([
		[
			190,
			'Error validating access token: Session has expired on Tuesday, 01-Dec-26 08:00:00 PST.',
			"Meta refused the access token, which has expired or was revoked: create a new one (a system user token does not expire) and update the credential (Meta's code 190).",
		],
		[
			200,
			'(#200) Requires whatsapp_business_management permission to manage the object',
			`This token may not list the templates of account ${WABA_ID}: give it the whatsapp_business_management permission and assign the account to its system user in Meta Business Settings (Meta's code 200).`,
		],
		[
			100,
			`Unsupported get request. Object with ID '${WABA_ID}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
			`Meta does not know account ${WABA_ID} or the token cannot see it: check the ID, or assign it to the token's system user in Meta Business Settings (Meta's code 100).`,
		],
	])('explains code %s in the template list', async (code, message, sentence) => {
		graph()
			.get(versionPath(`/${WABA_ID}/message_templates`))
			.query(true)
			.reply(code === 190 ? 401 : 400, graphError(code, message));
		const context = createLoadOptionsContext({ parameters: base, typeVersion: 1.1 });
		await expect(searchMessageTemplates.call(context)).rejects.toThrow(sentence);
	});
});
