/**
 * Commerce and a number's chat settings in the Graph stand-in (scripts/lib/metaGraphStub.ts), as
 * Meta documents them ("Sell products and services", "Set commerce settings", "Block users"):
 * - catalogs connected to a WABA, with their products by retailer ID (`addCatalog`);
 * - interactive `product`, `product_list`, `catalog_message` and `carousel` sends, checked before
 *   metaGraphMessaging.ts sends them: the catalog must be the one connected to the number's
 *   WABA and every product in it (131009), a product list 1 to 10 sections and at most 30
 *   products (131009), a catalog message needs a connected catalog (131009), a media carousel
 *   2 to 10 cards with the same header type and buttons (131009);
 * - GET/POST /{phone-number-id}/whatsapp_commerce_settings: `{data:[{is_cart_enabled,
 *   is_catalog_visible, id}]}`, set through query parameters `true`/`false` (cart on and
 *   catalog hidden by default, as Meta documents);
 * - POST/DELETE/GET /{phone-number-id}/block_users: at most 1,000 users a call (100), only users
 *   who wrote to the number in the last 24 hours can be blocked (139100 with the failed users),
 *   a blocklist of at most 64,000 (139101); unblocking has no 24-hour rule; the list is paged.
 *
 *   graph.commerce.addCatalog(wabaId, '194836987003835', ['di9ozbzfi4', 'nqryix03ez']);
 *   graph.commerce.blocked(phoneNumberId);          // the blocklist, to assert on
 */
import { randomInt } from 'crypto';

import { isObject } from './isObject';
import type { MetaGraphMessaging } from './metaGraphMessaging';
import {
	GraphStubError,
	type GraphState,
	type RecordedRequest,
	type StubAnswer,
} from './metaGraphState';

/** Meta's limits: products and sections of a multi-product message, users of a block call and list. */
export const COMMERCE_STAND_IN_LIMITS = {
	productListSections: 10,
	productListProducts: 30,
	blockUsersPerCall: 1000,
	blocklist: 64_000,
} as const;

interface CommerceSettings {
	id: string;
	is_cart_enabled: boolean;
	is_catalog_visible: boolean;
}

type Obj = Record<string, unknown>;

/** Meta's messaging refusal: the envelope with `error_data.details`. */
const invalid = (details: string) =>
	new GraphStubError(
		400,
		131009,
		'(#131009) Parameter value is not valid',
		undefined,
		'OAuthException',
		{
			messaging_product: 'whatsapp',
			details,
		},
	);

const invalidParameter = (message: string) => new GraphStubError(400, 100, `(#100) ${message}`);

export class MetaGraphCommerce {
	/** wabaId → its connected catalog: ID and the products' retailer IDs. */
	readonly catalogs = new Map<string, { id: string; products: Set<string> }>();
	/** phoneNumberId → its commerce settings, once read or written. */
	readonly settings = new Map<string, CommerceSettings>();
	/** phoneNumberId → the blocked users' phone numbers (digits), in the order blocked. */
	readonly blocklists = new Map<string, string[]>();

	constructor(
		private readonly graph: GraphState,
		private readonly messaging: MetaGraphMessaging,
	) {}

	/** Connects a catalog with these products (retailer IDs) to a WABA. */
	addCatalog(wabaId: string, catalogId: string, retailerIds: string[]): void {
		this.catalogs.set(wabaId, { id: catalogId, products: new Set(retailerIds) });
	}

	/** The numbers a business number has blocked, as digits. */
	blocked(phoneNumberId: string): string[] {
		return [...(this.blocklists.get(phoneNumberId) ?? [])];
	}

	route(r: RecordedRequest): StubAnswer | undefined {
		const [id, edge, ...rest] = r.path.split('/').filter(Boolean);
		const number = id ? this.graph.phoneNumbers.get(id) : undefined;
		if (rest.length || !number) return undefined;
		if (edge === 'messages' && r.method === 'POST') {
			// checked here, sent by metaGraphMessaging.ts: nothing to answer when it passes
			this.checkCommerceMessage(r.json, number.wabaId, id);
			return undefined;
		}
		if (edge === 'whatsapp_commerce_settings') return this.commerceSettings(r, id);
		if (edge === 'block_users') return this.blockUsers(r, id);
		return undefined;
	}

	// ---- product and catalog messages ---------------------------------------------------

