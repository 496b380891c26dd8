// Template management in the Graph stand-in over real HTTP: create (PENDING until reviewed),
// read, edit (only when APPROVED, REJECTED or PAUSED; back to review), list with filters and
// pages, delete by name or by name and ID.
import { MetaGraphStub } from '../../scripts/lib/metaGraphStub';
import {
	attachTemplateMessaging,
	type TemplateMessaging,
} from '../../scripts/lib/metaGraphTemplates';
import { call } from './call';
import { sleep } from '../../scripts/lib/sleep';

const APP = { id: '1234567890123456', secret: 'b'.repeat(32) };
const WABA = '102290129340398';
const body = (text: string) => [{ type: 'BODY', text }];

describe('Graph stand-in: template management', () => {
	let stub: MetaGraphStub;
	let templates: TemplateMessaging;
	let token: string;
	beforeEach(async () => {
		stub = await MetaGraphStub.start({ maxPageSize: 2 });
		stub.addApp(APP);
		token = stub.addSystemUserToken(APP.id);
		stub.addWaba(WABA);
		templates = attachTemplateMessaging(stub);
	});
	afterEach(async () => await stub.close());

	const create = (json: Record<string, unknown>) =>
		call(stub, 'POST', `/${WABA}/message_templates`, { token, json });

	test('a new template is PENDING, cannot be edited until reviewed, and goes back to review when edited', async () => {
		const created = await create({
			name: 'order_shipped',
			language: 'en_US',
			category: 'UTILITY',
			components: body('Hi {{1}}, your order has shipped.'),
		});
		expect(created.body).toEqual({
			id: expect.stringMatching(/^\d+$/),
			status: 'PENDING',
			category: 'UTILITY',
		});
		const id = created.body.id as string;
		const edit = () =>
			call(stub, 'POST', `/${id}`, { token, json: { components: body('Shipped!') } });
		expect((await edit()).body.error.message).toMatch(/can be edited; this one is PENDING/);

		templates.review(id);
		const read = await call(stub, 'GET', `/${id}`, { token });
		expect(read.body).toMatchObject({ id, name: 'order_shipped', status: 'APPROVED' });
		expect((await edit()).body).toEqual({ success: true });
		expect((await call(stub, 'GET', `/${id}?fields=status,components`, { token })).body).toEqual({
			id,
			status: 'PENDING',
			components: body('Shipped!'),
		});
	});

	test('creation checks the name, category and body, and refuses the same name twice in a language', async () => {
		const base = {
			name: 'promo',
			language: 'en_US',
			category: 'MARKETING',
			components: body('Hi'),
		};
		expect((await create({ ...base, name: 'Promo!' })).body.error.message).toMatch(/lowercase/);
		expect((await create({ ...base, category: 'SPAM' })).body.error.message).toMatch(/category/);
		expect(
			(await create({ ...base, components: [{ type: 'HEADER', format: 'TEXT', text: 'x' }] })).body
				.error.message,
		).toMatch(/BODY/);
		expect((await create({ ...base, language: undefined })).body.error.message).toBe(
			'(#100) The parameter language is required',
		);
		expect((await create(base)).status).toBe(200);
		expect((await create(base)).body.error).toMatchObject({ code: 100, error_subcode: 2388024 });
		expect((await create({ ...base, language: 'pt_BR' })).status).toBe(200);
	});

	test('with reviewMs the review ends by itself', async () => {
		await stub.close();
		stub = await MetaGraphStub.start();
		stub.addApp(APP);
		token = stub.addSystemUserToken(APP.id);
		stub.addWaba(WABA);
		templates = attachTemplateMessaging(stub, { reviewMs: 20 });
		const created = await create({
			name: 'quick',
			language: 'en_US',
			category: 'UTILITY',
			components: body('Hi'),
		});
		expect(created.body.status).toBe('PENDING');
		await sleep(60);
		expect((await call(stub, 'GET', `/${String(created.body.id)}`, { token })).body.status).toBe(
			'APPROVED',
		);
	});

	test('the list filters by status and category and is paged; delete takes a name, or a name and its ID', async () => {
		const statuses = ['APPROVED', 'PENDING', 'APPROVED', 'REJECTED', 'APPROVED'];
		statuses.forEach((status, i) =>
			templates.addTemplate(WABA, {
				name: `t${i}`,
				status,
				category: i === 4 ? 'UTILITY' : 'MARKETING',
				components: body('Hi'),
			}),
		);
		const first = await call(stub, 'GET', `/${WABA}/message_templates?status=APPROVED&limit=5`, {
			token,
		});
		expect(first.body.data.map((t: { name: string }) => t.name)).toEqual(['t0', 't2']);
		const second = await call(stub, 'GET', first.body.paging.next as string, { token });
		expect(second.body.data.map((t: { name: string }) => t.name)).toEqual(['t4']);
		expect(second.body.paging.next).toBeUndefined();
		const utility = await call(
			stub,
			'GET',
			`/${WABA}/message_templates?category=UTILITY,AUTHENTICATION`,
			{ token },
		);
		expect(utility.body.data.map((t: { name: string }) => t.name)).toEqual(['t4']);

		templates.addTemplate(WABA, { name: 't0', language: 'pt_BR', components: body('Oi') });
		const [english, portuguese] = templates.templates.get(WABA)!.filter((t) => t.name === 't0');
		const wrongId = await call(
			stub,
			'DELETE',
			`/${WABA}/message_templates?name=t1&hsm_id=${english.id}`,
			{ token },
		);
		expect(wrongId.body.error.code).toBe(100);
		await call(stub, 'DELETE', `/${WABA}/message_templates?name=t0&hsm_id=${portuguese.id}`, {
			token,
		});
		expect(templates.templates.get(WABA)!.filter((t) => t.name === 't0')).toEqual([english]);
		expect(
			(await call(stub, 'DELETE', `/${WABA}/message_templates?name=t2`, { token })).body,
		).toEqual({ success: true });
		expect(templates.templates.get(WABA)!.map((t) => t.name)).toEqual(['t0', 't1', 't3', 't4']);
	});
});
