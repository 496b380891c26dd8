import { byId, graph, PROOF, subscribedAppsAnswer, versionPath, WABA_ID } from './support/graph';
import nock from '../support/nock';
import { ACCESS_TOKEN, GRAPH_BASE_URL, runNode } from './support/runner';
import { useGraphMocks } from './support/setup';

useGraphMocks();

const form = () =>
	nock(GRAPH_BASE_URL, {
		reqheaders: {
			authorization: `Bearer ${ACCESS_TOKEN}`,
			'content-type': 'application/x-www-form-urlencoded',
		},
	});

describe('Subscribed App', () => {
	it('List returns one item per app', async () => {
		graph()
			.get(versionPath(`/${WABA_ID}/subscribed_apps`))
			.query({ appsecret_proof: PROOF })
			.reply(200, subscribedAppsAnswer);
		const { items, error } = await runNode({
			parameters: {
				resource: 'subscribedApp',
				operation: 'list',
				wabaId: byId(WABA_ID),
				returnAll: true,
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual(subscribedAppsAnswer.data);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
	});

	it('List with a Limit stops there', async () => {
		graph()
			.get(versionPath(`/${WABA_ID}/subscribed_apps`))
			.query({ appsecret_proof: PROOF })
			.reply(200, subscribedAppsAnswer);
		const { items } = await runNode({
			parameters: { resource: 'subscribedApp', operation: 'list', wabaId: byId(WABA_ID), limit: 1 },
		});
		expect(items.map((i) => i.json)).toEqual([subscribedAppsAnswer.data[0]]);
	});

	it('Subscribe posts with no parameters and reads Meta\'s "true" as true', async () => {
		graph()
			.post(
				versionPath(`/${WABA_ID}/subscribed_apps`),
				(body: unknown) => body === '' || Object.keys(body as object).length === 0,
			)
			.query({ appsecret_proof: PROOF })
			.reply(200, { success: 'true' });
		const { items, error } = await runNode({
			parameters: { resource: 'subscribedApp', operation: 'subscribe', wabaId: byId(WABA_ID) },
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([{ success: true }]);
	});

	it('Subscribe sends the override callback URL and verify token', async () => {
		form()
			.post(
				versionPath(`/${WABA_ID}/subscribed_apps`),
				'override_callback_uri=https%3A%2F%2Fhooks.example.com%2Fwaba%3Fx%3D1&verify_token=s3cret+token',
			)
			.query({ appsecret_proof: PROOF })
			.reply(200, { success: true });
		const { items, error } = await runNode({
			parameters: {
				resource: 'subscribedApp',
				operation: 'subscribe',
				wabaId: byId(WABA_ID),
				options: {
					overrideCallbackUri: 'https://hooks.example.com/waba?x=1',
					verifyToken: 's3cret token',
				},
			},
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ success: true });
	});

	it('Subscribe refuses an override URL without a verify token', async () => {
		const { error } = await runNode({
			parameters: {
				resource: 'subscribedApp',
				operation: 'subscribe',
				wabaId: byId(WABA_ID),
				options: { overrideCallbackUri: 'https://hooks.example.com/waba' },
			},
		});
		expect(error?.message).toBe(
			'Override Callback URL and Verify Token go together: set both or neither',
		);
	});

	it('Unsubscribe sends DELETE and outputs { deleted: true }', async () => {
		graph()
			.delete(versionPath(`/${WABA_ID}/subscribed_apps`))
			.query({ appsecret_proof: PROOF })
			.reply(200, { success: true });
		const { items, error } = await runNode({
			parameters: { resource: 'subscribedApp', operation: 'unsubscribe', wabaId: byId(WABA_ID) },
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([{ deleted: true }]);
	});

	it('Unsubscribe outputs { deleted: false } when Graph does not confirm', async () => {
		graph()
			.delete(versionPath(`/${WABA_ID}/subscribed_apps`))
			.query({ appsecret_proof: PROOF })
			.reply(200, { success: 'false' });
		const { items } = await runNode({
			parameters: { resource: 'subscribedApp', operation: 'unsubscribe', wabaId: byId(WABA_ID) },
		});
		expect(items.map((i) => i.json)).toEqual([{ deleted: false }]);
	});

	it('a workflow saved with the account as a plain string (before the picker) still runs', async () => {
		graph()
			.delete(versionPath(`/${WABA_ID}/subscribed_apps`))
			.query({ appsecret_proof: PROOF })
			.reply(200, { success: true });
		const { items, error } = await runNode({
			parameters: { resource: 'subscribedApp', operation: 'unsubscribe', wabaId: WABA_ID },
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([{ deleted: true }]);
	});
});
