// Issue 35's operations in the end-to-end run: the commerce sends, the number's commerce settings,
// its blocklist, QR codes and conversational automation, run by the action workflow against the Graph stand-in's commerce part
// and chat entry points (scripts/lib/metaGraphCommerce.ts, metaGraphChatEntry.ts), and the checks on what it received, holds and n8n output.
import type { Execution } from '../../lib/n8n/client';
import { nodeOutput } from '../../lib/n8n/workflows';
import type { MetaGraphStub } from '../../lib/metaGraphStub';
import { PHONE_NUMBER_ID, WABA_ID } from './actionGraph';
import type { ActionStep } from './actionOps';
import type { Check } from './checks';

export const CATALOG_ID = '194836987003835';
const PRODUCTS = ['di9ozbzfi4', 'nqryix03ez', 'tea-green'];
/** A customer who wrote to the number a moment ago: sends reach them, and they can be blocked. */
const SHOPPER = '16505551234';

/** The catalog connected to the account, and the shopper's message that opened the window. */
export function setUpCommerce(graph: MetaGraphStub): void {
	graph.commerce.addCatalog(WABA_ID, CATALOG_ID, PRODUCTS);
	graph.messaging.recordInbound(PHONE_NUMBER_ID, { phone: SHOPPER });
}

const toShopper = {
	resource: 'message',
	recipientMode: 'phone',
	senderPhoneNumberId: { __rl: true, mode: 'id', value: PHONE_NUMBER_ID },
	recipientPhoneNumber: `+${SHOPPER}`,
};
const blocklist = (operation: string, parameters: Record<string, unknown> = {}) => ({
	resource: 'blockedUser',
	operation,
	phoneNumberId: PHONE_NUMBER_ID,
	...parameters,
});

const qr = (operation: string, parameters: Record<string, unknown> = {}) => ({
	resource: 'qrCode',
	operation,
	phoneNumberId: PHONE_NUMBER_ID,
	...parameters,
});
const createdCode = "={{ $('QR Code Create').first().json.code }}";

