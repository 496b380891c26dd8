// The Graph schemas of issue 13's answers hold Meta's documented examples, and the compiled
// template-components validator accepts Meta's documented templates and refuses broken ones.
import * as fs from 'fs';

import Ajv from 'ajv';

import { fromRoot } from '../../scripts/lib/repoRoot';
import { walkFiles } from '../../scripts/lib/walk';
import { validateTemplateComponents } from '../../nodes/shared/generated/validators';
import { businessProfile } from './support/graph';

const SCHEMAS = fromRoot('schemas');
const BASE = 'https://n8n-nodes-whatsapp-business-account.github.io/schemas/';

function loadAll(dir: string): object[] {
	return walkFiles(dir, (name) => name.endsWith('.schema.json')).map(
		(file) => JSON.parse(fs.readFileSync(file, 'utf8')) as object,
	);
}

const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true, discriminator: true });
ajv.addVocabulary(['x-event', 'x-event-label', 'x-documented']);
for (const schema of loadAll(SCHEMAS)) ajv.addSchema(schema);
const validate = (ref: string, data: unknown) => {
	const check = ajv.getSchema(BASE + ref);
	if (!check) throw new Error(`no schema ${ref}`);
	const ok = check(data);
	return ok ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
};

describe('Graph answers of the new operations match their schemas', () => {
	it.each([
		[
			'graph/message-template-created.schema.json',
			{ id: '572279198452421', status: 'PENDING', category: 'MARKETING' },
		],
		[
			'graph/media.schema.json',
			{
				messaging_product: 'whatsapp',
				url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1037543291543636&ext=1691441564&hash=ATuMx4',
				mime_type: 'image/jpeg',
				sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
				file_size: 303833,
				id: '1037543291543636',
			},
		],
		['graph/media.schema.json#/definitions/uploaded', { id: '4490709327384033' }],
		['graph/business-profile.schema.json', businessProfile],
		[
			'graph/analytics.schema.json',
			{
				pricing_analytics: {
					data: [
						{
							data_points: [
								{
									start: 1750636800,
									end: 1750723200,
									country: 'US',
									pricing_type: 'REGULAR',
									pricing_category: 'MARKETING',
									volume: 2,
									cost: 0.05,
								},
							],
						},
					],
				},
				id: '102290129340398',
			},
		],
		[
			'graph/analytics.schema.json#/definitions/templateAnalytics',
			{
				data: [
					{
						granularity: 'DAILY',
						product_type: 'cloud_api',
						data_points: [
							{
								template_id: '1924084211297547',
								start: 1689379200,
								end: 1689465600,
								sent: 0,
								delivered: 0,
								read: 0,
								clicked: [{ type: 'quick_reply_button', button_content: 'Tell me more', count: 3 }],
								cost: [
									{ type: 'amount_spent', value: 0.0 },
									{ type: 'cost_per_delivered' },
									{ type: 'cost_per_url_button_click' },
								],
							},
						],
					},
				],
				paging: { cursors: { before: 'MAZDZD', after: 'MjQZD' } },
			},
		],
		[
			'graph/activity.schema.json',
			{
				id: '1234567890123456',
				event_type: 'PHONE_NUMBER_ADDED',
				category: 'PHONE_NUMBER',
				timestamp: 1697377800,
				actor_id: '9876543210987654',
				actor_business_id: '5678901234567890',
			},
		],
	])('%s', (ref, answer) => {
		expect(validate(ref, answer)).toEqual([]);
	});

	it('a wrong type is caught', () => {
		expect(
			validate('graph/analytics.schema.json#/definitions/templateAnalytics', {
				data: [{ data_points: [{ template_id: 1, start: 'x', end: 2 }] }],
			}),
		).not.toEqual([]);
	});
});

describe('template components validator', () => {
	it.each([
		[
			'a marketing template with an image header, body with examples, footer and buttons',
			[
				{
					type: 'HEADER',
					format: 'IMAGE',
					example: { header_handle: ['4::aW1hZ2UvanBlZw==:ARb'] },
				},
				{
					type: 'BODY',
					text: 'Shop now through {{1}} and use code {{2}} to get {{3}} off.',
					example: { body_text: [['the end of August', '25OFF', '25%']] },
				},
				{ type: 'FOOTER', text: 'Use the buttons below to manage your marketing subscriptions' },
				{
					type: 'BUTTONS',
					buttons: [
						{ type: 'QUICK_REPLY', text: 'Unsubscribe from Promos' },
						{
							type: 'URL',
							text: 'Shop',
							url: 'https://www.luckyshrub.com/shop?promo={{1}}',
							example: ['summer2023'],
						},
					],
				},
			],
		],
		[
			'an authentication template with a copy-code OTP button',
			[
				{ type: 'BODY', add_security_recommendation: true },
				{ type: 'FOOTER', code_expiration_minutes: 10 },
				{ type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy Code' }] },
			],
		],
		[
			'named parameters',
			[
				{
					type: 'BODY',
					text: 'Thank you, {{first_name}}!',
					example: { body_text_named_params: [{ param_name: 'first_name', example: 'Pablo' }] },
				},
			],
		],
		[
			'a carousel',
			[
				{ type: 'BODY', text: 'Rare succulents for sale!' },
				{
					type: 'CAROUSEL',
					cards: [
						{
							components: [
								{ type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::an'] } },
								{ type: 'BODY', text: 'Offer {{1}}', example: { body_text: [['15OFF']] } },
								{
									type: 'BUTTONS',
									buttons: [{ type: 'QUICK_REPLY', text: 'Send more like this' }],
								},
							],
						},
					],
				},
			],
		],
	])('accepts %s', (_name, components) => {
		const ok = validateTemplateComponents(components);
		expect(validateTemplateComponents.errors ?? []).toEqual([]);
		expect(ok).toBe(true);
	});

	it.each([
		['an empty list', []],
		['a header of an unknown format', [{ type: 'HEADER', format: 'AUDIO' }]],
		[
			'a named parameter with capitals',
			[
				{
					type: 'BODY',
					text: 'Hi {{Name}}',
					example: { body_text_named_params: [{ param_name: 'Name', example: 'A' }] },
				},
			],
		],
		[
			'a phone button without a number',
			[{ type: 'BUTTONS', buttons: [{ type: 'PHONE_NUMBER', text: 'Call' }] }],
		],
		[
			'eleven buttons',
			[
				{
					type: 'BUTTONS',
					buttons: Array.from({ length: 11 }, () => ({ type: 'QUICK_REPLY', text: 'x' })),
				},
			],
		],
		['a footer with a line break', [{ type: 'FOOTER', text: 'a\nb' }]],
	])('refuses %s', (_name, components) => {
		expect(validateTemplateComponents(components)).toBe(false);
	});
});
