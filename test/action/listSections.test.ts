// Send Interactive's list from node version 1.1: rows entered under their section (Sections),
// sent as Meta's sections; version 1 keeps Rows with a Section title on each row.
import { byId } from './support/graph';
import { CUSTOMER_TO, expectSend, PHONE_NUMBER_ID } from './support/messages';
import { runNode } from './support/runner';
import { useGraphMocks } from './support/setup';

useGraphMocks();

const list = {
	resource: 'message',
	operation: 'sendInteractive',
	recipientMode: 'phone',
	senderPhoneNumberId: byId(PHONE_NUMBER_ID),
	recipientPhoneNumber: CUSTOMER_TO,
	interactiveType: 'list',
	body: 'What can we do?',
	listButtonText: 'See options',
};

const sent = (sections: object[]) => ({
	recipient_type: 'individual',
	to: CUSTOMER_TO,
	type: 'interactive',
	interactive: {
		type: 'list',
		body: { text: 'What can we do?' },
		action: { button: 'See options', sections },
	},
});

describe('Send Interactive, a list (version 1.1): Sections', () => {
	it("sends each section's rows under its title", async () => {
		expectSend(
			sent([
				{
					title: 'Orders',
					rows: [
						{ id: 'track', title: 'Track an order', description: 'Where is my parcel?' },
						{ id: 'cancel', title: 'Cancel an order' },
					],
				},
				{ title: 'Help', rows: [{ id: 'agent', title: 'Talk to a person' }] },
			]),
		);
		const { error } = await runNode({
			parameters: {
				...list,
				sections: {
					section: [
						{
							title: 'Orders',
							rows: {
								row: [
									{ id: 'track', title: 'Track an order', description: 'Where is my parcel?' },
									{ id: 'cancel', title: 'Cancel an order' },
								],
							},
						},
						{ title: 'Help', rows: { row: [{ id: 'agent', title: 'Talk to a person' }] } },
					],
				},
			},
			typeVersion: 1.1,
		});
		expect(error).toBeUndefined();
	});

	it.each([
		[
			'names the section and row of a title that is too long',
			{ title: 'Help', rows: { row: [{ id: 'b', title: 'x'.repeat(25) }] } },
			/^Section 2, Row 1: Title is 25 characters/,
		],
		[
			'refuses a second section without a title',
			{ rows: { row: [{ id: 'b', title: 'Help' }] } },
			/^Every section needs a title when the list has several sections$/,
		],
	])('%s, before any request', async (_, second, refusal) => {
		const first = { title: 'Orders', rows: { row: [{ id: 'a', title: 'Track' }] } };
		const { error } = await runNode({
			parameters: { ...list, sections: { section: [first, second] } },
			typeVersion: 1.1,
		});
		expect(error?.message).toMatch(refusal);
	});

	it('does not read version 1 Rows in version 1.1', async () => {
		const { error } = await runNode({
			parameters: { ...list, rows: { row: [{ id: 'a', title: 'Track' }] } },
			typeVersion: 1.1,
		});
		expect(error?.message).toBe('The list has 0 rows; a WhatsApp list takes 1 to 10 in all');
	});
});
