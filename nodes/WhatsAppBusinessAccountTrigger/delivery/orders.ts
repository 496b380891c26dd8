import { isObject, type Json } from '../../shared/json';

/** One line of a customer's order: what Meta's `product_items` entry says, and its amount. */
export interface OrderLine {
	productRetailerId: string | null;
	quantity: number | null;
	itemPrice: number | null;
	currency: string | null;
	/** quantity × item price, in the currency's decimals; null when either is missing. */
	amount: number | null;
}

/** An `order` message as a message item carries it: typed lines and what they add up to. */
export interface Order {
	catalogId: string | null;
	text: string | null;
	lines: OrderLine[];
	/** How many products in all (the sum of the quantities). */
	quantity: number;
	/**
	 * The sum of the lines' amounts; null when a line has no amount or the lines are in more
	 * than one currency (Meta sends the catalog's currency on each line).
	 */
	total: number | null;
	currency: string | null;
}

/** The product a customer asked about from a product's "Message business" button. */
export interface ReferredProduct {
	catalogId: string | null;
	productRetailerId: string | null;
}

const text = (value: unknown) => (typeof value === 'string' ? value : null);
const finite = (value: unknown) =>
	typeof value === 'number' && Number.isFinite(value) ? value : null;

/** Decimal places of a price as written (7.99 → 2), so that sums come out exact. */
function decimals(value: number): number {
	const [, fraction = ''] = String(value).split('.');
	return /e/i.test(String(value)) ? 0 : fraction.length;
}

/** Σ quantity × price without binary fractions: each in units of the finest decimal used. */
function exactSum(parts: Array<[number, number]>): number {
	const places = Math.max(0, ...parts.map(([, price]) => decimals(price)));
	const scale = 10 ** places;
	const units = parts.reduce(
		(sum, [quantity, price]) => sum + quantity * Math.round(price * scale),
		0,
	);
	return units / scale;
}

function lineOf(item: unknown): OrderLine {
	const entry = isObject(item) ? item : {};
	const quantity = finite(entry.quantity);
	const itemPrice = finite(entry.item_price);
	return {
		productRetailerId: text(entry.product_retailer_id),
		quantity,
		itemPrice,
		currency: text(entry.currency),
		amount: quantity !== null && itemPrice !== null ? exactSum([[quantity, itemPrice]]) : null,
	};
}

/** The order of an `order` message, typed, with its total; null for any other message. */
export function orderOf(message: Json): Order | null {
	if (message.type !== 'order' || !isObject(message.order)) return null;
	const { order } = message;
	const lines = (Array.isArray(order.product_items) ? order.product_items : []).map(lineOf);
	const currencies = new Set(lines.map((line) => line.currency));
	const priced = lines.every((line) => line.amount !== null);
	const currency = currencies.size === 1 ? [...currencies][0] : null;
	return {
		catalogId: text(order.catalog_id),
		text: text(order.text),
		lines,
		quantity: lines.reduce((sum, line) => sum + (line.quantity ?? 0), 0),
		total:
			priced && currency !== null && lines.length
				? exactSum(lines.map((line) => [line.quantity!, line.itemPrice!]))
				: null,
		currency,
	};
}

/** The product a message asks about (`context.referred_product`), or null. */
export function referredProductOf(message: Json): ReferredProduct | null {
	const context = isObject(message.context) ? message.context : null;
	const product = context && isObject(context.referred_product) ? context.referred_product : null;
	if (!product) return null;
	return {
		catalogId: text(product.catalog_id),
		productRetailerId: text(product.product_retailer_id),
	};
}
