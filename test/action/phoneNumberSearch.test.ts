import { searchPhoneNumbers } from '../../nodes/WhatsAppBusinessAccountTrigger/methods/phoneNumberSearch';
import { graph, PROOF, versionPath, WABA_ID } from './support/graph';
import { createLoadOptionsContext } from './support/runner';
import { useGraphMocks } from './support/setup';

useGraphMocks();

/** The number picker of Override Callback for a Phone Number reads the account chosen in the node. */
function contextWith(wabaId: unknown) {
	const context = createLoadOptionsContext({
		parameters: { resource: 'account', operation: 'get' },
	});
	(
		context as unknown as { additionalData: { currentNodeParameters: unknown } }
	).additionalData.currentNodeParameters = { wabaId };
	return context;
}

const fields = 'id,display_phone_number,verified_name';
const numbers = {
	data: [
		{
			id: '106540352242922',
			display_phone_number: '+1 555-0100',
			verified_name: "Jasper's Market",
		},
		{
			id: '106540352242923',
			display_phone_number: '+1 555-0101',
			verified_name: "Jasper's Market Sales",
		},
	],
	paging: {
		cursors: { before: 'QQ', after: 'QVFIUm51bWJlcnMy' },
		next: `https://graph.facebook.com/v23.0/${WABA_ID}/phone_numbers?after=QVFIUm51bWJlcnMy`,
	},
};

describe('searchPhoneNumbers', () => {
	it("lists the chosen account's numbers with their display number and name, filtered, with a page token", async () => {
		graph()
			.get(versionPath(`/${WABA_ID}/phone_numbers`))
			.query({ fields, limit: '100', appsecret_proof: PROOF })
			.reply(200, numbers);
		const result = await searchPhoneNumbers.call(
			contextWith({ __rl: true, mode: 'list', value: WABA_ID }),
			'sales',
		);
		expect(result).toEqual({
			results: [{ name: "+1 555-0101 · Jasper's Market Sales", value: '106540352242923' }],
			paginationToken: 'QVFIUm51bWJlcnMy',
		});
	});

	it('passes the page token back as `after`; an account saved as a plain string works too', async () => {
		graph()
			.get(versionPath(`/${WABA_ID}/phone_numbers`))
			.query({ fields, limit: '100', after: 'QVFIUm51bWJlcnMy', appsecret_proof: PROOF })
			.reply(200, { data: [{ id: '106540352242924' }] });
		const result = await searchPhoneNumbers.call(
			contextWith(WABA_ID),
			undefined,
			'QVFIUm51bWJlcnMy',
		);
		expect(result).toEqual({
			results: [{ name: '106540352242924', value: '106540352242924' }],
			paginationToken: undefined,
		});
	});

	it('asks Graph nothing until an account is chosen', async () => {
		expect(
			await searchPhoneNumbers.call(contextWith({ __rl: true, mode: 'list', value: '' })),
		).toEqual({ results: [] });
	});
});
