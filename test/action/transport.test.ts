import { WhatsAppBusinessAccountApi } from '../../credentials/WhatsAppBusinessAccountApi.credentials';
import {
	computeAppSecretProof,
	DEFAULT_GRAPH_API_VERSION,
} from '../../nodes/shared/transport/auth';
import { graphApiRequest, graphApiRequestAllItems } from '../../nodes/shared/transport/graphApi';
import { searchWhatsAppBusinessAccounts } from '../../nodes/shared/methods/listSearch';
import { appSecretProof, graph, PROOF, versionPath, WABA_ID } from './support/graph';
import nock from '../support/nock';
import {
	ACCESS_TOKEN,
	APP_SECRET,
	createHookContext,
	createLoadOptionsContext,
	GRAPH_BASE_URL,
} from './support/runner';
import { useGraphMocks } from './support/setup';

const { sleeps } = useGraphMocks();

const APP_ID = '987654321098765';
const APP_TOKEN = `${APP_ID}|${APP_SECRET}`;
const parameters = { resource: 'account', operation: 'get' };

describe('appsecret_proof', () => {
	it('is the hex HMAC-SHA256 of the token keyed with the app secret', () => {
		// Computed independently in support/graph.ts with node:crypto.
		expect(computeAppSecretProof(ACCESS_TOKEN, APP_SECRET)).toBe(PROOF);
		expect(PROOF).toMatch(/^[0-9a-f]{64}$/);
	});

	it('the credential adds the Bearer token and the proof, and nothing without a secret', async () => {
		const credential = new WhatsAppBusinessAccountApi();
		const signed = await credential.authenticate(
			{ accessToken: ACCESS_TOKEN, appSecret: APP_SECRET },
			{ baseURL: 'https://graph.facebook.com/v23.0', url: '/me', qs: { a: 1 } },
		);
		expect(signed.headers).toEqual({ Authorization: `Bearer ${ACCESS_TOKEN}` });
		expect(signed.qs).toEqual({ a: 1, appsecret_proof: PROOF });
		const unsigned = await credential.authenticate(
			{ accessToken: ACCESS_TOKEN, appSecret: '' },
			{ url: 'https://graph.facebook.com/v23.0/me' },
		);
		expect(unsigned.qs).toBeUndefined();
	});

	it('the credential test calls /me under the configured base URL and version', () => {
		const { test, properties } = new WhatsAppBusinessAccountApi();
		expect(test.request).toMatchObject({ url: '/me', qs: { fields: 'id,name' } });
		expect(test.request.baseURL).toContain('$credentials.baseUrl');
		expect(test.request.baseURL).toContain('$credentials.apiVersion');
		expect(properties.find((p) => p.name === 'apiVersion')?.default).toBe(
			DEFAULT_GRAPH_API_VERSION,
		);
		expect(properties.find((p) => p.name === 'baseUrl')?.default).toBe(
			'https://graph.facebook.com',
		);
		for (const name of ['accessToken', 'appSecret']) {
			expect(properties.find((p) => p.name === name)?.typeOptions?.password).toBe(true);
		}
	});
});

