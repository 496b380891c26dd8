// The stand-in's commerce part (scripts/lib/metaGraphCommerce.ts) answering as Meta documents:
// the refusals a product message meets at Meta (catalog, products, sections), the commerce
// settings and the Block Users API's limits.
import { COMMERCE_STAND_IN_LIMITS } from '../../scripts/lib/metaGraphCommerce';
import { QR_STAND_IN_LIMITS } from '../../scripts/lib/metaGraphChatEntry';
import { MetaGraphStub } from '../../scripts/lib/metaGraphStub';
import { call } from './call';

const APP = { id: '1234567890123456', secret: 'e2b0c44298fc1c149afbf4c8996fb924' };
const WABA = '102290129340398';
const NUMBER = '106540352242922';
const CATALOG = '194836987003835';
const PHONE = '16505551234';

let stub: MetaGraphStub;
let token: string;
beforeEach(async () => {
	stub = await MetaGraphStub.start();
	stub.addApp(APP);
	token = stub.addSystemUserToken(APP.id);
	stub.addPhoneNumber(WABA, { id: NUMBER, displayPhoneNumber: '+1 555-078-3881' });
	stub.messaging.recordInbound(NUMBER, { phone: PHONE });
});
afterEach(async () => await stub.close());

const send = (interactive: Record<string, unknown>) =>
	call(stub, 'POST', `/${NUMBER}/messages`, {
		token,
		json: { messaging_product: 'whatsapp', to: `+${PHONE}`, type: 'interactive', interactive },
	});
