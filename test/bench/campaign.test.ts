import { chatbotConversation, statusStorm } from '../../scripts/bench/campaign';
import { rateSteps } from '../../scripts/bench/openLoop';
import { validateDelivery } from '../../nodes/shared/generated/validators';

type Json = Record<string, any>;

const parse = (raw: Buffer) => JSON.parse(raw.toString('utf8')) as Json;
const status = (raw: Buffer) =>
	parse(raw).entry[0].changes[0].value.statuses?.[0] as Json | undefined;

describe('status storm campaign', () => {
	const storm = statusStorm({ outbound: 300 });

	test('every outbound message gets its sent, delivered and read delivery, in that order, as valid deliveries', () => {
		const seen = new Map<string, string[]>();
		for (const d of storm.filter((x) => !x.redelivery)) {
			expect(validateDelivery(parse(d.raw))).toBe(true);
			if (d.kind === 'inbound') continue;
			const s = status(d.raw)!;
			expect(s.status).toBe(d.kind);
			seen.set(s.id, [...(seen.get(s.id) ?? []), s.status]);
		}
		expect(seen.size).toBe(300);
		for (const order of seen.values()) expect(order).toEqual(['sent', 'delivered', 'read']);
	});

	test('statuses of different messages interleave, and some recipients write back', () => {
		const firstIds = storm
			.filter((d) => d.kind !== 'inbound')
			.slice(0, 60)
			.map((d) => status(d.raw)!.id);
		// within the first 60 status deliveries, more than one message is in flight
		expect(new Set(firstIds).size).toBeGreaterThan(20);
		const readOfFirst = storm.findIndex((d) => d.kind === 'read');
		expect(storm.slice(0, readOfFirst).filter((d) => d.kind === 'sent').length).toBeGreaterThan(
			100,
		);
		expect(storm.filter((d) => d.kind === 'inbound').length).toBeGreaterThan(10);
	});

	test('redeliveries repeat earlier bytes exactly, later in the sequence', () => {
		const redeliveries = storm.map((d, i) => ({ d, i })).filter(({ d }) => d.redelivery);
		expect(redeliveries.length).toBeGreaterThan(5);
		for (const { d, i } of redeliveries) {
			const first = storm.findIndex((x) => !x.redelivery && x.raw.equals(d.raw));
			expect(first).toBeGreaterThanOrEqual(0);
			expect(first).toBeLessThan(i);
		}
	});

	test('the same seed gives the same bytes', () => {
		const again = statusStorm({ outbound: 300 });
		expect(
			Buffer.concat(again.map((d) => d.raw)).equals(Buffer.concat(storm.map((d) => d.raw))),
		).toBe(true);
	});

	test("a chatbot conversation: each customer message followed by its answer's three statuses", () => {
		expect(chatbotConversation(3).map((d) => d.kind)).toEqual([
			'inbound',
			'sent',
			'delivered',
			'read',
			'inbound',
			'sent',
			'delivered',
			'read',
			'inbound',
			'sent',
			'delivered',
			'read',
		]);
	});

	test('offered rates grow by about a third per step', () => {
		expect(rateSteps(2, 40)).toEqual([2, 4, 6, 9, 13, 18, 24, 32]);
	});
});
