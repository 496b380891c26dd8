// Issue 23, finding 1: a credential whose Graph Base URL names another https host would have
// sent the system-user token (or "<app id>|<app secret>") there. Every path that carries a
// secret now refuses it before sending anything; loopback test servers still work.
import * as http from 'http';
import type { AddressInfo } from 'net';

import type { IDataObject } from 'n8n-workflow';

import { WhatsAppBusinessAccountApi } from '../../credentials/WhatsAppBusinessAccountApi.credentials';
import { WhatsAppBusinessAccountWebhookApi } from '../../credentials/WhatsAppBusinessAccountWebhookApi.credentials';
import { DEFAULT_GRAPH_API_VERSION, graphBaseUrlProblem } from '../../nodes/shared/transport/auth';
import {
	CHECK,
	callbackProbeProblem,
} from '../../nodes/WhatsAppBusinessAccount/actions/webhookSetup/setupCheck';
import { APP_ID, APP_SECRET, VERIFY_TOKEN } from '../trigger/support';
import { byId, graph, versionPath, WABA_ID } from './support/graph';
import nock from '../support/nock';
import { ACCESS_TOKEN, runNode } from './support/runner';
import { useGraphMocks } from './support/setup';

const ATTACKER = 'https://attacker.example';

/** A loopback server standing in for someone else's host: records every request it gets. */
async function listeningSpy(): Promise<{
	url: string;
	seen: string[];
	close: () => Promise<void>;
}> {
	const seen: string[] = [];
	const server = http.createServer((req, res) => {
		seen.push(`${req.method} ${req.url} ${JSON.stringify(req.headers)}`);
		res
			.writeHead(200, { 'content-type': 'application/json' })
			.end('{"data":{"is_valid":true,"app_id":"1"}}');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		seen,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

describe('Graph hosts: tokens and secrets go only to graph.facebook.com or loopback', () => {
	test.each([
		['https://graph.facebook.com', undefined],
		['https://GRAPH.facebook.com/', undefined],
		['http://127.0.0.1:8080', undefined],
		['https://127.0.0.2:8443', undefined],
		['http://localhost:3000', undefined],
		['http://[::1]:9', undefined],
		[ATTACKER, /tokens and secrets go only to graph\.facebook\.com .* not to attacker\.example/],
		[
			'https://graph.facebook.com.attacker.example',
			/not to graph\.facebook\.com\.attacker\.example/,
		],
		['https://graph.facebook.com:8443', /https's own port/],
		['http://graph.facebook.com', /must be https/],
		['https://user:pw@graph.facebook.com', /user name or password/],
		// issue 30: loopback as a bare origin only (a path there can be n8n's own webhooks)
		['http://127.0.0.1:5678/webhook/abc', /an origin only .* without the path \/webhook\/abc/],
		['http://localhost:5678/', undefined],
		['https://graph.facebook.com/v23.0', /without the path \/v23\.0/],
	])('%s', (url, refusal) => {
		const problem = graphBaseUrlProblem(url);
		if (refusal) expect(problem).toMatch(refusal);
		else expect(problem).toBeUndefined();
	});

	test('the credential tests (run by n8n through authenticate) refuse another https host before attaching a secret', async () => {
		const api = new WhatsAppBusinessAccountApi();
		const webhook = new WhatsAppBusinessAccountWebhookApi();
		await expect(
			api.authenticate(
				{ accessToken: ACCESS_TOKEN, apiVersion: 'v23.0', baseUrl: ATTACKER },
				{ baseURL: `${ATTACKER}/v23.0`, url: '/me' },
			),
		).rejects.toThrow(
			"The credential's Graph Base URL is refused: tokens and secrets go only to graph.facebook.com (or a loopback address for a local test server), not to attacker.example",
		);
		await expect(
			webhook.authenticate(
				{ appId: APP_ID, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, baseUrl: ATTACKER },
				{ baseURL: ATTACKER, url: `/${APP_ID}` },
			),
		).rejects.toThrow(/not to attacker\.example/);
		// a request aimed elsewhere than the credential's own base is refused too
		await expect(
			api.authenticate(
				{ accessToken: ACCESS_TOKEN, apiVersion: 'v23.0', baseUrl: 'https://graph.facebook.com' },
				{ url: `${ATTACKER}/v23.0/me` },
			),
		).rejects.toThrow(/not to https:\/\/attacker\.example/);
		// and n8n is told not to follow a redirect with the secret
		expect(api.test.request.disableFollowRedirect).toBe(true);
		expect(webhook.test.request.disableFollowRedirect).toBe(true);
	});

	describe('through the node', () => {
		useGraphMocks();

		test('an operation with a credential naming another host fails with the reason, and nothing reaches that host', async () => {
			const trap = nock(ATTACKER).get(/.*/).reply(200, {});
			const { error } = await runNode({
				parameters: { resource: 'account', operation: 'get', wabaId: byId(WABA_ID) },
				credential: { accessToken: ACCESS_TOKEN, apiVersion: 'v23.0', baseUrl: ATTACKER },
			});
			expect(error?.message).toMatch(/Graph Base URL is refused: .*not to attacker\.example/);
			expect(trap.isDone()).toBe(false);
			nock.cleanAll();
		});

		test('a redirect from Graph to another origin is not followed with the token', async () => {
			graph()
				.get(versionPath(`/${WABA_ID}`))
				.query(true)
				.reply(302, '', { location: `${ATTACKER}/collect?x=1` });
			const trap = nock(ATTACKER).get(/.*/).reply(200, {});
			const { error } = await runNode({
				parameters: { resource: 'account', operation: 'get', wabaId: byId(WABA_ID) },
			});
			expect(error?.message).toMatch(/answered with a redirect, which was not followed/);
			expect(error?.description).toContain(`HTTP 302 to ${ATTACKER}/collect.`);
			expect(trap.isDone()).toBe(false);
			nock.cleanAll();
		});
	});
});

describe("Setup Check sends the token only to its own credential's host", () => {
	useGraphMocks();

	test('a webhook credential naming another (here loopback) host: debug_token is not sent, the check says why', async () => {
		const spy = await listeningSpy();
		nock.enableNetConnect('127.0.0.1');
		try {
			// everything the check reads from Graph through the API credential; debug_token is not among them
			graph()
				.get(versionPath(`/${WABA_ID}/subscribed_apps`))
				.reply(200, { data: [] });
			graph()
				.get(versionPath(`/${WABA_ID}/phone_numbers`))
				.query(true)
				.reply(200, { data: [] });
			const { items, error } = await runNode({
				parameters: {
					resource: 'webhookSetup',
					operation: 'check',
					wabaId: byId(WABA_ID),
					expectedUrl: 'https://n8n.example.com/webhook/x/webhook',
					fields: ['messages'],
				},
				credential: {
					accessToken: ACCESS_TOKEN,
					apiVersion: 'v23.0',
					baseUrl: 'https://graph.facebook.com',
					webhook: {
						appId: APP_ID,
						appSecret: APP_SECRET,
						verifyToken: VERIFY_TOKEN,
						baseUrl: spy.url,
					},
				},
			});
			expect(error).toBeUndefined();
			const tokenApp = items
				.map((i) => i.json as IDataObject)
				.find((r) => r.check === CHECK.tokenApp)!;
			expect(tokenApp.passed).toBe(false);
			expect(tokenApp.found).toContain(
				'Not checked, nothing was sent: the two credentials name different Graph hosts (https://graph.facebook.com and http://127.0.0.1:',
			);
			expect(spy.seen.join('\n')).not.toContain(ACCESS_TOKEN);
			expect(spy.seen.some((line) => line.includes('debug_token'))).toBe(false);
		} finally {
			nock.disableNetConnect();
			nock.cleanAll();
			await spy.close();
		}
	});

	test.each([
		['http://n8n.example.com/webhook/x', /neither https nor a loopback address/],
		['ftp://n8n.example.com/x', /neither https nor a loopback address/],
		['not a url', /is not a URL/],
		['https://n8n.example.com/webhook/x', undefined],
		['http://127.0.0.1:5678/webhook/x', undefined],
	])(
		'the handshake (it carries the verify token) goes to %s only over https or loopback',
		(url, refusal) => {
			const problem = callbackProbeProblem(url);
			if (refusal) expect(problem).toMatch(refusal);
			else expect(problem).toBeUndefined();
		},
	);

	/**
	 * Runs the check with Graph answering that the app's callback is `metaCallback` (the
	 * expected URL unless given) and nothing else is set up; returns what it says of the handshake.
	 */
	async function handshakeResult(
		expectedUrl: string,
		metaCallback = expectedUrl,
	): Promise<IDataObject> {
		// the webhook credential names no API version: its calls use the package's default
		const appVersionPath = (path: string) => `/${DEFAULT_GRAPH_API_VERSION}${path}`;
		const scopes = [
			graph(`${APP_ID}|${APP_SECRET}`)
				.get(appVersionPath('/debug_token'))
				.query(true)
				.reply(200, { data: { is_valid: true, app_id: APP_ID } }),
			graph()
				.get(versionPath(`/${WABA_ID}/subscribed_apps`))
				.query(true)
				.reply(200, { data: [] }),
			graph(`${APP_ID}|${APP_SECRET}`)
				.get(appVersionPath(`/${APP_ID}/subscriptions`))
				.query(true)
				.reply(200, {
					data: [
						{
							object: 'whatsapp_business_account',
							callback_url: metaCallback,
							active: true,
							fields: [{ name: 'messages', version: 'v23.0' }],
						},
					],
				}),
			graph()
				.get(versionPath(`/${WABA_ID}/phone_numbers`))
				.query(true)
				.reply(200, { data: [] }),
		];
		const { items, error } = await runNode({
			parameters: {
				resource: 'webhookSetup',
				operation: 'check',
				wabaId: byId(WABA_ID),
				expectedUrl,
				fields: ['messages'],
			},
			credential: {
				accessToken: ACCESS_TOKEN,
				apiVersion: 'v23.0',
				baseUrl: 'https://graph.facebook.com',
				webhook: {
					appId: APP_ID,
					appSecret: APP_SECRET,
					verifyToken: VERIFY_TOKEN,
					baseUrl: 'https://graph.facebook.com',
				},
			},
		});
		expect(error).toBeUndefined();
		// every Graph read answered (the tests remove their traps with nock.cleanAll)
		for (const scope of scopes) expect(scope.isDone()).toBe(true);
		return items.map((i) => i.json as IDataObject).find((r) => r.check === CHECK.handshake)!;
	}

	test('a callback URL that redirects elsewhere does not get the verify token twice: the redirect is reported, not followed', async () => {
		nock('https://n8n.example.com')
			.get('/webhook/x')
			.query(true)
			.reply(302, '', { location: 'http://attacker.example/collect' });
		const trap = nock('http://attacker.example').get(/.*/).reply(200, 'x');
		const handshake = await handshakeResult('https://n8n.example.com/webhook/x');
		expect(handshake.passed).toBe(false);
		expect(handshake.found).toMatch(/^HTTP 302/);
		expect(trap.isDone()).toBe(false);
		nock.cleanAll();
	});

	test('a plain-http callback URL gets no handshake: the check says it was not sent', async () => {
		const trap = nock('http://n8n.example.com').get(/.*/).reply(200, 'x');
		const handshake = await handshakeResult('http://n8n.example.com/webhook/x');
		expect(handshake.passed).toBe(false);
		expect(handshake.found).toMatch(
			/^Not sent: http:\/\/n8n\.example\.com is neither https nor a loopback address/,
		);
		expect(trap.isDone()).toBe(false);
		nock.cleanAll();
	});

	// issue 30, finding 3: Expected Callback URL is an expression; the verify token went to any
	// https URL typed there, and the first 120 characters of its answer came back in the item
	test('an Expected Callback URL Meta does not call for the app gets no handshake: nothing is sent', async () => {
		const trap = nock('https://elsewhere.example').get(/.*/).reply(200, 'x');
		const handshake = await handshakeResult(
			'https://elsewhere.example/collect',
			'https://n8n.example.com/webhook/x/webhook',
		);
		expect(handshake.passed).toBeNull();
		expect(handshake.found).toBe(
			'Not sent: Meta does not call https://elsewhere.example/collect for this app (its callback: https://n8n.example.com/webhook/x/webhook), and the verify token goes only to a URL Meta itself calls',
		);
		expect(trap.isDone()).toBe(false);
		nock.cleanAll();
	});

	test("the callback's answer is reported as its status and whether the challenge came back, nothing of its body", async () => {
		nock('https://n8n.example.com')
			.get('/webhook/x')
			.query(true)
			.reply(200, 'internal page: api_key=abc123');
		const handshake = await handshakeResult('https://n8n.example.com/webhook/x');
		expect(handshake.passed).toBe(false);
		expect(handshake.found).toMatch(/^HTTP 200, without the challenge\. /);
		expect(JSON.stringify(handshake)).not.toContain('api_key');
	});
});
