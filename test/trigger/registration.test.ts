import type { INodeParameters } from 'n8n-workflow';

import type { InProcessTrigger } from '../../scripts/lib/inProcessN8n';
import { MetaGraphStub } from '../../scripts/lib/metaGraphStub';
import { WEBHOOK_FIELDS } from '../../nodes/shared/generated/catalog';
import { DEFAULT_GRAPH_API_VERSION } from '../../nodes/shared/transport/auth';
import { configureGraphRetries, resetGraphRetries } from '../support/graphRetries';
import { READINESS } from '../../nodes/WhatsAppBusinessAccountTrigger/registration/callbackVerification';
import { deliversInProduction } from './registrationHost';
import { APP_ID, APP_SECRET, startTrigger, VERIFY_TOKEN } from './support';

const WABA = '102290129340398';
const OTHER_APP = { id: '6543210987654321', secret: '0123456789abcdef0123456789abcdef' };
const ELSEWHERE = 'https://crm.example.com/whatsapp/webhook';

let graph: MetaGraphStub;
let ourToken: string;
let theirToken: string;
const hosts: InProcessTrigger[] = [];

async function start(
	parameters: Record<string, unknown>,
	overrides: { webhook?: Record<string, string>; api?: Record<string, string> } = {},
) {
	const host = await startTrigger(parameters as INodeParameters, {
		webhook: { baseUrl: graph.url, ...overrides.webhook },
		api: {
			accessToken: ourToken,
			appSecret: APP_SECRET,
			apiVersion: 'v23.0',
			baseUrl: graph.url,
			...overrides.api,
		},
		receipt: false,
	});
	hosts.push(host);
	return host;
}

const writes = () => graph.requests.filter((r) => r.method !== 'GET');

beforeAll(() => {
	configureGraphRetries({ baseDelayMs: 1, maxDelayMs: 5 });
	Object.assign(READINESS, { verificationDelayMs: 20 });
});
afterAll(() => resetGraphRetries());
beforeEach(async () => {
	graph = await MetaGraphStub.start();
	graph.addApp({ id: APP_ID, secret: APP_SECRET });
	graph.addApp(OTHER_APP);
	ourToken = graph.addSystemUserToken(APP_ID);
	theirToken = graph.addSystemUserToken(OTHER_APP.id);
	graph.addWaba(WABA);
});
afterEach(async () => {
	for (const host of hosts.splice(0)) await host.close();
	await graph.close();
});

describe('manual registration', () => {
	test('makes no Graph call on activation, test listening or deactivation', async () => {
		const host = await start({ registration: 'manual' });
		expect(await host.runHook('checkExists')).toBe(true);
		expect(await host.runHook('create')).toBe(true);
		expect(await host.runHook('create', { test: true })).toBe(true);
		expect(await host.runHook('delete', { test: true })).toBe(true);
		expect(await host.runHook('delete')).toBe(true);
		expect(graph.requests).toEqual([]);
	});
});