describe("the transport from a webhook lifecycle context (the trigger's registration)", () => {
	it('subscribes a WABA with an override callback through the node credential', async () => {
		nock(GRAPH_BASE_URL, {
			reqheaders: {
				authorization: `Bearer ${ACCESS_TOKEN}`,
				'content-type': 'application/x-www-form-urlencoded',
			},
		})
			.post(
				versionPath(`/${WABA_ID}/subscribed_apps`),
				'override_callback_uri=https%3A%2F%2Fn8n.example.com%2Fwebhook%2Fabc&verify_token=vt',
			)
			.query({ appsecret_proof: PROOF })
			.reply(200, { success: true });
		const context = createHookContext({ parameters });
		const answer = await graphApiRequest(context, {
			method: 'POST',
			path: `/${WABA_ID}/subscribed_apps`,
			body: { override_callback_uri: 'https://n8n.example.com/webhook/abc', verify_token: 'vt' },
		});
		expect(answer).toEqual({ success: true });
	});

	it('calls app subscriptions with explicit credentials holding an app token', async () => {
		nock(GRAPH_BASE_URL, { reqheaders: { authorization: `Bearer ${APP_TOKEN}` } })
			.post(
				`/${DEFAULT_GRAPH_API_VERSION}/${APP_ID}/subscriptions`,
				'object=whatsapp_business_account&callback_url=https%3A%2F%2Fn8n.example.com%2Fwebhook%2Fabc&verify_token=vt&fields=messages%2Caccount_update&include_values=true',
			)
			.query({ appsecret_proof: appSecretProof(APP_TOKEN, APP_SECRET) })
			.reply(200, { success: true });
		nock(GRAPH_BASE_URL, { reqheaders: { authorization: `Bearer ${APP_TOKEN}` } })
			.delete(`/${DEFAULT_GRAPH_API_VERSION}/${APP_ID}/subscriptions`)
			.query({
				object: 'whatsapp_business_account',
				appsecret_proof: appSecretProof(APP_TOKEN, APP_SECRET),
			})
			.reply(200, { success: true });
		const context = createHookContext({ parameters });
		const credentials = {
			accessToken: APP_TOKEN,
			appSecret: APP_SECRET,
			baseUrl: `${GRAPH_BASE_URL}/`,
		};
		await expect(
			graphApiRequest(context, {
				method: 'POST',
				path: `/${APP_ID}/subscriptions`,
				credentials,
				body: {
					object: 'whatsapp_business_account',
					callback_url: 'https://n8n.example.com/webhook/abc',
					verify_token: 'vt',
					fields: 'messages,account_update',
					include_values: 'true',
				},
			}),
		).resolves.toEqual({ success: true });
		await expect(
			graphApiRequest(context, {
				method: 'DELETE',
				path: `/${APP_ID}/subscriptions`,
				credentials,
				qs: { object: 'whatsapp_business_account' },
			}),
		).resolves.toEqual({ success: true });
	});

	it("an access token override keeps the credential's base URL, version and secret", async () => {
		nock(GRAPH_BASE_URL, { reqheaders: { authorization: `Bearer ${APP_TOKEN}` } })
			.get(`/v22.0/${APP_ID}/subscriptions`)
			.query({ appsecret_proof: appSecretProof(APP_TOKEN, APP_SECRET) })
			.reply(200, {
				data: [{ object: 'whatsapp_business_account', callback_url: 'https://x', active: true }],
			});
		const context = createHookContext({ parameters, credential: { apiVersion: '22.0' } });
		const answer = await graphApiRequest(context, {
			method: 'GET',
			path: `/${APP_ID}/subscriptions`,
			accessToken: APP_TOKEN,
		});
		expect(answer).toEqual({
			data: [{ object: 'whatsapp_business_account', callback_url: 'https://x', active: true }],
		});
	});

	it('retries throttling here too, and per-call settings apply', async () => {
		graph()
			.get(versionPath(`/${WABA_ID}/subscribed_apps`))
			.query({ appsecret_proof: PROOF })
			.reply(400, {
				error: {
					message: 'Application request limit reached',
					type: 'OAuthException',
					code: 4,
					fbtrace_id: 'X',
				},
			});
		graph()
			.get(versionPath(`/${WABA_ID}/subscribed_apps`))
			.query({ appsecret_proof: PROOF })
			.reply(200, { data: [] });
		const context = createHookContext({ parameters });
		const recorded: number[] = [];
		const apps = await graphApiRequestAllItems(context, {
			method: 'GET',
			path: `/${WABA_ID}/subscribed_apps`,
			retry: { baseDelayMs: 7, sleep: async (ms) => void recorded.push(ms) },
		});
		expect(apps).toEqual([]);
		expect(recorded).toEqual([7]);
		expect(sleeps).toEqual([]);
	});
});

describe('the account picker (list mode)', () => {
	const businesses = {
		data: [
			{
				id: '1234567890123456',
				name: "Jasper's Market",
				owned_whatsapp_business_accounts: {
					data: [
						{ id: WABA_ID, name: "Jasper's Market Support" },
						{ id: '102290129340399', name: "Jasper's Market Sales" },
					],
				},
				client_whatsapp_business_accounts: {
					data: [{ id: '103000000000001', name: 'Client Account' }],
				},
			},
		],
		paging: {
			cursors: { before: 'QQ', after: 'QVFIUmJ1c2luZXNzMg' },
			next: 'https://graph.facebook.com/v23.0/me/businesses?after=QVFIUmJ1c2luZXNzMg',
		},
	};
	const fields =
		'id,name,owned_whatsapp_business_accounts.limit(100){id,name},client_whatsapp_business_accounts.limit(100){id,name}';

	it("lists the accounts of the token's businesses, filtered, with a page token", async () => {
		graph()
			.get(versionPath('/me/businesses'))
			.query({ fields, limit: '25', appsecret_proof: PROOF })
			.reply(200, businesses);
		const context = createLoadOptionsContext({ parameters });
		const result = await searchWhatsAppBusinessAccounts.call(context, 'sales');
		expect(result).toEqual({
			results: [{ name: "Jasper's Market Sales (Jasper's Market)", value: '102290129340399' }],
			paginationToken: 'QVFIUmJ1c2luZXNzMg',
		});
	});

	it('passes the page token back as `after`', async () => {
		graph()
			.get(versionPath('/me/businesses'))
			.query({ fields, limit: '25', after: 'QVFIUmJ1c2luZXNzMg', appsecret_proof: PROOF })
			.reply(200, { data: [], paging: { cursors: { before: 'QQ', after: 'QQ' } } });
		const context = createLoadOptionsContext({ parameters });
		const result = await searchWhatsAppBusinessAccounts.call(
			context,
			undefined,
			'QVFIUmJ1c2luZXNzMg',
		);
		expect(result).toEqual({ results: [], paginationToken: undefined });
	});

	it('a token that cannot list businesses is told which permission it needs', async () => {
		graph()
			.get(versionPath('/me/businesses'))
			.query(true)
			.reply(400, {
				error: {
					message: '(#100) Missing permissions',
					type: 'OAuthException',
					code: 100,
					fbtrace_id: 'Y',
				},
			});
		const context = createLoadOptionsContext({ parameters });
		await expect(searchWhatsAppBusinessAccounts.call(context)).rejects.toThrow(
			"This token may not list your businesses and their WhatsApp accounts: give it the business_management permission and assign the account to its system user in Meta Business Settings (Meta's code 100).",
		);
	});
});
