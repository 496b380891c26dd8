import { graph, graphError, PROOF, versionPath, WABA_ID, byId } from './support/graph';
import { runNode } from './support/runner';
import { useGraphMocks } from './support/setup';

const { sleeps } = useGraphMocks();

const TEMPLATE_ID = '572279198452421';
const templatesPath = versionPath(`/${WABA_ID}/message_templates`);

const create = (parameters: Record<string, unknown>) =>
	runNode({
		parameters: {
			resource: 'messageTemplate',
			operation: 'create',
			wabaId: byId(WABA_ID),
			name: 'order_shipped',
			language: 'en_US',
			category: 'UTILITY',
			...parameters,
		},
	});

describe('Message Template > Create', () => {
	it("sends the form's header, body with examples, footer and buttons as Meta's JSON", async () => {
		const expected = {
			name: 'order_shipped',
			language: 'en_US',
			category: 'UTILITY',
			allow_category_change: true,
			components: [
				{
					type: 'HEADER',
					format: 'TEXT',
					text: 'Order {{1}}',
					example: { header_text: ['#1234'] },
				},
				{
					type: 'BODY',
					text: 'Hi {{1}}, order {{2}} has shipped.',
					example: { body_text: [['Maria', '#1234']] },
				},
				{ type: 'FOOTER', text: 'Reply STOP to opt out' },
				{
					type: 'BUTTONS',
					buttons: [
						{ type: 'QUICK_REPLY', text: 'Thanks' },
						{
							type: 'URL',
							text: 'Track',
							url: 'https://www.example.com/track/{{1}}',
							example: ['https://www.example.com/track/1234'],
						},
						{ type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+15550783881' },
						{ type: 'COPY_CODE', example: 'SAVE20' },
					],
				},
			],
		};
		let sent: unknown;
		graph()
			.post(templatesPath, (body) => {
				sent = body;
				return true;
			})
			.query({ appsecret_proof: PROOF })
			.reply(200, { id: TEMPLATE_ID, status: 'PENDING', category: 'UTILITY' });
		const { items, error } = await create({
			componentsInput: 'fields',
			bodyText: 'Hi {{1}}, order {{2}} has shipped.',
			bodyExamples: { values: [{ value: 'Maria' }, { value: '#1234' }] },
			headerFooter: {
				headerFormat: 'TEXT',
				headerText: 'Order {{1}}',
				headerExample: '#1234',
				footerText: 'Reply STOP to opt out',
			},
			buttons: {
				button: [
					{ type: 'QUICK_REPLY', text: 'Thanks' },
					{
						type: 'URL',
						text: 'Track',
						url: 'https://www.example.com/track/{{1}}',
						example: 'https://www.example.com/track/1234',
					},
					{ type: 'PHONE_NUMBER', text: 'Call us', phoneNumber: '+15550783881' },
					{ type: 'COPY_CODE', example: 'SAVE20' },
				],
			},
			options: { allowCategoryChange: true },
		});
		expect(error).toBeUndefined();
		expect(sent).toEqual(expected);
		expect(items.map((i) => i.json)).toEqual([
			{ id: TEMPLATE_ID, status: 'PENDING', category: 'UTILITY' },
		]);
	});

	it('pairs named variables with their examples in order', async () => {
		graph()
			.post(templatesPath, {
				name: 'order_shipped',
				language: 'en_US',
				category: 'UTILITY',
				parameter_format: 'NAMED',
				components: [
					{
						type: 'BODY',
						text: 'Hi {{first_name}}, order {{order_id}} has shipped.',
						example: {
							body_text_named_params: [
								{ param_name: 'first_name', example: 'Maria' },
								{ param_name: 'order_id', example: '#1234' },
							],
						},
					},
				],
			})
			.query({ appsecret_proof: PROOF })
			.reply(200, { id: TEMPLATE_ID, status: 'PENDING', category: 'UTILITY' });
		const { error } = await create({
			componentsInput: 'fields',
			bodyText: 'Hi {{first_name}}, order {{order_id}} has shipped.',
			bodyExamples: { values: [{ value: 'Maria' }, { value: '#1234' }] },
			options: { parameterFormat: 'NAMED' },
		});
		expect(error).toBeUndefined();
	});

	it('sends JSON components with a media header handle as written, types upper-cased', async () => {
		const components = [
			{
				type: 'header',
				format: 'image',
				example: { header_handle: ['4::aW1hZ2UvanBlZw==:ARbXYZ'] },
			},
			{ type: 'BODY', text: 'New arrivals are in.' },
			{
				type: 'BUTTONS',
				buttons: [{ type: 'url', text: 'Shop', url: 'https://www.example.com/shop' }],
			},
		];
		graph()
			.post(templatesPath, {
				name: 'new_arrivals',
				language: 'de',
				category: 'MARKETING',
				components: [
					{
						type: 'HEADER',
						format: 'IMAGE',
						example: { header_handle: ['4::aW1hZ2UvanBlZw==:ARbXYZ'] },
					},
					{ type: 'BODY', text: 'New arrivals are in.' },
					{
						type: 'BUTTONS',
						buttons: [{ type: 'URL', text: 'Shop', url: 'https://www.example.com/shop' }],
					},
				],
			})
			.query({ appsecret_proof: PROOF })
			.reply(200, { id: TEMPLATE_ID, status: 'PENDING', category: 'MARKETING' });
		const { items, error } = await create({
			name: 'new_arrivals',
			language: 'de',
			category: 'MARKETING',
			componentsInput: 'json',
			componentsJson: JSON.stringify(components),
		});
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('PENDING');
	});

	it.each([
		[
			'a URL button without its URL',
			[
				{ type: 'BODY', text: 'Hi' },
				{ type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Go' }] },
			],
			"components[1].buttons[0] must have required property 'url'",
		],
		[
			'an image header without a sample handle',
			[
				{ type: 'HEADER', format: 'IMAGE' },
				{ type: 'BODY', text: 'Hi' },
			],
			"components[0] must have required property 'example'",
		],
		[
			'an unknown component type',
			[{ type: 'BODDY', text: 'Hi' }],
			'components[0].type must be one of HEADER, BODY',
		],
		[
			'a button label over 25 characters',
			[
				{ type: 'BODY', text: 'Hi' },
				{ type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'x'.repeat(26) }] },
			],
			'components[1].buttons[0].text must be text of the allowed length',
		],
		[
			'two bodies',
			[
				{ type: 'BODY', text: 'Hi' },
				{ type: 'BODY', text: 'Again' },
			],
			'components[1] is a second BODY',
		],
		['no body', [{ type: 'FOOTER', text: 'Bye' }], 'it has no BODY component'],
	])('refuses %s before sending, naming the path', async (_name, components, message) => {
		const { error, items } = await create({
			componentsInput: 'json',
			componentsJson: JSON.stringify(components),
		});
		expect(items).toEqual([]);
		expect(error?.message).toContain('The template is not valid');
		expect(error?.message).toContain(message);
	});

	it('refuses JSON that does not parse', async () => {
		const { error } = await create({
			componentsInput: 'json',
			componentsJson: '[{ "type": "BODY", ',
		});
		expect(error?.message).toBe('Components (JSON) is not valid JSON');
	});

	it('sends the same JSON again after Meta throttles the call', async () => {
		const bodies: unknown[] = [];
		const record = (body: unknown) => {
			bodies.push(body);
			return true;
		};
		graph()
			.post(templatesPath, record)
			.query({ appsecret_proof: PROOF })
			.reply(
				400,
				graphError(80008, 'There have been too many calls to this WhatsApp Business account.'),
			);
		graph()
			.post(templatesPath, record)
			.query({ appsecret_proof: PROOF })
			.reply(200, { id: TEMPLATE_ID, status: 'PENDING', category: 'UTILITY' });
		const { items, error } = await create({ componentsInput: 'fields', bodyText: 'Hello' });
		expect(error).toBeUndefined();
		expect(sleeps).toEqual([1_000]);
		expect(bodies).toHaveLength(2);
		expect(bodies[1]).toEqual(bodies[0]);
		expect(items[0].json.id).toBe(TEMPLATE_ID);
	});

	it("passes on Meta's answer when the name is taken", async () => {
		graph()
			.post(templatesPath)
			.query({ appsecret_proof: PROOF })
			.reply(
				400,
				graphError(100, 'Invalid parameter', {
					error_subcode: 2388024,
					error_user_title: 'Content in this language already exists',
					error_user_msg:
						'There is already English (US) content for this template. Create a new template and try again.',
				}),
			);
		const { error } = await create({ componentsInput: 'fields', bodyText: 'Hello' });
		expect(error?.message).toContain('Content in this language already exists');
		expect(error?.description).toContain('There is already English (US) content');
	});
});

