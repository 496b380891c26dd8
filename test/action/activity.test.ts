import { byId, graph, page, PROOF, versionPath, WABA_ID } from './support/graph';
import { runNode } from './support/runner';
import { useGraphMocks } from './support/setup';

useGraphMocks();

const path = versionPath(`/${WABA_ID}/activities`);
const ALL_FIELDS = 'id,event_type,category,timestamp,actor_id,actor_business_id';

/** Entries shaped as Meta's example of GET /{waba-id}/activities, newest first. */
const activity = (id: string, eventType: string, category: string, timestamp: number) => ({
	id,
	event_type: eventType,
	category,
	timestamp,
	actor_id: '9876543210987654',
	actor_business_id: '5678901234567890',
});
const first = [
	activity('1234567890123456', 'PHONE_NUMBER_ADDED', 'PHONE_NUMBER', 1697377800),
	activity('1234567890123457', 'USER_ADDED', 'USER', 1697374200),
];
const second = [activity('1234567890123458', 'TEMPLATE_CREATED', 'TEMPLATE', 1697300000)];

describe('Activity > Get Many', () => {
	it('reads every page with all fields and adds an ISO time', async () => {
		graph()
			.get(path)
			.query({ fields: ALL_FIELDS, appsecret_proof: PROOF })
			.reply(200, page(first, 'NDMyNzQyODI3OTQw', `/${WABA_ID}/activities`));
		graph()
			.get(path)
			.query({ fields: ALL_FIELDS, after: 'NDMyNzQyODI3OTQw', appsecret_proof: PROOF })
			.reply(200, page(second, undefined, `/${WABA_ID}/activities`));
		const { items, error } = await runNode({
			parameters: {
				resource: 'activity',
				operation: 'getAll',
				wabaId: byId(WABA_ID),
				returnAll: true,
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([
			{ ...first[0], time: '2023-10-15T13:50:00.000Z' },
			{ ...first[1], time: '2023-10-15T12:50:00.000Z' },
			{ ...second[0], time: '2023-10-14T16:13:20.000Z' },
		]);
	});

	it('keeps only activities between After and Before, up to the limit', async () => {
		graph()
			.get(path)
			.query({ fields: 'event_type,timestamp', limit: '2', appsecret_proof: PROOF })
			.reply(200, page(first, 'NDMyNzQyODI3OTQw', `/${WABA_ID}/activities`));
		graph()
			.get(path)
			.query({
				fields: 'event_type,timestamp',
				limit: '2',
				after: 'NDMyNzQyODI3OTQw',
				appsecret_proof: PROOF,
			})
			.reply(200, page(second, undefined, `/${WABA_ID}/activities`));
		const { items, error } = await runNode({
			parameters: {
				resource: 'activity',
				operation: 'getAll',
				wabaId: byId(WABA_ID),
				limit: 2,
				fields: ['event_type'],
				filters: { after: '2023-10-14T00:00:00', before: '2023-10-15T13:00:00' },
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.id)).toEqual(['1234567890123457', '1234567890123458']);
	});
});
