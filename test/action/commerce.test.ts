// Commerce in the action node over real loopback HTTP against the stateful Graph stand-in
// (scripts/lib/metaGraphCommerce.ts): Send Product, Send Product List and Send Catalog from the
// catalog connected to the account, and a number's commerce settings. Meta's limits are refused
// before any request, naming the parameter; what only Meta knows (a product not in the
// catalog) comes back as Meta's error.
import type { IDataObject } from 'n8n-workflow';

import { MetaGraphStub } from '../../scripts/lib/metaGraphStub';
import { configureGraphRetries, resetGraphRetries } from '../support/graphRetries';
import { byId } from './support/graph';
import { runNode } from './support/runner';

const APP_ID = '1234567890123456';
const APP_SECRET = '0123456789abcdef0123456789abcdef';
const WABA = '102290129340398';
const NUMBER = '106540352242922';
const CUSTOMER = '16505551234';
const CATALOG = '194836987003835';
const PRODUCTS = ['di9ozbzfi4', 'nqryix03ez', 'tea-green', 'tea-black'];

let graph: MetaGraphStub;
let token: string;

beforeAll(() => configureGraphRetries({ maxAttempts: 1 }));
afterAll(() => resetGraphRetries());
beforeEach(async () => {
	graph = await MetaGraphStub.start();
	graph.addApp({ id: APP_ID, secret: APP_SECRET });
	token = graph.addSystemUserToken(APP_ID);
	graph.addPhoneNumber(WABA, { id: NUMBER, displayPhoneNumber: '+1 555-078-3881' });
	graph.commerce.addCatalog(WABA, CATALOG, PRODUCTS);
	graph.messaging.recordInbound(NUMBER, { phone: CUSTOMER });
});
afterEach(async () => await graph.close());

async function run(parameters: IDataObject) {
	return await runNode({
		parameters: parameters as never,
		credential: {
			accessToken: token,
			appSecret: APP_SECRET,
			apiVersion: 'v23.0',
			baseUrl: graph.url,
		},
	});
}

const toCustomer = {
	resource: 'message',
	recipientMode: 'phone',
	senderPhoneNumberId: byId(NUMBER),
	recipientPhoneNumber: `+${CUSTOMER}`,
};

const sentInteractive = () => graph.messaging.sent.map((m) => m.body.interactive);
const graphCalls = () => graph.requests.filter((r) => r.path !== '/debug_token');

describe('Message > Send Product', () => {
	it('sends a single-product message and outputs the wamid', async () => {
		const { items, error } = await run({
			...toCustomer,
			operation: 'sendProduct',
			catalogId: CATALOG,
			productRetailerId: 'di9ozbzfi4',
			options: { body: 'Our best seller', footer: 'Free delivery' },
		});
		expect(error).toBeUndefined();
		expect(sentInteractive()).toEqual([
			{
				type: 'product',
				body: { text: 'Our best seller' },
				footer: { text: 'Free delivery' },
				action: { catalog_id: CATALOG, product_retailer_id: 'di9ozbzfi4' },
			},
		]);
		expect(items[0].json).toMatchObject({
			messageId: graph.messaging.sent[0].wamid,
			waId: CUSTOMER,
			type: 'interactive',
		});
	});

	it("surfaces Meta's refusal of a product that is not in the catalog", async () => {
		const { error } = await run({
			...toCustomer,
			operation: 'sendProduct',
			catalogId: CATALOG,
			productRetailerId: 'sold-out-42',
		});
		expect(error?.message).toContain('131009');
		expect(JSON.stringify(error)).toContain(
			`Product sold-out-42 (product_retailer_id) is not in catalog ${CATALOG}`,
		);
		expect(graph.messaging.sent).toHaveLength(0);
	});

	it('refuses a catalog ID that is not digits before any request', async () => {
		const { error } = await run({
			...toCustomer,
			operation: 'sendProduct',
			catalogId: 'shop',
			productRetailerId: 'di9ozbzfi4',
		});
		expect(error?.message).toBe('Catalog ID must be digits only, got "shop"');
		expect(graphCalls()).toHaveLength(0);
	});
});