/** The steps, in the order the action workflow runs them after the older ones. */
export const COMMERCE_STEPS: ActionStep[] = [
	{
		name: 'Message Send Product',
		parameters: {
			...toShopper,
			operation: 'sendProduct',
			catalogId: CATALOG_ID,
			productRetailerId: PRODUCTS[0],
			options: { body: 'Our best seller' },
		},
	},
	{
		name: 'Message Send Product List',
		parameters: {
			...toShopper,
			operation: 'sendProductList',
			catalogId: CATALOG_ID,
			header: 'Menu',
			body: 'Pick what you like',
			products: {
				product: [
					{ section: 'Coffee', productRetailerId: PRODUCTS[0] },
					{ section: 'Coffee', productRetailerId: PRODUCTS[1] },
					{ section: 'Tea', productRetailerId: PRODUCTS[2] },
				],
			},
		},
	},
	{
		name: 'Message Send Product Carousel',
		parameters: {
			...toShopper,
			operation: 'sendProductCarousel',
			catalogId: CATALOG_ID,
			body: 'Our favourites',
			productRetailerIds: PRODUCTS.join(', '),
		},
	},
	{
		name: 'Message Send Catalog',
		parameters: {
			...toShopper,
			operation: 'sendCatalog',
			body: 'Browse our menu',
			thumbnailProductRetailerId: PRODUCTS[2],
		},
	},
	{
		name: 'Message Send Carousel',
		parameters: {
			...toShopper,
			operation: 'sendCarousel',
			body: 'Our plants',
			cardMediaType: 'image',
			cardButtonType: 'quickReply',
			cards: {
				card: [1, 2].map((n) => ({
					media: `https://example.com/plant-${n}.jpg`,
					text: `Plant ${n}`,
					buttonText: 'Learn more',
					buttonValue: `more-${n}`,
				})),
			},
		},
	},
	{
		name: 'Phone Number Update Commerce Settings',
		parameters: {
			resource: 'phoneNumber',
			operation: 'updateCommerceSettings',
			phoneNumberId: PHONE_NUMBER_ID,
			commerceUpdateFields: { is_catalog_visible: true },
		},
	},
	{
		name: 'Phone Number Get Commerce Settings',
		parameters: {
			resource: 'phoneNumber',
			operation: 'getCommerceSettings',
			phoneNumberId: PHONE_NUMBER_ID,
		},
	},
	{ name: 'Blocked User Block', parameters: blocklist('block', { users: `+${SHOPPER}` }) },
	{ name: 'Blocked User Get Many', parameters: blocklist('getAll', { returnAll: true }) },
	{ name: 'Blocked User Unblock', parameters: blocklist('unblock', { users: `+${SHOPPER}` }) },
	{
		name: 'QR Code Create',
		parameters: qr('create', { prefilledMessage: 'Show me the menu', imageFormat: 'SVG' }),
	},
	{ name: 'QR Code Get', parameters: qr('get', { qrCode: createdCode, imageFormat: 'PNG' }) },
	{
		name: 'QR Code Update',
		parameters: qr('update', { qrCode: createdCode, prefilledMessage: 'Order again' }),
	},
	{ name: 'QR Code Get Many', parameters: qr('getAll', { returnAll: true }) },
	{ name: 'QR Code Delete', parameters: qr('delete', { qrCode: createdCode }) },
	{
		name: 'Phone Number Update Conversational Automation',
		parameters: {
			resource: 'phoneNumber',
			operation: 'updateConversationalAutomation',
			phoneNumberId: PHONE_NUMBER_ID,
			automationUpdateFields: {
				enableWelcomeMessage: true,
				prompts: { prompt: [{ text: 'Show me the menu' }] },
				commands: { command: [{ name: 'menu', description: 'See the menu' }] },
			},
		},
	},
	{
		name: 'Phone Number Get Conversational Automation',
		parameters: {
			resource: 'phoneNumber',
			operation: 'getConversationalAutomation',
			phoneNumberId: PHONE_NUMBER_ID,
		},
	},
];