	private checkCommerceMessage(body: unknown, wabaId: string, phoneNumberId: string): void {
		if (!isObject(body) || body.type !== 'interactive' || !isObject(body.interactive)) return;
		const { type, action } = body.interactive;
		if (type === 'carousel') {
			const cards: unknown[] = isObject(action) && Array.isArray(action.cards) ? action.cards : [];
			if (!cards.some((card) => isObject(card) && card.type === 'product'))
				return this.checkCarousel(body.interactive, phoneNumberId);
		}
		if (!['product', 'product_list', 'catalog_message', 'carousel'].includes(String(type))) return;
		const catalog = this.catalogs.get(wabaId);
		if (!catalog) throw invalid('No catalog is connected to this WhatsApp Business Account');
		const act: Obj = isObject(action) ? action : {};
		const known = (retailerId: unknown, where: string) => {
			if (typeof retailerId !== 'string' || !catalog.products.has(retailerId))
				throw invalid(`Product ${String(retailerId)} (${where}) is not in catalog ${catalog.id}`);
		};
		if (type === 'catalog_message') {
			const parameters = isObject(act.parameters) ? act.parameters : {};
			if (parameters.thumbnail_product_retailer_id !== undefined)
				known(parameters.thumbnail_product_retailer_id, 'thumbnail_product_retailer_id');
			return;
		}
		if (type === 'carousel') return this.checkProductCarousel(act, catalog.id, known);
		if (String(act.catalog_id) !== catalog.id)
			throw invalid(
				`Catalog ${String(act.catalog_id)} is not connected to this WhatsApp Business Account`,
			);
		if (type === 'product') return known(act.product_retailer_id, 'product_retailer_id');
		const sections = Array.isArray(act.sections) ? act.sections : [];
		const { productListSections, productListProducts } = COMMERCE_STAND_IN_LIMITS;
		if (sections.length < 1 || sections.length > productListSections)
			throw invalid(`sections must have 1 to ${productListSections} items`);
		let total = 0;
		sections.forEach((section: unknown, s) => {
			const items =
				isObject(section) && Array.isArray(section.product_items) ? section.product_items : [];
			if (!items.length) throw invalid(`sections[${s}].product_items must have at least 1 item`);
			if (sections.length > 1 && !(isObject(section) && section.title))
				throw invalid(`sections[${s}].title is required when there are several sections`);
			items.forEach((item: unknown, i) =>
				known(
					isObject(item) ? item.product_retailer_id : undefined,
					`sections[${s}].product_items[${i}]`,
				),
			);
			total += items.length;
		});
		if (total > productListProducts)
			throw invalid(`A product list takes at most ${productListProducts} products; got ${total}`);
		if (!isObject(body.interactive.header) || body.interactive.header.type !== 'text')
			throw invalid('A product list needs a text header');
	}