const product = (section: string, productRetailerId: string) => ({ section, productRetailerId });

describe('Message > Send Product List', () => {
	it('groups products into sections by their Section title, in order', async () => {
		const { error } = await run({
			...toCustomer,
			operation: 'sendProductList',
			catalogId: CATALOG,
			header: 'Menu',
			body: 'Pick what you like',
			products: {
				product: [
					product('Coffee', 'di9ozbzfi4'),
					product('Coffee', 'nqryix03ez'),
					product('Tea', 'tea-green'),
					product('Tea', 'tea-black'),
				],
			},
			options: { footer: 'Prices include tax' },
		});
		expect(error).toBeUndefined();
		expect(sentInteractive()).toEqual([
			{
				type: 'product_list',
				header: { type: 'text', text: 'Menu' },
				body: { text: 'Pick what you like' },
				footer: { text: 'Prices include tax' },
				action: {
					catalog_id: CATALOG,
					sections: [
						{
							title: 'Coffee',
							product_items: [
								{ product_retailer_id: 'di9ozbzfi4' },
								{ product_retailer_id: 'nqryix03ez' },
							],
						},
						{
							title: 'Tea',
							product_items: [
								{ product_retailer_id: 'tea-green' },
								{ product_retailer_id: 'tea-black' },
							],
						},
					],
				},
			},
		]);
	});

	it('leaves out the title of a single untitled section', async () => {
		const { error } = await run({
			...toCustomer,
			operation: 'sendProductList',
			catalogId: CATALOG,
			header: 'Menu',
			body: 'Pick',
			products: { product: [product('', 'di9ozbzfi4')] },
		});
		expect(error).toBeUndefined();
		expect((sentInteractive()[0] as IDataObject).action).toEqual({
			catalog_id: CATALOG,
			sections: [{ product_items: [{ product_retailer_id: 'di9ozbzfi4' }] }],
		});
	});

	const refusals: Array<[string, IDataObject, string]> = [
		[
			'more than 30 products',
			{ products: { product: Array.from({ length: 31 }, (_, i) => product('All', `p${i}`)) } },
			'Products has 31 products; a WhatsApp product list takes 1 to 30 in all',
		],
		[
			'no product',
			{ products: {} },
			'Products has 0 products; a WhatsApp product list takes 1 to 30 in all',
		],
		[
			'more than 10 sections',
			{ products: { product: Array.from({ length: 11 }, (_, i) => product(`S${i}`, `p${i}`)) } },
			'Products make 11 sections; WhatsApp allows at most 10',
		],
		[
			'an untitled section among several',
			{ products: { product: [product('Coffee', 'a'), product('', 'b')] } },
			'Products: every product needs a Section title when the list has several sections',
		],
		[
			'a section title over 24 characters',
			{ products: { product: [product('x'.repeat(25), 'a')] } },
			'Products 1: Section is 25 characters; WhatsApp allows at most 24',
		],
		[
			'an empty product retailer ID',
			{ products: { product: [product('Coffee', ' ')] } },
			'Products 1: Product Retailer ID is empty',
		],
		[
			'a header over 60 characters',
			{ header: 'h'.repeat(61) },
			'Header is 61 characters; WhatsApp allows at most 60',
		],
		['a blank body', { body: '   ' }, 'Body is empty'],
	];
	it.each(refusals)(
		'refuses %s before any request, naming the parameter',
		async (_, change, message) => {
			const { error } = await run({
				...toCustomer,
				operation: 'sendProductList',
				catalogId: CATALOG,
				header: 'Menu',
				body: 'Pick',
				products: { product: [product('', 'di9ozbzfi4')] },
				...change,
			});
			expect(error?.message).toBe(message);
			expect(graphCalls()).toHaveLength(0);
		},
	);
});