describe('Message Template > Get', () => {
	it('reads one template by id with the chosen fields', async () => {
		const answer = {
			id: TEMPLATE_ID,
			name: 'order_shipped',
			status: 'APPROVED',
			components: [{ type: 'BODY', text: 'Hi' }],
		};
		graph()
			.get(versionPath(`/${TEMPLATE_ID}`))
			.query({ fields: 'name,status,components', appsecret_proof: PROOF })
			.reply(200, answer);
		const { items, error } = await runNode({
			parameters: {
				resource: 'messageTemplate',
				operation: 'get',
				templateId: TEMPLATE_ID,
				fields: ['name', 'status', 'components'],
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([answer]);
	});
});

describe('Message Template > Update', () => {
	it("sends new components and category to the template's own node", async () => {
		graph()
			.post(versionPath(`/${TEMPLATE_ID}`), {
				components: [
					{
						type: 'BODY',
						text: 'Your order {{1}} is on its way.',
						example: { body_text: [['#77']] },
					},
				],
				category: 'MARKETING',
			})
			.query({ appsecret_proof: PROOF })
			.reply(200, { success: true });
		const { items, error } = await runNode({
			parameters: {
				resource: 'messageTemplate',
				operation: 'update',
				templateId: TEMPLATE_ID,
				componentsInput: 'fields',
				bodyText: 'Your order {{1}} is on its way.',
				bodyExamples: { values: [{ value: '#77' }] },
				updateFields: { category: 'MARKETING' },
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([{ success: true }]);
	});

	it('changes only the category when components are kept', async () => {
		graph()
			.post(versionPath(`/${TEMPLATE_ID}`), { category: 'UTILITY' })
			.query({ appsecret_proof: PROOF })
			.reply(200, { success: 'true' });
		const { items } = await runNode({
			parameters: {
				resource: 'messageTemplate',
				operation: 'update',
				templateId: TEMPLATE_ID,
				updateFields: { category: 'UTILITY' },
			},
		});
		expect(items.map((i) => i.json)).toEqual([{ success: true }]);
	});

	it('refuses an update with nothing to change', async () => {
		const { error } = await runNode({
			parameters: { resource: 'messageTemplate', operation: 'update', templateId: TEMPLATE_ID },
		});
		expect(error?.message).toContain('Nothing to update');
	});
});

describe('Message Template > Delete', () => {
	it('deletes every language of a name', async () => {
		graph()
			.delete(templatesPath)
			.query({ name: 'order_shipped', appsecret_proof: PROOF })
			.reply(200, { success: true });
		const { items, error } = await runNode({
			parameters: {
				resource: 'messageTemplate',
				operation: 'delete',
				wabaId: byId(WABA_ID),
				name: 'order_shipped',
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([{ deleted: true }]);
	});

	it('deletes one language version by name and id', async () => {
		graph()
			.delete(templatesPath)
			.query({ name: 'order_shipped', hsm_id: TEMPLATE_ID, appsecret_proof: PROOF })
			.reply(200, { success: true });
		const { items } = await runNode({
			parameters: {
				resource: 'messageTemplate',
				operation: 'delete',
				wabaId: byId(WABA_ID),
				name: 'order_shipped',
				templateId: TEMPLATE_ID,
			},
		});
		expect(items.map((i) => i.json)).toEqual([{ deleted: true }]);
	});

	it("outputs Meta's error per item with continue on fail", async () => {
		graph()
			.delete(templatesPath)
			.query({ name: 'nope', appsecret_proof: PROOF })
			.reply(
				400,
				graphError(100, '(#100) Invalid parameter', {
					error_subcode: 2593002,
					error_user_title: 'Message template not found',
				}),
			);
		const { items, error } = await runNode({
			parameters: {
				resource: 'messageTemplate',
				operation: 'delete',
				wabaId: byId(WABA_ID),
				name: 'nope',
			},
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			code: 100,
			subcode: 2593002,
			fbtrace_id: 'AbCdEfGhIjKlMnOp',
		});
		expect(String(items[0].json.error)).toContain('Message template not found');
	});
});