	/**
	 * An interactive media carousel: a body, 2 to 10 cards with the same header type (image or
	 * video, a link or a media ID of this number) and the same kind and number of buttons.
	 */
	private checkCarousel(interactive: Obj, phoneNumberId: string): void {
		const cards =
			isObject(interactive.action) && Array.isArray(interactive.action.cards)
				? interactive.action.cards
				: [];
		if (!isObject(interactive.body) || !interactive.body.text)
			throw invalid('A carousel needs a body text');
		if (interactive.header !== undefined || interactive.footer !== undefined)
			throw invalid('A carousel takes no header or footer');
		if (cards.length < 2 || cards.length > 10) throw invalid('cards must have 2 to 10 items');
		const shapes = new Set<string>();
		cards.forEach((card: unknown, i) => {
			const c: Obj = isObject(card) ? card : {};
			if (c.card_index !== i) throw invalid(`cards[${i}].card_index must be ${i}`);
			const header: Obj = isObject(c.header) ? c.header : {};
			const kind = String(header.type);
			if (kind !== 'image' && kind !== 'video')
				throw invalid(`cards[${i}].header.type must be image or video`);
			const media: Obj = isObject(header[kind]) ? (header[kind] as Obj) : {};
			if (media.id !== undefined) {
				const known = this.messaging.media.get(String(media.id));
				if (!known || known.phoneNumberId !== phoneNumberId)
					throw invalid(`Invalid media ID ${String(media.id)}`);
			} else if (typeof media.link !== 'string' || !/^https?:\/\//.test(media.link))
				throw invalid(`cards[${i}].header needs an id or an http(s) link`);
			const act: Obj = isObject(c.action) ? c.action : {};
			const buttons = Array.isArray(act.buttons) ? act.buttons.length : 0;
			shapes.add(`${kind} ${String(c.type)} ${c.type === 'cta_url' ? 1 : buttons}`);
			if (c.type === 'button' && buttons < 1)
				throw invalid(`cards[${i}].action.buttons must have at least 1 item`);
		});
		if (shapes.size > 1)
			throw invalid(
				'All cards must have the same header type and the same kind and number of buttons',
			);
	}

	/** A product carousel: 2 to 10 `product` cards, in order, of the connected catalog. */
	private checkProductCarousel(
		action: Obj,
		catalogId: string,
		known: (retailerId: unknown, where: string) => void,
	): void {
		const cards = Array.isArray(action.cards) ? action.cards : [];
		if (cards.length < 2 || cards.length > 10) throw invalid('cards must have 2 to 10 items');
		cards.forEach((card: unknown, i) => {
			const c: Obj = isObject(card) ? card : {};
			if (c.card_index !== i) throw invalid(`cards[${i}].card_index must be ${i}`);
			if (c.type !== 'product')
				throw invalid('All cards of a product carousel must be product cards');
			const act: Obj = isObject(c.action) ? c.action : {};
			if (String(act.catalog_id) !== catalogId)
				throw invalid(
					`Catalog ${String(act.catalog_id)} is not connected to this WhatsApp Business Account`,
				);
			known(act.product_retailer_id, `cards[${i}].action.product_retailer_id`);
		});
	}

	// ---- commerce settings --------------------------------------------------------------

	private settingsOf(phoneNumberId: string): CommerceSettings {
		let settings = this.settings.get(phoneNumberId);
		if (!settings) {
			// Meta's defaults: cart on, storefront icon hidden
			settings = {
				id: `${randomInt(1e8, 9e8)}${randomInt(1e6, 9e6)}`,
				is_cart_enabled: true,
				is_catalog_visible: false,
			};
			this.settings.set(phoneNumberId, settings);
		}
		return settings;
	}

	private commerceSettings(r: RecordedRequest, phoneNumberId: string): StubAnswer {
		const settings = this.settingsOf(phoneNumberId);
		if (r.method === 'GET') return [200, { data: [{ ...settings }] }];
		if (r.method !== 'POST')
			throw invalidParameter(`Unsupported ${r.method.toLowerCase()} request.`);
		const names = ['is_cart_enabled', 'is_catalog_visible'] as const;
		const given = names.filter((name) => r.query[name] !== undefined || r.body[name] !== undefined);
		if (!given.length)
			throw invalidParameter('The parameter is_cart_enabled or is_catalog_visible is required');
		for (const name of given) {
			const value = r.query[name] ?? r.body[name];
			if (value !== 'true' && value !== 'false')
				throw invalidParameter(`Param ${name} must be a boolean`);
			settings[name] = value === 'true';
		}
		return [200, { success: true }];
	}

	// ---- blocked users ------------------------------------------------------------------

	private blockUsers(r: RecordedRequest, phoneNumberId: string): StubAnswer {
		const list = this.blocklists.get(phoneNumberId) ?? [];
		this.blocklists.set(phoneNumberId, list);
		if (r.method === 'GET') {
			const paged = this.graph.page(list, r);
			// Meta wraps the page's users in one `block_users` object
			return [
				200,
				{
					data: [
						{ block_users: paged.data.map((wa_id) => ({ messaging_product: 'whatsapp', wa_id })) },
					],
					paging: paged.paging,
				},
			];
		}
		if (r.method !== 'POST' && r.method !== 'DELETE')
			throw invalidParameter(`Unsupported ${r.method.toLowerCase()} request.`);
		const body = isObject(r.json) ? r.json : {};
		if (body.messaging_product !== 'whatsapp')
			throw invalidParameter('The parameter messaging_product is required and must be whatsapp');
		const users = Array.isArray(body.block_users) ? body.block_users : [];
		if (!users.length) throw invalidParameter('The parameter block_users is required');
		if (users.length > COMMERCE_STAND_IN_LIMITS.blockUsersPerCall)
			throw invalidParameter(
				`Param block_users must have at most ${COMMERCE_STAND_IN_LIMITS.blockUsersPerCall} items`,
			);
		const done: Obj[] = [];
		const failed: Obj[] = [];
		for (const entry of users) {
			const input = isObject(entry) && typeof entry.user === 'string' ? entry.user : '';
			const digits = input.replace(/[\s()+.-]/g, '');
			if (!/^[0-9]{7,15}$/.test(digits)) {
				failed.push(
					this.failedUser(
						input,
						131009,
						'Parameter value is not valid',
						`${input} is not a valid phone number`,
					),
				);
				continue;
			}
			const index = list.indexOf(digits);
			if (r.method === 'DELETE') {
				if (index >= 0) list.splice(index, 1);
				done.push({ input, wa_id: digits });
				continue;
			}
			if (index >= 0) {
				done.push({ input, wa_id: digits });
				continue;
			}
			if (!this.messaging.windowOpen(phoneNumberId, { phone: digits })) {
				failed.push(
					this.failedUser(
						input,
						139100,
						'Failed to block/unblock users',
						'A user can only be blocked within 24 hours of their last message to this number',
					),
				);
				continue;
			}
			if (list.length >= COMMERCE_STAND_IN_LIMITS.blocklist)
				throw new GraphStubError(400, 139101, '(#139101) Blocklist limit reached');
			list.push(digits);
			done.push({ input, wa_id: digits });
		}
		const key = r.method === 'DELETE' ? 'removed_users' : 'added_users';
		if (failed.length)
			throw new GraphStubError(
				400,
				139100,
				'(#139100) Failed to block/unblock users',
				undefined,
				'OAuthException',
				{
					details: `Failed to ${r.method === 'DELETE' ? 'unblock' : 'block'} some users, see the block_users response list for details`,
					block_users: { [key]: done, failed_users: failed },
				},
			);
		return [200, { messaging_product: 'whatsapp', block_users: { [key]: done } }];
	}

	private failedUser(input: string, code: number, message: string, details: string): Obj {
		return { input, errors: [{ message, code, error_data: { details } }] };
	}
}
