/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- a test: runs outside n8n, not published */
import { createHmac } from 'crypto';
import nock from '../support/nock';

import { InProcessTrigger } from '../../scripts/lib/inProcessN8n';
import { configureGraphRetries, resetGraphRetries } from '../../nodes/shared/transport/throttling';
import { WEBHOOK_FIELDS } from '../../nodes/shared/generated/catalog';
import { APP_ID, APP_SECRET, VERIFY_TOKEN } from './support';

const GRAPH = 'https://graph.example.test';
const WABA = '102290129340398';
const ACCESS_TOKEN = 'EAAGm0PX4ZCpsBAtest-system-user-token';
const API_APP_SECRET = '0f9e8d7c6b5a49382716';
const proof = (token: string, secret: string) => createHmac('sha256', secret).update(token).digest('hex');

async function start(parameters: Record<string, unknown>) {
	return await InProcessTrigger.start({
		credentials: {
			whatsAppBusinessAccountWebhookApi: { appId: APP_ID, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, baseUrl: GRAPH },
			whatsAppBusinessAccountApi: { accessToken: ACCESS_TOKEN, appSecret: API_APP_SECRET, apiVersion: 'v23.0', baseUrl: GRAPH },
		},
		parameters: parameters as never,
	});
}

const subscribedApps = (...apps: Array<{ id: string; override?: string }>) => ({
	data: apps.map((a) => ({
		whatsapp_business_api_data: { link: 'https://example.com/app', name: `App ${a.id}`, id: a.id },
		...(a.override ? { override_callback_uri: a.override } : {}),
	})),
});

/** Graph reads the POST body as a form; decode it the way Graph does. */
const form = (body: string) => Object.fromEntries(new URLSearchParams(body));

beforeAll(() => {
	nock.disableNetConnect();
	nock.enableNetConnect('127.0.0.1');
	configureGraphRetries({ baseDelayMs: 1, maxDelayMs: 5 });
});
afterEach(() => nock.cleanAll());
afterAll(() => {
	nock.enableNetConnect();
	resetGraphRetries();
});

describe('manual registration', () => {
	test('makes no Graph call on activation or deactivation', async () => {
		const host = await start({ registration: 'manual' });
		try {
			expect(await host.runHook('checkExists')).toBe(true);
			expect(await host.runHook('create')).toBe(true);
			expect(await host.runHook('delete')).toBe(true);
			expect(nock.pendingMocks()).toEqual([]);
		} finally {
			await host.close();
		}
	});
});

