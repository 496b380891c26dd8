import { WhatsAppBusinessAccount } from '../../nodes/WhatsAppBusinessAccount/WhatsAppBusinessAccount.node';
import {
	assignedUser,
	BUSINESS_ID,
	byId,
	graph,
	page,
	PROOF,
	versionPath,
	WABA_ID,
} from './support/graph';
import nock from '../support/nock';
import { ACCESS_TOKEN, GRAPH_BASE_URL, runNode } from './support/runner';
import { useGraphMocks } from './support/setup';

useGraphMocks();

const USER_ID = '100012345678901';
const path = versionPath(`/${WABA_ID}/assigned_users`);

describe('Assigned User', () => {
	it('offers the ten tasks Graph documents', () => {
		const property = new WhatsAppBusinessAccount().description.properties.find(
			(p) => p.name === 'tasks',
		);
		expect(property?.options?.map((o) => (o as { value: string }).value)).toEqual([
			'MANAGE',
			'DEVELOP',
			'MANAGE_TEMPLATES',
			'MANAGE_PHONE',
			'VIEW_COST',
			'MANAGE_EXTENSIONS',
			'VIEW_PHONE_ASSETS',
			'MANAGE_PHONE_ASSETS',
			'VIEW_TEMPLATES',
			'MESSAGING',
		]);
	});

	it('List sends the business id and keeps it on every page', async () => {
		const users = [
			assignedUser('100000000000001', 'Ops System User', ['MANAGE', 'DEVELOP']),
			assignedUser('100000000000002', 'Marketing', ['MANAGE_TEMPLATES']),
			assignedUser('100000000000003', 'Support', ['MESSAGING']),
		];
		graph()
			.get(path)
			.query({ business: BUSINESS_ID, appsecret_proof: PROOF })
			.reply(200, page(users.slice(0, 2), 'Y3Vyc29yMg', `/${WABA_ID}/assigned_users`));
		graph()
			.get(path)
			.query({ business: BUSINESS_ID, after: 'Y3Vyc29yMg', appsecret_proof: PROOF })
			.reply(200, page(users.slice(2)));
		const { items, error } = await runNode({
			parameters: {
				resource: 'assignedUser',
				operation: 'list',
				wabaId: byId(WABA_ID),
				businessId: BUSINESS_ID,
				returnAll: true,
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual(users);
	});

	it('List with a Limit asks Graph for that page size', async () => {
		graph()
			.get(path)
			.query({ business: BUSINESS_ID, limit: '1', appsecret_proof: PROOF })
			.reply(200, page([assignedUser('100000000000001', 'Ops', ['MANAGE'])], 'bmV4dA'));
		const { items } = await runNode({
			parameters: {
				resource: 'assignedUser',
				operation: 'list',
				wabaId: byId(WABA_ID),
				businessId: BUSINESS_ID,
				limit: 1,
			},
		});
		expect(items).toHaveLength(1);
	});

	it('Add posts the user and the tasks as a JSON array string', async () => {
		nock(GRAPH_BASE_URL, {
			reqheaders: {
				authorization: `Bearer ${ACCESS_TOKEN}`,
				'content-type': 'application/x-www-form-urlencoded',
			},
		})
			.post(path, `user=${USER_ID}&tasks=%5B%22MANAGE_TEMPLATES%22%2C%22MESSAGING%22%5D`)
			.query({ appsecret_proof: PROOF })
			.reply(200, { success: true });
		const { items, error } = await runNode({
			parameters: {
				resource: 'assignedUser',
				operation: 'add',
				wabaId: byId(WABA_ID),
				userId: USER_ID,
				tasks: ['MANAGE_TEMPLATES', 'MESSAGING'],
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([{ success: true }]);
	});

	it('Add decodes to exactly what Graph expects', async () => {
		let received: unknown;
		graph()
			.post(path, (body: unknown) => {
				received = body;
				return true;
			})
			.query(true)
			.reply(200, { success: true });
		await runNode({
			parameters: {
				resource: 'assignedUser',
				operation: 'add',
				wabaId: byId(WABA_ID),
				userId: USER_ID,
				tasks: ['MANAGE'],
			},
		});
		expect(received).toEqual({ user: USER_ID, tasks: '["MANAGE"]' });
		expect(JSON.parse((received as { tasks: string }).tasks)).toEqual(['MANAGE']);
	});

	it('Add refuses no tasks and unknown tasks', async () => {
		const none = await runNode({
			parameters: {
				resource: 'assignedUser',
				operation: 'add',
				wabaId: byId(WABA_ID),
				userId: USER_ID,
				tasks: [],
			},
		});
		expect(none.error?.message).toMatch(/Parameter "Tasks" is required/);
		const unknown = await runNode({
			parameters: {
				resource: 'assignedUser',
				operation: 'add',
				wabaId: byId(WABA_ID),
				userId: USER_ID,
				tasks: '={{ ["MANAGE", "ADMIN"] }}',
			},
		});
		expect(unknown.error?.message).toBe('Unknown task ADMIN');
	});

	it('Remove sends DELETE with the user and outputs { deleted: true }', async () => {
		graph()
			.delete(path)
			.query({ user: USER_ID, appsecret_proof: PROOF })
			.reply(200, { success: true });
		const { items, error } = await runNode({
			parameters: {
				resource: 'assignedUser',
				operation: 'remove',
				wabaId: byId(WABA_ID),
				userId: USER_ID,
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([{ deleted: true }]);
	});
});
