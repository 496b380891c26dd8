import { byId, graph, graphError, PROOF, versionPath, WABA_ID } from './support/graph';
import { runNode } from './support/runner';
import { useGraphMocks } from './support/setup';

useGraphMocks();

const wabaPath = versionPath(`/${WABA_ID}`);
const run = (operation: string, parameters: Record<string, unknown> = {}, continueOnFail = false) =>
	runNode({
		parameters: { resource: 'analytics', operation, wabaId: byId(WABA_ID), ...parameters },
		continueOnFail,
	});

/** 2026-06-01T00:00:00Z and 2026-06-03T00:00:00Z. */
const JUNE_1 = 1780272000;
const JUNE_3 = JUNE_1 + 2 * 86400;
const custom = { dateRange: 'custom', start: '2026-06-01T00:00:00', end: '2026-06-03T00:00:00' };

describe('Analytics > Get Pricing Analytics', () => {
	it("asks with Graph's field syntax and outputs one item per data point, ISO dates, numeric costs", async () => {
		graph()
			.get(wabaPath)
			.query({
				fields:
					`pricing_analytics.start(${JUNE_1}).end(${JUNE_3}).granularity(DAILY)` +
					'.phone_numbers(["15550783881"]).country_codes(["US","BR"]).metric_types(["VOLUME","COST"])' +
					'.pricing_categories(["MARKETING"]).dimensions(["COUNTRY","PRICING_CATEGORY"])',
				appsecret_proof: PROOF,
			})
			.reply(200, {
				pricing_analytics: {
					data: [
						{
							data_points: [
								{
									start: JUNE_1,
									end: JUNE_1 + 86400,
									country: 'US',
									pricing_category: 'MARKETING',
									volume: 12,
									cost: 0.3,
								},
								{
									start: JUNE_1 + 86400,
									end: JUNE_3,
									country: 'BR',
									pricing_category: 'MARKETING',
									volume: 3,
									cost: '0.1875',
								},
							],
						},
					],
				},
				id: WABA_ID,
			});
		const { items, error } = await run('getPricing', {
			...custom,
			granularity: 'DAILY',
			filters: {
				phoneNumbers: '+1 555-078-3881',
				countryCodes: 'us, BR',
				metricTypes: ['VOLUME', 'COST'],
				pricingCategories: ['MARKETING'],
				dimensions: ['COUNTRY', 'PRICING_CATEGORY'],
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([
			{
				start: '2026-06-01T00:00:00.000Z',
				end: '2026-06-02T00:00:00.000Z',
				country: 'US',
				pricing_category: 'MARKETING',
				volume: 12,
				cost: 0.3,
			},
			{
				start: '2026-06-02T00:00:00.000Z',
				end: '2026-06-03T00:00:00.000Z',
				country: 'BR',
				pricing_category: 'MARKETING',
				volume: 3,
				cost: 0.1875,
			},
		]);
	});

	it.each([
		['last7Days', Date.UTC(2026, 5, 8) / 1000, Date.UTC(2026, 5, 15, 13, 30) / 1000],
		['last30Days', Date.UTC(2026, 4, 16) / 1000, Date.UTC(2026, 5, 15, 13, 30) / 1000],
		['thisMonth', Date.UTC(2026, 5, 1) / 1000, Date.UTC(2026, 5, 15, 13, 30) / 1000],
		['lastMonth', Date.UTC(2026, 4, 1) / 1000, Date.UTC(2026, 5, 1) / 1000],
	])('turns the preset %s into UTC start and end', async (preset, start, end) => {
		const now = jest.spyOn(Date, 'now').mockReturnValue(Date.UTC(2026, 5, 15, 13, 30));
		try {
			graph()
				.get(wabaPath)
				.query({
					fields: `pricing_analytics.start(${start}).end(${end}).granularity(MONTHLY)`,
					appsecret_proof: PROOF,
				})
				.reply(200, { id: WABA_ID });
			const { items, error } = await run('getPricing', {
				dateRange: preset,
				granularity: 'MONTHLY',
			});
			expect(error).toBeUndefined();
			expect(items).toEqual([]);
		} finally {
			now.mockRestore();
		}
	});

	it('refuses a range that ends before it starts', async () => {
		const { error } = await run('getPricing', {
			dateRange: 'custom',
			start: '2026-06-03T00:00:00',
			end: '2026-06-01T00:00:00',
		});
		expect(error?.message).toBe('The end of the date range must be after its start');
	});
});

describe('Analytics > Get Template Analytics', () => {
	const templateAnswer = (after?: string) => ({
		data: [
			{
				granularity: 'DAILY',
				product_type: 'cloud_api',
				data_points: [
					{
						template_id: '1924084211297547',
						start: JUNE_1,
						end: JUNE_1 + 86400,
						sent: 10,
						delivered: 9,
						read: 7,
						clicked: [
							{ type: 'quick_reply_button', button_content: 'Tell me more', count: 3 },
							{ type: 'url_button', button_content: 'Visit', count: 2 },
						],
						cost: [
							{ type: 'amount_spent', value: 0.25 },
							{ type: 'cost_per_delivered', value: 0.03 },
							{ type: 'cost_per_url_button_click' },
						],
					},
				],
			},
		],
		paging: {
			cursors: { before: 'MAZDZD', after: after ?? 'MjQZD' },
			...(after
				? { next: `https://graph.facebook.com/v23.0/${WABA_ID}/template_analytics?after=${after}` }
				: {}),
		},
	});

	it('asks for DAILY data of the templates, follows pages, and flattens clicks and costs', async () => {
		const qs = {
			start: String(JUNE_1),
			end: String(JUNE_3),
			granularity: 'DAILY',
			template_ids: '["1924084211297547","954638012257287"]',
			metric_types: '["SENT","DELIVERED","READ","CLICKED","COST"]',
			appsecret_proof: PROOF,
		};
		const path = versionPath(`/${WABA_ID}/template_analytics`);
		graph().get(path).query(qs).reply(200, templateAnswer('Q1'));
		graph()
			.get(path)
			.query({ ...qs, after: 'Q1' })
			.reply(200, templateAnswer());
		const { items, error } = await run('getTemplates', {
			...custom,
			templateIds: '1924084211297547, 954638012257287',
			filters: { metricTypes: ['SENT', 'DELIVERED', 'READ', 'CLICKED', 'COST'] },
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(items[0].json).toEqual({
			template_id: '1924084211297547',
			start: '2026-06-01T00:00:00.000Z',
			end: '2026-06-02T00:00:00.000Z',
			sent: 10,
			delivered: 9,
			read: 7,
			clicked: 5,
			clicked_buttons: [
				{ type: 'quick_reply_button', button_content: 'Tell me more', count: 3 },
				{ type: 'url_button', button_content: 'Visit', count: 2 },
			],
			amount_spent: 0.25,
			cost_per_delivered: 0.03,
			cost_per_url_button_click: null,
		});
	});

	it('says how to turn insights on when Meta answers 200005', async () => {
		graph()
			.get(versionPath(`/${WABA_ID}/template_analytics`))
			.query(true)
			.reply(
				400,
				graphError(
					200005,
					'Template Insights are not available yet for this WhatsApp Business account',
				),
			);
		const { error } = await run('getTemplates', { ...custom, templateIds: '1924084211297547' });
		expect(error?.message).toContain('Template Insights are not available yet');
		expect(error?.description).toContain('Is Enabled for Insights');
	});

	it('refuses more than 10 template IDs', async () => {
		const { error } = await run('getTemplates', {
			templateIds: Array.from({ length: 11 }, (_, i) => String(i + 1)).join(','),
		});
		expect(error?.message).toBe('Template IDs must be 1 to 10 IDs, digits only');
	});
});

describe('Analytics > Get Conversation Analytics', () => {
	it('asks for conversation analytics with its filters and outputs data points', async () => {
		graph()
			.get(wabaPath)
			.query({
				fields:
					`conversation_analytics.start(${JUNE_1}).end(${JUNE_3}).granularity(HALF_HOUR)` +
					'.metric_types(["COST","CONVERSATION"]).conversation_directions(["BUSINESS_INITIATED"])' +
					'.dimensions(["CONVERSATION_CATEGORY","COUNTRY"])',
				appsecret_proof: PROOF,
			})
			.reply(200, {
				conversation_analytics: {
					data: [
						{
							data_points: [
								{
									start: JUNE_1,
									end: JUNE_1 + 1800,
									conversation: 4,
									country: 'US',
									conversation_category: 'MARKETING',
									cost: 0.1,
								},
							],
						},
					],
				},
				id: WABA_ID,
			});
		const { items, error } = await run('getConversations', {
			...custom,
			granularity: 'HALF_HOUR',
			filters: {
				metricTypes: ['COST', 'CONVERSATION'],
				conversationDirections: ['BUSINESS_INITIATED'],
				dimensions: ['CONVERSATION_CATEGORY', 'COUNTRY'],
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([
			{
				start: '2026-06-01T00:00:00.000Z',
				end: '2026-06-01T00:30:00.000Z',
				conversation: 4,
				country: 'US',
				conversation_category: 'MARKETING',
				cost: 0.1,
			},
		]);
	});
});