describe('WABA override registration', () => {
	const params = { registration: 'wabaOverride', wabaId: WABA };

	test('subscribes the app with this workflow as override callback and the verify token, authenticated with token and appsecret_proof', async () => {
		const host = await start(params);
		try {
			const scope = nock(GRAPH, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } })
				.get(`/v23.0/${WABA}/subscribed_apps`)
				.query({ appsecret_proof: proof(ACCESS_TOKEN, API_APP_SECRET) })
				.twice()
				.reply(200, subscribedApps({ id: '999' }))
				.post(`/v23.0/${WABA}/subscribed_apps`, (body) => {
					const sent = form(body as string);
					return sent.override_callback_uri === host.url && sent.verify_token === VERIFY_TOKEN;
				})
				.query({ appsecret_proof: proof(ACCESS_TOKEN, API_APP_SECRET) })
				.reply(200, { success: true });
			expect(await host.runHook('checkExists')).toBe(false);
			expect(await host.runHook('create')).toBe(true);
			expect(scope.isDone()).toBe(true);
			expect(host.staticData).toMatchObject({ mode: 'wabaOverride', wabaId: WABA, callbackUrl: host.url, wasSubscribed: false });
		} finally {
			await host.close();
		}
	});

	test.each([
		['picked from the list', { __rl: true, mode: 'list', value: WABA, cachedResultName: "Jasper's Market" }],
		['entered by ID', { __rl: true, mode: 'id', value: WABA }],
		['saved as a plain string before the picker', WABA],
	])('the account %s is the one subscribed', async (_how, wabaId) => {
		const host = await start({ registration: 'wabaOverride', wabaId });
		try {
			const scope = nock(GRAPH)
				.get(`/v23.0/${WABA}/subscribed_apps`)
				.query(true)
				.reply(200, subscribedApps())
				.post(`/v23.0/${WABA}/subscribed_apps`)
				.query(true)
				.reply(200, { success: true });
			expect(await host.runHook('create')).toBe(true);
			expect(scope.isDone()).toBe(true);
			expect(host.staticData).toMatchObject({ mode: 'wabaOverride', wabaId: WABA });
		} finally {
			await host.close();
		}
	});

	test('already registered: checkExists sees our override, so n8n does not create again', async () => {
		const host = await start(params);
		try {
			nock(GRAPH).get(`/v23.0/${WABA}/subscribed_apps`).query(true).reply(200, subscribedApps({ id: '999' }, { id: APP_ID, override: host.url }));
			expect(await host.runHook('checkExists')).toBe(true);
		} finally {
			await host.close();
		}
	});

	test("refuses to take over another workflow's override of the same app and WABA", async () => {
		const host = await start(params);
		try {
			nock(GRAPH).get(`/v23.0/${WABA}/subscribed_apps`).query(true).reply(200, subscribedApps({ id: APP_ID, override: 'https://other.example/webhook/x/webhook' }));
			await expect(host.runHook('create')).rejects.toThrow(/already overrides the callback of WABA/);
			expect(nock.pendingMocks()).toEqual([]);
		} finally {
			await host.close();
		}
	});

	test("a Graph error surfaces with Meta's code and message", async () => {
		const host = await start(params);
		try {
			nock(GRAPH)
				.get(`/v23.0/${WABA}/subscribed_apps`)
				.query(true)
				.reply(403, { error: { message: '(#200) Permissions error', type: 'OAuthException', code: 200, fbtrace_id: 'AbCdEfGh123' } });
			const failure = host.runHook('create');
			await expect(failure).rejects.toThrow(/Permissions error/);
			await failure.catch((error: { description?: string; message: string }) => {
				expect(`${error.message} ${error.description ?? ''}`).toMatch(/code 200/);
				expect(`${error.message} ${error.description ?? ''}`).toMatch(/AbCdEfGh123/);
			});
		} finally {
			await host.close();
		}
	});

	test('deactivation unsubscribes the app when activation subscribed it', async () => {
		const host = await start(params);
		try {
			nock(GRAPH).get(`/v23.0/${WABA}/subscribed_apps`).query(true).reply(200, subscribedApps());
			nock(GRAPH).post(`/v23.0/${WABA}/subscribed_apps`).query(true).reply(200, { success: true });
			await host.runHook('create');
			const scope = nock(GRAPH)
				.get(`/v23.0/${WABA}/subscribed_apps`)
				.query(true)
				.reply(200, subscribedApps({ id: APP_ID, override: host.url }))
				.delete(`/v23.0/${WABA}/subscribed_apps`)
				.query(true)
				.reply(200, { success: true });
			expect(await host.runHook('delete')).toBe(true);
			expect(scope.isDone()).toBe(true);
			expect(host.staticData.callbackUrl).toBeUndefined();
		} finally {
			await host.close();
		}
	});

	test("deactivation puts back the app's plain subscription when the app was subscribed before", async () => {
		const host = await start(params);
		try {
			nock(GRAPH).get(`/v23.0/${WABA}/subscribed_apps`).query(true).reply(200, subscribedApps({ id: APP_ID }));
			nock(GRAPH).post(`/v23.0/${WABA}/subscribed_apps`).query(true).reply(200, { success: true });
			await host.runHook('create');
			const scope = nock(GRAPH)
				.get(`/v23.0/${WABA}/subscribed_apps`)
				.query(true)
				.reply(200, subscribedApps({ id: APP_ID, override: host.url }))
				.post(`/v23.0/${WABA}/subscribed_apps`, (body) => !body || Object.keys(body).length === 0 || body === '')
				.query(true)
				.reply(200, { success: true });
			await host.runHook('delete');
			expect(scope.isDone()).toBe(true);
		} finally {
			await host.close();
		}
	});

	test('deactivation leaves the subscription alone when another workflow has since taken it', async () => {
		const host = await start(params);
		try {
			nock(GRAPH).get(`/v23.0/${WABA}/subscribed_apps`).query(true).reply(200, subscribedApps());
			nock(GRAPH).post(`/v23.0/${WABA}/subscribed_apps`).query(true).reply(200, { success: true });
			await host.runHook('create');
			nock(GRAPH).get(`/v23.0/${WABA}/subscribed_apps`).query(true).reply(200, subscribedApps({ id: APP_ID, override: 'https://other.example/hook' }));
			expect(await host.runHook('delete')).toBe(true);
			expect(nock.pendingMocks()).toEqual([]);
		} finally {
			await host.close();
		}
	});
});

