import { WhatsAppBusinessAccount } from '../../nodes/WhatsAppBusinessAccount/WhatsAppBusinessAccount.node';
import { byId, graph, page, PROOF, template, versionPath, WABA_ID } from './support/graph';
import { runNode } from './support/runner';
import { useGraphMocks } from './support/setup';

useGraphMocks();

const path = versionPath(`/${WABA_ID}/message_templates`);

describe('Message Template > List', () => {
	it('sends every filter', async () => {
		const templates = [template('594425479261596', 'order_confirmation', 'APPROVED', 'UTILITY')];
		graph()
			.get(path)
			.query({
				name: 'order',
				status: 'APPROVED,REJECTED',
				category: 'UTILITY,MARKETING',
				language: 'en_US,de',
				fields: 'name,status',
				limit: '50',
				appsecret_proof: PROOF,
			})
			.reply(200, page(templates));
		const { items, error } = await runNode({
			parameters: {
				resource: 'messageTemplate',
				operation: 'list',
				wabaId: byId(WABA_ID),
				filters: {
					name: ' order ',
					status: ['APPROVED', 'REJECTED'],
					category: ['UTILITY', 'MARKETING'],
					language: 'en_US, de',
				},
				fields: ['name', 'status'],
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual(templates);
	});

	it('sends no filter that is not set', async () => {
		graph().get(path).query({ appsecret_proof: PROOF }).reply(200, { data: [] });
		const { items, error } = await runNode({
			parameters: {
				resource: 'messageTemplate',
				operation: 'list',
				wabaId: byId(WABA_ID),
				returnAll: true,
			},
		});
		expect(error).toBeUndefined();
		expect(items).toEqual([]);
	});

	it('offers the statuses and categories of the schemas', () => {
		const filters = new WhatsAppBusinessAccount().description.properties.find(
			(p) => p.name === 'filters',
		);
		const values = (name: string) =>
			(filters?.options as Array<{ name: string; options?: Array<{ value: string }> }>)
				.find((o) => o.name === name)
				?.options?.map((o) => o.value);
		expect(values('status')).toEqual(
			expect.arrayContaining(['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED']),
		);
		expect(values('category')).toEqual(
			expect.arrayContaining(['AUTHENTICATION', 'MARKETING', 'UTILITY']),
		);
	});
});
