/**
 * Orders and product questions at the trigger: in message mode an `order` message's item carries
 * the cart as typed lines (retailer ID, quantity, price, currency, amount) with the quantity and
 * total computed exactly (no binary fractions), beside the customer who ordered; a question
 * from a product's "Message business" button carries the product (`referredProduct`). Nothing is
 * dropped: a line Meta sent without a price keeps its item, which validation flags.
 */
import { processDelivery } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/processDelivery';
import { DEFAULT_DELIVERY_OPTIONS } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/options';
import { signBody } from '../../nodes/shared/webhook/signature';
import { fixture } from './support';

const SECRET = 'orders-test-secret';

function messageItems(raw: Buffer): Array<Record<string, any>> {
	const result = processDelivery(raw, { 'x-hub-signature-256': signBody(raw, SECRET) }, SECRET, {
		...DEFAULT_DELIVERY_OPTIONS,
		outputMode: 'message',
	});
	expect(result.status).toBe(200);
	const [main, invalid] = result.outputs ?? [[], []];
	return JSON.parse(JSON.stringify([...main, ...invalid])) as Array<Record<string, any>>;
}

/** A fixture's delivery with its first message changed. */
function withMessage(file: string, change: (message: Record<string, any>) => void): Buffer {
	const delivery = JSON.parse(fixture(file).toString('utf8'));
	change(delivery.entry[0].changes[0].value.messages[0]);
	return Buffer.from(JSON.stringify(delivery));
}

describe('order messages', () => {
	it("turns Meta's example order into a typed line and its total, beside the customer", () => {
		const [item] = messageItems(fixture('webhooks/messages/order-meta-example.json'));
		expect(item.event).toBe('order');
		expect(item.validation.valid).toBe(true);
		expect(item.customer).toMatchObject({ phone: '16505551234', name: 'Sheena Nelson' });
		expect(item.order).toEqual({
			catalogId: '194836987003835',
			text: 'Love these!',
			lines: [
				{
					productRetailerId: 'di9ozbzfi4',
					quantity: 2,
					itemPrice: 7.99,
					currency: 'USD',
					amount: 15.98,
				},
			],
			quantity: 2,
			total: 15.98,
			currency: 'USD',
		});
	});

	it('adds up several lines exactly (2 × 30 + 1 × 25.5)', () => {
		const [item] = messageItems(fixture('webhooks/messages/order.json'));
		expect(item.order.lines.map((line: Record<string, unknown>) => line.amount)).toEqual([
			60, 25.5,
		]);
		expect(item.order).toMatchObject({ quantity: 3, total: 85.5, currency: 'USD' });
	});

	it('sums prices whose binary fractions would drift (3 × 0.1 + 0.2 is 0.5)', () => {
		const raw = withMessage('webhooks/messages/order.json', (message) => {
			message.order.product_items = [
				{ product_retailer_id: 'a', quantity: 3, item_price: 0.1, currency: 'EUR' },
				{ product_retailer_id: 'b', quantity: 1, item_price: 0.2, currency: 'EUR' },
			];
		});
		expect(messageItems(raw)[0].order).toMatchObject({ total: 0.5, currency: 'EUR' });
	});

	it('gives no total for lines in several currencies', () => {
		const raw = withMessage('webhooks/messages/order.json', (message) => {
			message.order.product_items[1].currency = 'EUR';
		});
		expect(messageItems(raw)[0].order).toMatchObject({ quantity: 3, total: null, currency: null });
	});

	it('keeps a line without a price, with no amount and no total, and flags it', () => {
		const raw = withMessage('webhooks/messages/order.json', (message) => {
			delete message.order.product_items[0].item_price;
		});
		const [item] = messageItems(raw);
		expect(item.order.lines[0]).toMatchObject({ productRetailerId: 'di9ozbzfi4', amount: null });
		expect(item.order.total).toBeNull();
		expect(item.validation.valid).toBe(false);
		expect(item.validation.errors).toContainEqual(
			expect.objectContaining({
				path: '/entry/0/changes/0/value/messages/0/order/product_items/0/item_price',
				kind: 'missing_property',
			}),
		);
	});

	it('leaves other messages without an order', () => {
		const [item] = messageItems(fixture('webhooks/messages/location.json'));
		expect(item).not.toHaveProperty('order');
		expect(item).not.toHaveProperty('referredProduct');
	});
});

describe('product questions', () => {
	it('names the product a "Message business" question is about', () => {
		const [item] = messageItems(fixture('webhooks/messages/context-referred-product.json'));
		expect(item.referredProduct).toEqual({
			catalogId: '194836987003835',
			productRetailerId: 'di9ozbzfi4',
		});
		expect(item.value.text.body).toBe('Is this in stock?');
	});
});