describe('app subscription registration', () => {
	const appToken = `${APP_ID}|${APP_SECRET}`;

	test('sets the app subscription with this URL, the verify token and the chosen fields, with the app access token', async () => {
		const host = await start({ registration: 'appSubscription', fields: ['messages', 'account_update'] });
		try {
			let sent: Record<string, string> = {};
			const scope = nock(GRAPH, { reqheaders: { authorization: `Bearer ${appToken}` } })
				.get(`/v23.0/${APP_ID}/subscriptions`)
				.query({ appsecret_proof: proof(appToken, APP_SECRET) })
				.reply(200, { data: [] })
				.post(`/v23.0/${APP_ID}/subscriptions`, (body) => {
					sent = form(body as string);
					return true;
				})
				.query({ appsecret_proof: proof(appToken, APP_SECRET) })
				.reply(200, { success: true });
			expect(await host.runHook('checkExists')).toBe(false);
			await host.runHook('create');
			expect(scope.isDone()).toBe(true);
			expect(sent).toEqual({
				object: 'whatsapp_business_account',
				callback_url: host.url,
				verify_token: VERIFY_TOKEN,
				fields: 'messages,account_update',
				include_values: 'true',
			});
		} finally {
			await host.close();
		}
	});

	test("with no field chosen, subscribes every field of Meta's reference", async () => {
		const host = await start({ registration: 'appSubscription' });
		try {
			let fields = '';
			nock(GRAPH)
				.post(`/v23.0/${APP_ID}/subscriptions`, (body) => {
					fields = form(body as string).fields;
					return true;
				})
				.query(true)
				.reply(200, { success: true });
			await host.runHook('create');
			const documented = WEBHOOK_FIELDS.filter((f) => f.documented).map((f) => f.name);
			expect(documented).toHaveLength(19);
			expect(fields.split(',')).toEqual(documented);
		} finally {
			await host.close();
		}
	});

	test('checkExists is true only when the callback is ours and every chosen field is subscribed', async () => {
		const host = await start({ registration: 'appSubscription', fields: ['messages', 'security'] });
		try {
			const answer = (fields: string[], url = host.url) => ({
				data: [{ object: 'whatsapp_business_account', callback_url: url, active: true, fields: fields.map((name) => ({ name, version: 'v23.0' })) }],
			});
			nock(GRAPH).get(`/v23.0/${APP_ID}/subscriptions`).query(true).reply(200, answer(['messages', 'security', 'account_update']));
			expect(await host.runHook('checkExists')).toBe(true);
			nock(GRAPH).get(`/v23.0/${APP_ID}/subscriptions`).query(true).reply(200, answer(['messages']));
			expect(await host.runHook('checkExists')).toBe(false);
			nock(GRAPH).get(`/v23.0/${APP_ID}/subscriptions`).query(true).reply(200, answer(['messages', 'security'], 'https://other.example/hook'));
			expect(await host.runHook('checkExists')).toBe(false);
		} finally {
			await host.close();
		}
	});

	test('deactivation deletes the subscription only while it still points here', async () => {
		const host = await start({ registration: 'appSubscription', fields: ['messages'] });
		try {
			nock(GRAPH).post(`/v23.0/${APP_ID}/subscriptions`).query(true).reply(200, { success: true });
			await host.runHook('create');
			const ours = nock(GRAPH)
				.get(`/v23.0/${APP_ID}/subscriptions`)
				.query(true)
				.reply(200, { data: [{ object: 'whatsapp_business_account', callback_url: host.url, active: true, fields: [] }] })
				.delete(`/v23.0/${APP_ID}/subscriptions`)
				.query((q) => q.object === 'whatsapp_business_account')
				.reply(200, { success: true });
			await host.runHook('delete');
			expect(ours.isDone()).toBe(true);

			nock(GRAPH).post(`/v23.0/${APP_ID}/subscriptions`).query(true).reply(200, { success: true });
			await host.runHook('create');
			nock(GRAPH)
				.get(`/v23.0/${APP_ID}/subscriptions`)
				.query(true)
				.reply(200, { data: [{ object: 'whatsapp_business_account', callback_url: 'https://other.example/hook', active: true, fields: [] }] });
			await host.runHook('delete');
			expect(nock.pendingMocks()).toEqual([]);
		} finally {
			await host.close();
		}
	});

	test('a Graph error on create surfaces with the code', async () => {
		const host = await start({ registration: 'appSubscription', fields: ['messages'] });
		try {
			nock(GRAPH)
				.post(`/v23.0/${APP_ID}/subscriptions`)
				.query(true)
				.reply(400, { error: { message: '(#2200) Callback verification failed with the following errors: HTTP Status Code = 403', type: 'OAuthException', code: 2200, fbtrace_id: 'Zy9' } });
			await expect(host.runHook('create')).rejects.toThrow(/Callback verification failed/);
		} finally {
			await host.close();
		}
	});
});