const productList = (sections: unknown[]) => ({
	type: 'product_list',
	header: { type: 'text', text: 'Menu' },
	body: { text: 'Pick' },
	action: { catalog_id: CATALOG, sections },
});
const items = (ids: string[]) => ids.map((product_retailer_id) => ({ product_retailer_id }));
const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`);

describe('product and catalog messages', () => {
	beforeEach(() => stub.commerce.addCatalog(WABA, CATALOG, ids(40)));

	it('sends a product list within the limits', async () => {
		const { status, body } = await send(
			productList([{ title: 'A', product_items: items(ids(30)) }]),
		);
		expect(status).toBe(200);
		expect(body.messages[0].id).toMatch(/^wamid\./);
	});

	it.each([
		['31 products', [{ title: 'A', product_items: items(ids(31)) }], 'at most 30 products; got 31'],
		[
			'11 sections',
			ids(11).map((id) => ({ title: id, product_items: items([id]) })),
			'sections must have 1 to 10 items',
		],
		[
			'an empty section',
			[{ title: 'A', product_items: [] }],
			'sections[0].product_items must have at least 1 item',
		],
		[
			'an untitled section among several',
			[{ title: 'A', product_items: items(['p1']) }, { product_items: items(['p2']) }],
			'sections[1].title is required when there are several sections',
		],
		['a product not in the catalog', [{ product_items: items(['nope']) }], 'Product nope'],
	])('refuses %s with 131009', async (_, sections, details) => {
		const { status, body } = await send(productList(sections));
		expect(status).toBe(400);
		expect(body.error.code).toBe(131009);
		expect(body.error.error_data.details).toContain(details);
		expect(stub.messaging.sent).toHaveLength(0);
	});

	it('refuses another catalog and a send without a connected catalog', async () => {
		const other = await send({
			type: 'product',
			action: { catalog_id: '999', product_retailer_id: 'p1' },
		});
		expect(other.body.error.error_data.details).toBe(
			'Catalog 999 is not connected to this WhatsApp Business Account',
		);
		stub.commerce.catalogs.clear();
		const none = await send({
			type: 'catalog_message',
			body: { text: 'Browse' },
			action: { name: 'catalog_message' },
		});
		expect(none.body.error.error_data.details).toBe(
			'No catalog is connected to this WhatsApp Business Account',
		);
	});
});

describe('commerce settings', () => {
	it('reads the defaults and takes booleans as query parameters', async () => {
		const before = await call(stub, 'GET', `/${NUMBER}/whatsapp_commerce_settings`, { token });
		expect(before.body.data[0]).toMatchObject({ is_cart_enabled: true, is_catalog_visible: false });
		const set = await call(
			stub,
			'POST',
			`/${NUMBER}/whatsapp_commerce_settings?is_catalog_visible=true`,
			{ token },
		);
		expect(set.body).toEqual({ success: true });
		const bad = await call(
			stub,
			'POST',
			`/${NUMBER}/whatsapp_commerce_settings?is_cart_enabled=yes`,
			{
				token,
			},
		);
		expect(bad.body.error.message).toBe('(#100) Param is_cart_enabled must be a boolean');
		const after = await call(stub, 'GET', `/${NUMBER}/whatsapp_commerce_settings`, { token });
		expect(after.body.data[0]).toMatchObject({ is_cart_enabled: true, is_catalog_visible: true });
	});
});

describe('block users', () => {
	const block = (users: string[]) =>
		call(stub, 'POST', `/${NUMBER}/block_users`, {
			token,
			json: { messaging_product: 'whatsapp', block_users: users.map((user) => ({ user })) },
		});

	it('refuses more than 1,000 users in one call', async () => {
		const { body } = await block(ids(COMMERCE_STAND_IN_LIMITS.blockUsersPerCall + 1));
		expect(body.error.message).toBe('(#100) Param block_users must have at most 1000 items');
	});

	it('refuses a user past the 64,000 of the blocklist with 139101', async () => {
		// a full blocklist, as another tool left it
		const list = Array.from({ length: COMMERCE_STAND_IN_LIMITS.blocklist }, (_, i) =>
			String(1e10 + i),
		);
		(stub.commerce as unknown as { blocklists: Map<string, string[]> }).blocklists.set(
			NUMBER,
			list,
		);
		const { status, body } = await block([`+${PHONE}`]);
		expect(status).toBe(400);
		expect(body.error.code).toBe(139101);
	});

	it("lists the failed users in 139100's error_data", async () => {
		const { body } = await block([`+${PHONE}`, '+33612345678']);
		expect(body.error.code).toBe(139100);
		expect(body.error.error_data.block_users.added_users).toEqual([
			{ input: `+${PHONE}`, wa_id: PHONE },
		]);
		expect(body.error.error_data.block_users.failed_users[0]).toMatchObject({
			input: '+33612345678',
			errors: [{ code: 139100 }],
		});
	});
});

describe('QR codes (metaGraphChatEntry.ts)', () => {
	const createQr = (json: Record<string, unknown>) =>
		call(stub, 'POST', `/${NUMBER}/message_qrdls`, { token, json });

	it('refuses a message over 140 characters and an image format other than SVG or PNG', async () => {
		const long = await createQr({ prefilled_message: 'm'.repeat(141), generate_qr_image: 'PNG' });
		expect(long.body.error.message).toBe(
			'(#100) Param prefilled_message must be at most 140 characters long',
		);
		const gif = await createQr({ prefilled_message: 'Hi', generate_qr_image: 'GIF' });
		expect(gif.body.error.message).toBe('(#100) Param generate_qr_image must be one of {SVG, PNG}');
	});

	it('refuses the 2,001st code of a number', async () => {
		for (let i = 0; i < QR_STAND_IN_LIMITS.perNumber; i++)
			expect(
				(await createQr({ prefilled_message: `m${i}`, generate_qr_image: 'PNG' })).status,
			).toBe(200);
		const over = await createQr({ prefilled_message: 'one more', generate_qr_image: 'PNG' });
		expect(over.body.error.message).toBe(
			'(#100) A phone number can have at most 2000 QR codes and short links',
		);
	});
});

describe('conversational automation (metaGraphChatEntry.ts)', () => {
	const set = (json: Record<string, unknown>) =>
		call(stub, 'POST', `/${NUMBER}/conversational_automation`, { token, json });

	it.each([
		[{ prompts: ['a', 'b', 'c', 'd', 'e'] }, '(#100) Param prompts must have at most 4 items'],
		[{ prompts: ['x'.repeat(81)] }, '(#100) Param prompts[0] must be at most 80 characters long'],
		[{ prompts: ['Menu 🍕'] }, '(#100) Param prompts[0] must not contain emoji'],
		[
			{ commands: [{ command_name: 'menu' }] },
			'(#100) Param commands[0].command_description is required',
		],
		[{ enable_welcome_message: 'yes' }, '(#100) Param enable_welcome_message must be a boolean'],
	])('refuses %j', async (body, message) => {
		const { status, body: answer } = await set(body);
		expect(status).toBe(400);
		expect(answer.error.message).toBe(message);
	});

	it('reads back what was set as the number’s conversational_automation field', async () => {
		expect((await set({ enable_welcome_message: true, prompts: ['Menu'] })).body).toEqual({
			success: true,
		});
		const { body } = await call(stub, 'GET', `/${NUMBER}?fields=conversational_automation`, {
			token,
		});
		expect(body).toEqual({
			conversational_automation: { enable_welcome_message: true, prompts: ['Menu'] },
			id: NUMBER,
		});
	});
});

describe('media carousels', () => {
	const card = (index: number, kind = 'image', buttons = 1) => ({
		card_index: index,
		type: 'button',
		header: { type: kind, [kind]: { link: `https://example.com/${index}.jpg` } },
		action: {
			buttons: Array.from({ length: buttons }, (_, b) => ({
				type: 'quick_reply',
				quick_reply: { id: `b${index}${b}`, title: 'Go' },
			})),
		},
	});
	const carousel = (cards: unknown[]) =>
		send({ type: 'carousel', body: { text: 'Plants' }, action: { cards } });

	it('sends 2 cards of one kind', async () => {
		expect((await carousel([card(0), card(1)])).status).toBe(200);
	});

	it.each([
		['one card', [card(0)], 'cards must have 2 to 10 items'],
		['mixed header types', [card(0), card(1, 'video')], 'same header type'],
		['different button counts', [card(0), card(1, 'image', 2)], 'same kind and number of buttons'],
	])('refuses %s with 131009', async (_, cards, details) => {
		const { status, body } = await carousel(cards);
		expect(status).toBe(400);
		expect(body.error.code).toBe(131009);
		expect(body.error.error_data.details).toContain(details);
	});
});