describe('Override Callback for a WABA', () => {
	const params = { registration: 'wabaOverride', wabaId: WABA };

	test('activation: the token is checked to be of this app, then Meta verifies the URL and stores the override', async () => {
		const host = await start(params);
		expect(await host.runHook('checkExists')).toBe(false);
		expect(await host.runHook('create')).toBe(true);
		expect(graph.subscribedApps(WABA)).toEqual([{ appId: APP_ID, overrideCallbackUri: host.url }]);
		expect(graph.verifications).toEqual([
			expect.objectContaining({ url: host.url, verifyToken: VERIFY_TOKEN, ok: true }),
		]);
		const debug = graph.requests.find((r) => r.path === '/debug_token')!;
		expect(debug.authorization).toBe(`Bearer ${APP_ID}|${APP_SECRET}`);
		expect(debug.query.input_token).toBe(ourToken);
		expect(graph.requests.every((r) => !r.tokenInUrl)).toBe(true);
		expect(host.staticData).toMatchObject({
			mode: 'wabaOverride',
			wabaId: WABA,
			callbackUrl: host.url,
			wasSubscribed: false,
		});
		expect(await host.runHook('checkExists')).toBe(true);
		expect(await deliversInProduction(host)).toBe(true);
	});

	test.each([
		[
			'picked from the list',
			{ __rl: true, mode: 'list', value: WABA, cachedResultName: "Jasper's Market" },
		],
		['entered by ID', { __rl: true, mode: 'id', value: WABA }],
		['saved as a plain string before the picker', WABA],
	])('the account %s is the one subscribed', async (_how, wabaId) => {
		const host = await start({ registration: 'wabaOverride', wabaId });
		expect(await host.runHook('create')).toBe(true);
		expect(graph.subscribedApps(WABA)).toEqual([{ appId: APP_ID, overrideCallbackUri: host.url }]);
		expect(host.staticData).toMatchObject({ mode: 'wabaOverride', wabaId: WABA });
	});

	test("a token of another app is refused, naming both ids, and the other app's override stays", async () => {
		graph.setSubscribedApp(WABA, OTHER_APP.id, ELSEWHERE);
		const host = await start(params, { api: { accessToken: theirToken } });
		await expect(host.runHook('create')).rejects.toThrow(
			`The access token belongs to app ${OTHER_APP.id}, but the webhook credential is for app ${APP_ID}`,
		);
		expect(writes()).toEqual([]);
		expect(graph.subscribedApps(WABA)).toEqual([
			{ appId: OTHER_APP.id, overrideCallbackUri: ELSEWHERE },
		]);
	});

	test("refuses to take over another workflow's override of the same app and WABA", async () => {
		graph.setSubscribedApp(WABA, APP_ID, ELSEWHERE);
		const host = await start(params);
		await expect(host.runHook('create')).rejects.toThrow(/already overrides the callback of WABA/);
		expect(writes()).toEqual([]);
	});

	test('listening for a test event while active is refused and changes nothing; production still delivers', async () => {
		const host = await start(params);
		await host.runHook('create');
		const before = structuredClone(graph.subscribedApps(WABA));
		const writesBefore = writes().length;
		await expect(host.runHook('create', { test: true })).rejects.toThrow(
			/Listening for a test event would redirect live deliveries: app \d+ is subscribed to WABA/,
		);
		// n8n runs delete when a test listening fails or ends
		expect(await host.runHook('delete', { test: true })).toBe(true);
		expect(graph.subscribedApps(WABA)).toEqual(before);
		expect(writes()).toHaveLength(writesBefore);
		expect(await deliversInProduction(host)).toBe(true);
		expect(host.staticData).toMatchObject({ callbackUrl: host.url });
	});

	test('listening for a test event with nothing registered sets the test URL and removes it when listening ends', async () => {
		const host = await start(params);
		expect(await host.runHook('checkExists', { test: true })).toBe(false);
		await host.runHook('create', { test: true });
		expect(graph.subscribedApps(WABA)).toEqual([
			{ appId: APP_ID, overrideCallbackUri: host.testUrl },
		]);
		expect(host.staticData).toEqual({});
		await host.runHook('delete', { test: true });
		expect(graph.subscribedApps(WABA)).toEqual([]);
	});

	test('deactivation: removes the subscription it made, puts back a plain one, leaves a newer owner alone', async () => {
		const host = await start(params);
		await host.runHook('create');
		await host.runHook('delete');
		expect(graph.subscribedApps(WABA)).toEqual([]);

		graph.setSubscribedApp(WABA, APP_ID);
		await host.runHook('create');
		expect(host.staticData.wasSubscribed).toBe(true);
		await host.runHook('delete');
		expect(graph.subscribedApps(WABA)).toEqual([{ appId: APP_ID }]);

		await host.runHook('create');
		graph.setSubscribedApp(WABA, APP_ID, ELSEWHERE);
		const writesBefore = writes().length;
		await host.runHook('delete');
		expect(writes()).toHaveLength(writesBefore);
		expect(graph.subscribedApps(WABA)).toEqual([{ appId: APP_ID, overrideCallbackUri: ELSEWHERE }]);
		expect(host.staticData.callbackUrl).toBeUndefined();
	});

	test("a Graph error surfaces with Meta's code", async () => {
		const host = await start({ registration: 'wabaOverride', wabaId: '999999999' });
		await expect(host.runHook('create')).rejects.toThrow(/does not exist/);
	});
});