/** Checks on what the stand-in received and holds, and what each commerce step output. */
export function checkCommerce({
	execution,
	graph,
	check,
}: {
	execution: Execution | undefined;
	graph: MetaGraphStub;
	check: Check;
}): void {
	const out = (step: string) => nodeOutput(execution, step) ?? [];
	const sent = (type: string) =>
		graph.messaging.sent.find(
			(m) => (m.body.interactive as Record<string, unknown> | undefined)?.type === type,
		);
	const product = sent('product');
	check(
		'Message Send Product: a single-product message, its wamid output',
		JSON.stringify(product?.body.interactive) ===
			JSON.stringify({
				type: 'product',
				body: { text: 'Our best seller' },
				action: { catalog_id: CATALOG_ID, product_retailer_id: PRODUCTS[0] },
			}) && out('Message Send Product')[0]?.messageId === product?.wamid,
		JSON.stringify(product?.body.interactive),
	);
	const list = sent('product_list')?.body.interactive as Record<string, any> | undefined;
	check(
		'Message Send Product List: a text header and two sections, grouped by title',
		list?.header?.text === 'Menu' &&
			JSON.stringify(list?.action?.sections?.map((s: Record<string, any>) => s.title)) ===
				'["Coffee","Tea"]' &&
			list?.action?.sections?.[0]?.product_items?.length === 2 &&
			typeof out('Message Send Product List')[0]?.messageId === 'string',
		JSON.stringify(list?.action),
	);
	const productCards = graph.messaging.sent
		.map((m) => m.body.interactive as Record<string, any> | undefined)
		.find((i) => i?.type === 'carousel' && i?.action?.cards?.[0]?.type === 'product');
	check(
		'Message Send Product Carousel: one product card per retailer ID, each naming the catalog',
		JSON.stringify(
			productCards?.action?.cards?.map((c: Record<string, any>) => c.action.product_retailer_id),
		) === JSON.stringify(PRODUCTS) &&
			productCards?.action?.cards?.every(
				(c: Record<string, any>) => c.action.catalog_id === CATALOG_ID,
			) &&
			typeof out('Message Send Product Carousel')[0]?.messageId === 'string',
		JSON.stringify(productCards?.action),
	);
	const catalog = sent('catalog_message')?.body.interactive as Record<string, any> | undefined;
	check(
		'Message Send Catalog: the thumbnail product',
		catalog?.action?.parameters?.thumbnail_product_retailer_id === PRODUCTS[2] &&
			typeof out('Message Send Catalog')[0]?.messageId === 'string',
	);
	// the media carousel: the one whose cards are not product cards
	const carousel = graph.messaging.sent
		.map((m) => m.body.interactive as Record<string, any> | undefined)
		.find((i) => i?.type === 'carousel' && i?.action?.cards?.[0]?.type !== 'product');
	check(
		'Message Send Carousel: two image cards with a quick-reply button each, indexed',
		JSON.stringify(carousel?.action?.cards?.map((c: Record<string, any>) => c.card_index)) ===
			'[0,1]' &&
			carousel?.action?.cards?.[1]?.action?.buttons?.[0]?.quick_reply?.id === 'more-2' &&
			typeof out('Message Send Carousel')[0]?.messageId === 'string',
		JSON.stringify(carousel?.action?.cards?.[0]),
	);
	check(
		'Phone Number Update / Get Commerce Settings: catalog shown through a query parameter, read back',
		graph.requests.some(
			(r) =>
				r.method === 'POST' &&
				r.path === `/${PHONE_NUMBER_ID}/whatsapp_commerce_settings` &&
				r.query.is_catalog_visible === 'true',
		) &&
			out('Phone Number Update Commerce Settings')[0]?.success === true &&
			out('Phone Number Get Commerce Settings')[0]?.is_catalog_visible === true &&
			out('Phone Number Get Commerce Settings')[0]?.is_cart_enabled === true,
		JSON.stringify(out('Phone Number Get Commerce Settings')),
	);
	check(
		'Blocked User Block, Get Many, Unblock: the shopper blocked, listed, unblocked',
		out('Blocked User Block')[0]?.waId === SHOPPER &&
			out('Blocked User Block')[0]?.blocked === true &&
			JSON.stringify(out('Blocked User Get Many').map((u) => u.waId)) === `["${SHOPPER}"]` &&
			out('Blocked User Unblock')[0]?.blocked === false &&
			graph.commerce.blocked(PHONE_NUMBER_ID).length === 0,
		JSON.stringify(out('Blocked User Get Many')),
	);
	const code = String(out('QR Code Create')[0]?.code ?? '');
	check(
		'QR Code Create, Get, Update, Get Many, Delete: an SVG on creation, a PNG asked for, the new message listed, then gone',
		code !== '' &&
			out('QR Code Create')[0]?.qr_image_url === `https://scontent.whatsapp.net/v/qr/${code}.svg` &&
			out('QR Code Get')[0]?.qr_image_url === `https://scontent.whatsapp.net/v/qr/${code}.png` &&
			out('QR Code Update')[0]?.prefilled_message === 'Order again' &&
			JSON.stringify(out('QR Code Get Many').map((c) => c.prefilled_message)) ===
				'["Order again"]' &&
			out('QR Code Delete')[0]?.deleted === true &&
			graph.chatEntry.qrCodes(PHONE_NUMBER_ID).length === 0,
		JSON.stringify(out('QR Code Get Many')),
	);
	const automation = out('Phone Number Get Conversational Automation')[0];
	check(
		'Phone Number Update / Get Conversational Automation: ice breaker, command and welcome message set and read back',
		out('Phone Number Update Conversational Automation')[0]?.success === true &&
			automation?.enable_welcome_message === true &&
			JSON.stringify(automation?.prompts) === '["Show me the menu"]' &&
			JSON.stringify(automation?.commands) ===
				'[{"command_name":"menu","command_description":"See the menu"}]',
		JSON.stringify(automation),
	);
}