describe('Message > Send Catalog', () => {
	it('sends a catalog message with its thumbnail product', async () => {
		const { error } = await run({
			...toCustomer,
			operation: 'sendCatalog',
			body: 'Browse our menu',
			thumbnailProductRetailerId: 'tea-green',
		});
		expect(error).toBeUndefined();
		expect(sentInteractive()).toEqual([
			{
				type: 'catalog_message',
				body: { text: 'Browse our menu' },
				action: {
					name: 'catalog_message',
					parameters: { thumbnail_product_retailer_id: 'tea-green' },
				},
			},
		]);
	});

	it('refuses a footer over 60 characters before any request', async () => {
		const { error } = await run({
			...toCustomer,
			operation: 'sendCatalog',
			body: 'Browse',
			thumbnailProductRetailerId: 'tea-green',
			options: { footer: 'f'.repeat(61) },
		});
		expect(error?.message).toBe('Footer is 61 characters; WhatsApp allows at most 60');
		expect(graphCalls()).toHaveLength(0);
	});
});

describe('Phone Number > Commerce Settings', () => {
	const phoneNumber = { resource: 'phoneNumber', phoneNumberId: NUMBER };

	it("reads Meta's defaults: cart on, catalog hidden", async () => {
		const { items, error } = await run({ ...phoneNumber, operation: 'getCommerceSettings' });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({
			id: graph.commerce.settings.get(NUMBER)!.id,
			is_cart_enabled: true,
			is_catalog_visible: false,
		});
	});

	it('shows the catalog and turns the cart off with query parameters, as Meta documents', async () => {
		const { items, error } = await run({
			...phoneNumber,
			operation: 'updateCommerceSettings',
			commerceUpdateFields: { is_catalog_visible: true, is_cart_enabled: false },
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ success: true });
		const post = graphCalls().find((r) => r.method === 'POST')!;
		expect(post.path).toBe(`/${NUMBER}/whatsapp_commerce_settings`);
		expect(post.query).toMatchObject({ is_catalog_visible: 'true', is_cart_enabled: 'false' });
		expect(graph.commerce.settings.get(NUMBER)).toMatchObject({
			is_cart_enabled: false,
			is_catalog_visible: true,
		});
	});

	it('refuses an update without a field before any request', async () => {
		const { error } = await run({
			...phoneNumber,
			operation: 'updateCommerceSettings',
			commerceUpdateFields: {},
		});
		expect(error?.message).toBe('Update Fields is empty');
		expect(graphCalls()).toHaveLength(0);
	});
});