describe('App Subscription', () => {
	const params = { registration: 'appSubscription', fields: ['messages', 'account_update'] };

	test('activate, listen for a test event while active, deactivate, re-activate: the app subscription each time', async () => {
		const host = await start(params);
		expect(await host.runHook('checkExists')).toBe(false);
		await host.runHook('create');
		const expected = {
			object: 'whatsapp_business_account',
			callback_url: host.url,
			active: true,
			fields: [
				{ name: 'messages', version: DEFAULT_GRAPH_API_VERSION },
				{ name: 'account_update', version: DEFAULT_GRAPH_API_VERSION },
			],
		};
		expect(graph.appSubscription(APP_ID)).toEqual(expected);
		const post = graph.requests.find((r) => r.method === 'POST')!;
		expect(post.authorization).toBe(`Bearer ${APP_ID}|${APP_SECRET}`);
		expect(post.body).toMatchObject({
			callback_url: host.url,
			verify_token: VERIFY_TOKEN,
			fields: 'messages,account_update',
			include_values: 'true',
		});
		expect(await host.runHook('checkExists')).toBe(true);

		await expect(host.runHook('create', { test: true })).rejects.toThrow(
			`app ${APP_ID} sends its WhatsApp webhooks to ${host.url}`,
		);
		await host.runHook('delete', { test: true });
		expect(graph.appSubscription(APP_ID)).toEqual(expected);
		expect(await deliversInProduction(host)).toBe(true);

		await host.runHook('delete');
		expect(graph.appSubscription(APP_ID)).toBeUndefined();
		await host.runHook('create');
		expect(graph.appSubscription(APP_ID)).toEqual(expected);
		expect(graph.requests.every((r) => !r.tokenInUrl)).toBe(true);
	});

	test("with no field chosen, subscribes every field of Meta's reference", async () => {
		const host = await start({ registration: 'appSubscription' });
		await host.runHook('create');
		const documented = WEBHOOK_FIELDS.filter((f) => f.documented).map((f) => f.name);
		expect(documented).toHaveLength(19);
		expect(graph.appSubscription(APP_ID)!.fields.map((f) => f.name)).toEqual(documented);
	});

	test('refuses to replace another callback of the app, whose verify token Meta would not give back', async () => {
		graph.setAppSubscription(APP_ID, { callbackUrl: ELSEWHERE, fields: ['messages'] });
		const host = await start(params);
		await expect(host.runHook('create')).rejects.toThrow(
			`App ${APP_ID} already sends its WhatsApp webhooks to ${ELSEWHERE}`,
		);
		await expect(host.runHook('create', { test: true })).rejects.toThrow(
			/would redirect live deliveries/,
		);
		expect(writes()).toEqual([]);
		expect(graph.appSubscription(APP_ID)?.callback_url).toBe(ELSEWHERE);
	});

	test('test listening with nothing registered sets the test URL, and removes exactly that', async () => {
		const host = await start(params);
		await host.runHook('create', { test: true });
		expect(graph.appSubscription(APP_ID)?.callback_url).toBe(host.testUrl);
		await host.runHook('delete', { test: true });
		expect(graph.appSubscription(APP_ID)).toBeUndefined();
	});

	test('deactivation leaves a callback someone set since alone', async () => {
		const host = await start(params);
		await host.runHook('create');
		graph.setAppSubscription(APP_ID, { callbackUrl: ELSEWHERE, fields: ['messages'] });
		await host.runHook('delete');
		expect(graph.appSubscription(APP_ID)?.callback_url).toBe(ELSEWHERE);
	});

	test("Meta's failed verification (the URL not served yet) is retried", async () => {
		const host = await start(params);
		const verify = graph.verifyCallback.bind(graph);
		let failures = 2;
		graph.verifyCallback = async (url, token) =>
			failures-- > 0 ? await verify(`${url}-not-yet`, token) : await verify(url, token);
		await host.runHook('create');
		expect(graph.verifications.map((v) => v.status)).toEqual([404, 404, 200]);
		expect(graph.appSubscription(APP_ID)?.callback_url).toBe(host.url);
	});
});

describe('secrets only travel to Meta, and only strong ones', () => {
	test.each([
		[
			'http on a public host',
			{ webhook: { baseUrl: 'http://graph.example.com' } },
			/Graph Base URL is refused: it must be https/,
		],
		['another scheme', { webhook: { baseUrl: 'ftp://127.0.0.1' } }, /Graph Base URL is refused/],
		[
			'another https host (both credentials)',
			{
				webhook: { baseUrl: 'https://attacker.example' },
				api: { baseUrl: 'https://attacker.example' },
			},
			/Graph Base URL is refused: tokens and secrets go only to graph\.facebook\.com .*not to attacker\.example/,
		],
		[
			'user info in the URL',
			{ webhook: { baseUrl: 'https://user:pw@graph.facebook.com' } },
			/user name or password/,
		],
		[
			'a weak app secret',
			{ webhook: { appSecret: ' ' } },
			/app secret is refused: the app secret is empty/,
		],
		[
			'a guessable verify token',
			{ webhook: { verifyToken: 'aaaaaaaaaaaaaaaa' } },
			/verify token is refused: the verify token uses only 1 different/,
		],
		[
			'an app id that is not one',
			{ webhook: { appId: '../me' } },
			/App ID must be the app's numeric id/,
		],
		[
			'an API version that is not one',
			{ api: { apiVersion: 'v23.0/../../x' } },
			/API Version .* is refused/,
		],
		[
			'two credentials at different Graph hosts',
			{ api: { baseUrl: 'https://graph.facebook.com' } },
			/different Graph hosts/,
		],
	])('%s: activation is refused before anything is sent', async (_name, overrides, message) => {
		const host = await start({ registration: 'wabaOverride', wabaId: WABA }, overrides as never);
		await expect(host.runHook('create')).rejects.toThrow(message);
		expect(writes()).toEqual([]);
		expect(
			graph.requests.filter((r) => r.path === '/debug_token' || r.path.endsWith('subscribed_apps')),
		).toEqual([]);
	});

	test('a WABA id that is not digits never becomes a path', async () => {
		const host = await start({ registration: 'wabaOverride', wabaId: '1/../../me' });
		await expect(host.runHook('create')).rejects.toThrow(/must be digits/);
		expect(graph.requests).toEqual([]);
	});
});
