import {
	BIG_ID,
	byId,
	graph,
	page,
	phoneNumber,
	PROOF,
	versionPath,
	WABA_ID,
} from './support/graph';
import { runNode } from './support/runner';
import { useGraphMocks } from './support/setup';

useGraphMocks();

describe('Phone Number', () => {
	it("List returns one item per number with Graph's default fields", async () => {
		const numbers = [
			phoneNumber('106540352242922', '+1 555-025-3483'),
			phoneNumber('106540352242923', '+1 555-025-3484'),
		];
		graph()
			.get(versionPath(`/${WABA_ID}/phone_numbers`))
			.query({ appsecret_proof: PROOF })
			.reply(200, page(numbers));
		const { items, error } = await runNode({
			parameters: {
				resource: 'phoneNumber',
				operation: 'list',
				wabaId: byId(WABA_ID),
				returnAll: true,
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual(numbers);
	});

	it('List asks for chosen fields and a page size with a Limit', async () => {
		graph()
			.get(versionPath(`/${WABA_ID}/phone_numbers`))
			.query({ fields: 'id,quality_rating', limit: '10', appsecret_proof: PROOF })
			.reply(200, { data: [{ id: '106540352242922', quality_rating: 'GREEN' }] });
		const { items } = await runNode({
			parameters: {
				resource: 'phoneNumber',
				operation: 'list',
				wabaId: byId(WABA_ID),
				limit: 10,
				fields: ['id', 'quality_rating'],
			},
		});
		expect(items.map((i) => i.json)).toEqual([{ id: '106540352242922', quality_rating: 'GREEN' }]);
	});

	it('Get reads one number by its own id (no account needed) and keeps a 64-bit id exact', async () => {
		const answer = { ...phoneNumber(BIG_ID, '+1 555-025-3483'), messaging_limit_tier: 'TIER_1K' };
		graph()
			.get(versionPath(`/${BIG_ID}`))
			.query({ fields: 'id,display_phone_number,messaging_limit_tier', appsecret_proof: PROOF })
			.reply(200, JSON.stringify(answer), { 'content-type': 'application/json' });
		const { items, error } = await runNode({
			parameters: {
				resource: 'phoneNumber',
				operation: 'get',
				phoneNumberId: BIG_ID,
				fields: ['id', 'display_phone_number', 'messaging_limit_tier'],
			},
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual(answer);
		expect(items[0].json.id).toBe('9007199254740993123');
	});
});