describe('Message > Send Carousel', () => {
	const card = (n: number, extra: IDataObject = {}) => ({
		media: `https://example.com/plant-${n}.jpg`,
		text: `Plant ${n}`,
		buttonText: 'Shop now',
		buttonValue: `https://shop.example.com/plant-${n}`,
		...extra,
	});
	const carousel = (parameters: IDataObject) =>
		run({
			...toCustomer,
			operation: 'sendCarousel',
			body: 'Our plants',
			cardMediaType: 'image',
			cardButtonType: 'url',
			...parameters,
		});

	it('sends image cards with a URL button each, indexed in order', async () => {
		const { error } = await carousel({ cards: { card: [card(1), card(2, { text: '' })] } });
		expect(error).toBeUndefined();
		expect(sentInteractive()).toEqual([
			{
				type: 'carousel',
				body: { text: 'Our plants' },
				action: {
					cards: [
						{
							card_index: 0,
							type: 'cta_url',
							header: { type: 'image', image: { link: 'https://example.com/plant-1.jpg' } },
							body: { text: 'Plant 1' },
							action: {
								name: 'cta_url',
								parameters: { display_text: 'Shop now', url: 'https://shop.example.com/plant-1' },
							},
						},
						{
							card_index: 1,
							type: 'cta_url',
							header: { type: 'image', image: { link: 'https://example.com/plant-2.jpg' } },
							action: {
								name: 'cta_url',
								parameters: { display_text: 'Shop now', url: 'https://shop.example.com/plant-2' },
							},
						},
					],
				},
			},
		]);
	});

	it('sends video cards with two quick-reply buttons each', async () => {
		const quick = (n: number) =>
			card(n, {
				buttonValue: `more-${n}`,
				buttonText: 'Learn more',
				secondButtonText: 'Add to favorites',
				secondButtonId: `fav-${n}`,
			});
		const { error } = await carousel({
			cardMediaType: 'video',
			cardButtonType: 'quickReply',
			cards: { card: [quick(1), quick(2)] },
		});
		expect(error).toBeUndefined();
		const sent = sentInteractive()[0] as IDataObject;
		const first = (sent.action as { cards: IDataObject[] }).cards[0];
		expect(first).toEqual({
			card_index: 0,
			type: 'button',
			header: { type: 'video', video: { link: 'https://example.com/plant-1.jpg' } },
			body: { text: 'Plant 1' },
			action: {
				buttons: [
					{ type: 'quick_reply', quick_reply: { id: 'more-1', title: 'Learn more' } },
					{ type: 'quick_reply', quick_reply: { id: 'fav-1', title: 'Add to favorites' } },
				],
			},
		});
	});

	it.each([
		[
			'one card',
			{ cards: { card: [card(1)] } },
			'Cards has 1 cards; a WhatsApp carousel takes 2 to 10',
		],
		[
			'eleven cards',
			{ cards: { card: Array.from({ length: 11 }, (_, i) => card(i)) } },
			// n8n refuses the 11th card itself (maxAllowedFields), before the node runs
			'At most 10 fields are allowed',
		],
		[
			'a card text over 160 characters',
			{ cards: { card: [card(1, { text: 't'.repeat(161) }), card(2)] } },
			'Cards 1: Text is 161 characters; WhatsApp allows at most 160',
		],
		[
			'a media that is neither a link nor an ID',
			{ cards: { card: [card(1), card(2, { media: 'plant.jpg' })] } },
			'Cards 2: Media must be an http or https URL, got "plant.jpg"',
		],
		[
			'cards with different numbers of quick replies',
			{
				cardButtonType: 'quickReply',
				cards: {
					card: [
						card(1, { buttonValue: 'a' }),
						card(2, { buttonValue: 'b', secondButtonText: 'More', secondButtonId: 'c' }),
					],
				},
			},
			'Cards: every card needs the same number of quick-reply buttons (all one, or all two)',
		],
	])('refuses %s before any request', async (_, parameters, message) => {
		const { error } = await carousel(parameters);
		expect(error?.message).toContain(message);
		expect(graphCalls()).toHaveLength(0);
	});
});

describe('Message > Send Product Carousel', () => {
	const productCarousel = (productRetailerIds: string) =>
		run({
			...toCustomer,
			operation: 'sendProductCarousel',
			catalogId: CATALOG,
			body: 'Our teas',
			productRetailerIds,
		});

	it('sends one product card per retailer ID, in order, each naming the catalog', async () => {
		const { error } = await productCarousel('tea-green,\ntea-black');
		expect(error).toBeUndefined();
		expect(sentInteractive()).toEqual([
			{
				type: 'carousel',
				body: { text: 'Our teas' },
				action: {
					cards: [
						{
							card_index: 0,
							type: 'product',
							action: { product_retailer_id: 'tea-green', catalog_id: CATALOG },
						},
						{
							card_index: 1,
							type: 'product',
							action: { product_retailer_id: 'tea-black', catalog_id: CATALOG },
						},
					],
				},
			},
		]);
	});

	it("surfaces Meta's refusal of a product that is not in the catalog", async () => {
		const { error } = await productCarousel('tea-green, sold-out-42');
		expect(JSON.stringify(error)).toContain(
			`Product sold-out-42 (cards[1].action.product_retailer_id) is not in catalog ${CATALOG}`,
		);
		expect(graph.messaging.sent).toHaveLength(0);
	});

	it.each([
		['one product', 'tea-green', 1],
		['eleven products', Array.from({ length: 11 }, (_, i) => `p${i}`).join(','), 11],
	])('refuses %s before any request', async (_, ids, count) => {
		const { error } = await productCarousel(ids);
		expect(error?.message).toBe(
			`Product Retailer IDs has ${count} products; a WhatsApp product carousel takes 2 to 10`,
		);
		expect(graphCalls()).toHaveLength(0);
	});
});
