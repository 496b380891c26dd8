// Blocked User > Block, Unblock and Get Many over real loopback HTTP against the Graph
// stand-in (scripts/lib/metaGraphCommerce.ts). Meta's per-call limit (1,000 users) is refused
// before the request; a user Meta cannot block (no message in the last 24 hours) comes back as
// Meta's error 139100, explained.
import type { IDataObject } from 'n8n-workflow';

import { MetaGraphStub } from '../../scripts/lib/metaGraphStub';
import { configureGraphRetries, resetGraphRetries } from '../support/graphRetries';
import { runNode } from './support/runner';

const APP_ID = '1234567890123456';
const APP_SECRET = '0123456789abcdef0123456789abcdef';
const WABA = '102290129340398';
const NUMBER = '106540352242922';
const SHEENA = '16505551234';
const OMAR = '447700900123';
const SILENT = '33612345678';

let graph: MetaGraphStub;
let token: string;

beforeAll(() => configureGraphRetries({ maxAttempts: 1 }));
afterAll(() => resetGraphRetries());
beforeEach(async () => {
	graph = await MetaGraphStub.start({ maxPageSize: 2 });
	graph.addApp({ id: APP_ID, secret: APP_SECRET });
	token = graph.addSystemUserToken(APP_ID);
	graph.addPhoneNumber(WABA, { id: NUMBER, displayPhoneNumber: '+1 555-078-3881' });
	graph.messaging.recordInbound(NUMBER, { phone: SHEENA });
	graph.messaging.recordInbound(NUMBER, { phone: OMAR });
});
afterEach(async () => await graph.close());

async function run(operation: string, parameters: IDataObject = {}) {
	return await runNode({
		parameters: {
			resource: 'blockedUser',
			operation,
			phoneNumberId: NUMBER,
			...parameters,
		} as never,
		credential: {
			accessToken: token,
			appSecret: APP_SECRET,
			apiVersion: 'v23.0',
			baseUrl: graph.url,
		},
	});
}

const blockCalls = () => graph.requests.filter((r) => r.path === `/${NUMBER}/block_users`);

describe('Blocked User > Block', () => {
	it('blocks users who wrote in the last 24 hours, one output item each', async () => {
		const { items, error } = await run('block', { users: `+${SHEENA},\n+44 7700 900123` });
		expect(error).toBeUndefined();
		expect(blockCalls()[0].json).toEqual({
			messaging_product: 'whatsapp',
			block_users: [{ user: `+${SHEENA}` }, { user: '+44 7700 900123' }],
		});
		expect(items.map((i) => i.json)).toEqual([
			{ input: `+${SHEENA}`, waId: SHEENA, blocked: true },
			{ input: '+44 7700 900123', waId: OMAR, blocked: true },
		]);
		expect(graph.commerce.blocked(NUMBER)).toEqual([SHEENA, OMAR]);
	});

	it("explains Meta's 139100 for a user who has not written in 24 hours; the others are blocked", async () => {
		const { error } = await run('block', { users: `+${SHEENA}, +${SILENT}` });
		expect(error?.message).toContain('Failed to block/unblock users');
		expect(error?.description).toContain('within 24 hours of their last message');
		expect(JSON.stringify((error as unknown as IDataObject).errorResponse)).toContain(`+${SILENT}`);
		expect(graph.commerce.blocked(NUMBER)).toEqual([SHEENA]);
	});

	it('refuses more than 1,000 users before any request', async () => {
		const users = Array.from({ length: 1001 }, (_, i) => `+1650555${String(i).padStart(4, '0')}`);
		const { error } = await run('block', { users: users.join(',') });
		expect(error?.message).toBe(
			'Users has 1001 phone numbers; WhatsApp takes at most 1000 a call (split the list over several items)',
		);
		expect(blockCalls()).toHaveLength(0);
	});

	it('refuses a user that is not a phone number before any request', async () => {
		const { error } = await run('block', { users: 'Sheena' });
		expect(error?.message).toBe(
			'Users: "Sheena" is not a phone number (country code and number, such as +16505551234)',
		);
		expect(blockCalls()).toHaveLength(0);
	});
});

describe('Blocked User > Unblock and Get Many', () => {
	beforeEach(async () => {
		const { error } = await run('block', { users: `+${SHEENA}, +${OMAR}` });
		expect(error).toBeUndefined();
	});

	it('unblocks with DELETE, whatever the 24-hour window', async () => {
		graph.messaging.now = () => Date.now() + 2 * 24 * 60 * 60 * 1000;
		const { items, error } = await run('unblock', { users: `+${SHEENA}` });
		expect(error).toBeUndefined();
		expect(blockCalls().at(-1)!.method).toBe('DELETE');
		expect(items.map((i) => i.json)).toEqual([
			{ input: `+${SHEENA}`, waId: SHEENA, blocked: false },
		]);
		expect(graph.commerce.blocked(NUMBER)).toEqual([OMAR]);
	});

	it("lists the blocklist's users across pages, one item per user", async () => {
		graph.messaging.recordInbound(NUMBER, { phone: SILENT });
		await run('block', { users: `+${SILENT}` });
		const { items, error } = await run('getAll', { returnAll: true });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.waId)).toEqual([SHEENA, OMAR, SILENT]);
		expect(items[0].json).toEqual({ waId: SHEENA, messaging_product: 'whatsapp', wa_id: SHEENA });
		expect(blockCalls().filter((r) => r.method === 'GET')).toHaveLength(2);
	});

	it('stops at Limit', async () => {
		const { items } = await run('getAll', { returnAll: false, limit: 1 });
		expect(items.map((i) => i.json.waId)).toEqual([SHEENA]);
	});
});
