// Graph faults for the action node and the trigger's registration: HTTP failures and
// throttling mocked with nock, socket-level failures (reset, no answer) from a real loopback
// server (nock 15's replyWithError leaves n8n's axios waiting for its 300 s default timeout,
// so it cannot stand in for a reset). Each fault must be retried with bounded back-off or
// fail with a clear message, without secrets, and nothing may hang.
import * as http from 'http';
import type { AddressInfo } from 'net';

import type { INodeParameters } from 'n8n-workflow';
import { DEFAULT_GRAPH_API_VERSION } from '../../nodes/shared/transport/auth';
import { graphApiRequest } from '../../nodes/shared/transport/graphApi';
import { configureGraphRetries, resetGraphRetries } from '../support/graphRetries';
import type nockType from 'nock';
import { bucUsage, byId, graph, graphError, versionPath, WABA_ID } from '../action/support/graph';
import nock from '../support/nock';
import { ACCESS_TOKEN, APP_SECRET as API_APP_SECRET, runNode } from '../action/support/runner';
import { APP_ID, APP_SECRET, VERIFY_TOKEN, startTrigger } from '../trigger/support';
import { captureLogs, exposedText } from './support';

const sleeps: number[] = [];
beforeAll(() => {
	nock.disableNetConnect();
	nock.enableNetConnect('127.0.0.1');
});
beforeEach(() => {
	sleeps.length = 0;
	configureGraphRetries({
		maxAttempts: 3,
		baseDelayMs: 1_000,
		maxDelayMs: 60_000,
		sleep: async (ms) => void sleeps.push(ms),
	});
});
afterEach(() => {
	nock.cleanAll();
	resetGraphRetries();
});
afterAll(() => nock.enableNetConnect());

const SECRETS = [ACCESS_TOKEN, API_APP_SECRET, APP_SECRET, VERIFY_TOKEN];
const expectNoSecret = (text: string) => {
	for (const secret of SECRETS) expect(text).not.toContain(secret);
};

type Reply = (scope: nockType.Interceptor) => nockType.Scope;
interface Fault {
	name: string;
	reply: Reply;
	/** Tries the transport makes before giving up (1: not retried). */
	tries: number;
	message: RegExp;
}

const THROTTLING_CODES = [4, 17, 32, 613, 80007, 80008];
const FAULTS: Fault[] = [
	// a 5xx without Meta's envelope is a gateway or an outage: retried like Meta's transient codes
	{
		name: 'HTTP 500 with an empty body',
		reply: (s) => s.reply(500, ''),
		tries: 3,
		message: /temporary problem: HTTP 500/,
	},
	{
		name: 'HTTP 500 with a Graph error (code 1, transient)',
		reply: (s) => s.reply(500, graphError(1, 'An unknown error occurred')),
		tries: 3,
		message: /temporary problem/,
	},
	{
		name: 'HTTP 503 with an HTML page',
		reply: (s) =>
			s.reply(503, '<html><body>Service Unavailable</body></html>', {
				'content-type': 'text/html',
			}),
		tries: 3,
		message: /temporary problem: .*Service Unavailable/,
	},
	{
		name: 'HTTP 429 without a Graph error',
		reply: (s) => s.reply(429, 'Too Many Requests'),
		tries: 3,
		message: /rate-limiting.*gave up after 3 tries/,
	},
	...THROTTLING_CODES.map((code) => ({
		name: `throttling code ${code}`,
		reply: ((s) => s.reply(400, graphError(code, 'Application request limit reached'))) as Reply,
		tries: 3,
		message: /Meta is rate-limiting calls.*gave up after 3 tries/,
	})),
	{
		name: 'a non-JSON error answer',
		reply: (s) =>
			s.reply(502, 'upstream connect error or disconnect/reset before headers', {
				'content-type': 'text/plain',
			}),
		tries: 3,
		message: /temporary problem: upstream connect error/,
	},
	{
		name: 'code 190, expired token',
		reply: (s) =>
			s.reply(
				401,
				graphError(
					190,
					'Error validating access token: Session has expired on Friday, 01-Nov-24.',
					{ error_subcode: 463 },
				),
			),
		tries: 1,
		message: /The access token is invalid or has expired/,
	},
];

describe('Graph faults: the action node (account get, subscribed apps subscribe)', () => {
	const operations = [
		{
			name: 'account get',
			parameters: { resource: 'account', operation: 'get', wabaId: byId(WABA_ID) },
			mock: () =>
				graph()
					.get(versionPath(`/${WABA_ID}`))
					.query(true),
		},
		{
			name: 'subscribe',
			parameters: { resource: 'subscribedApp', operation: 'subscribe', wabaId: byId(WABA_ID) },
			mock: () =>
				graph()
					.post(versionPath(`/${WABA_ID}/subscribed_apps`))
					.query(true),
		},
	];

	for (const op of operations) {
		test.each(FAULTS.map((f) => [f.name, f] as const))(`${op.name}: %s`, async (_name, fault) => {
			const logs = captureLogs();
			try {
				for (let i = 0; i < fault.tries; i++) fault.reply(op.mock());
				const started = Date.now();
				const result = await runNode({ parameters: op.parameters });
				expect(Date.now() - started).toBeLessThan(5_000);
				expect(result.items).toEqual([]);
				expect(result.error?.message).toMatch(fault.message);
				expect(result.error?.context?.attempts ?? 1).toBe(fault.tries);
				expect(sleeps).toHaveLength(fault.tries - 1);
				expect(sleeps.every((ms) => ms >= 1_000 && ms <= 60_000)).toBe(true);
				expect(nock.pendingMocks()).toEqual([]);
				expectNoSecret(exposedText(result.error) + logs.text());
			} finally {
				logs.restore();
			}
		});
	}

	test.each(THROTTLING_CODES.map((c) => [c]))(
		'throttling code %s then success: retried once, with the back-off Meta asks for',
		async (code) => {
			graph()
				.get(versionPath(`/${WABA_ID}`))
				.query(true)
				.reply(400, graphError(code, 'limit'), { 'x-business-use-case-usage': bucUsage(0) });
			graph()
				.get(versionPath(`/${WABA_ID}`))
				.query(true)
				.reply(200, { id: WABA_ID, name: 'ok' });
			const result = await runNode({
				parameters: { resource: 'account', operation: 'get', wabaId: byId(WABA_ID) },
			});
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ id: WABA_ID });
			expect(sleeps).toEqual([1_000]);
		},
	);

	test('a throttled answer whose wait is longer than the longest back-off fails at once, saying how long', async () => {
		graph()
			.get(versionPath(`/${WABA_ID}`))
			.query(true)
			.reply(400, graphError(80008, 'limit'), { 'x-business-use-case-usage': bucUsage(30) });
		const result = await runNode({
			parameters: { resource: 'account', operation: 'get', wabaId: byId(WABA_ID) },
		});
		expect(result.error?.message).toMatch(/rate-limiting/);
		expect(result.error?.description).toMatch(/about 30 minutes/);
		expect(sleeps).toEqual([]);
	});

	test('back-off stays bounded: doubling from the base, never above the maximum', async () => {
		configureGraphRetries({ maxAttempts: 6, baseDelayMs: 20_000, maxDelayMs: 50_000 });
		for (let i = 0; i < 6; i++)
			graph()
				.get(versionPath(`/${WABA_ID}`))
				.query(true)
				.reply(429, '');
		const result = await runNode({
			parameters: { resource: 'account', operation: 'get', wabaId: byId(WABA_ID) },
		});
		expect(result.error?.message).toMatch(/gave up after 6 tries/);
		expect(sleeps).toEqual([20_000, 40_000, 50_000, 50_000, 50_000]);
	});

	test('a 200 answer that is not JSON is not passed off as data', async () => {
		graph()
			.get(versionPath(`/${WABA_ID}`))
			.query(true)
			.reply(200, '<html>captive portal</html>', { 'content-type': 'text/html' });
		const result = await runNode({
			parameters: { resource: 'account', operation: 'get', wabaId: byId(WABA_ID) },
		});
		// either a clear error, or an item that is an object (never a bare HTML string)
		if (result.error) expect(result.error.message).toMatch(/Graph|JSON|HTML|answer/i);
		else for (const item of result.items) expect(typeof item.json).toBe('object');
	});
});

/** A loopback server that misbehaves at the socket level. */
async function faultyServer(
	kind: 'reset' | 'silent' | 'half',
): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
	let hits = 0;
	const server = http.createServer((req, res) => {
		hits++;
		if (kind === 'reset') req.socket.resetAndDestroy();
		else if (kind === 'half') {
			res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
			res.write('{"id":"10229');
			setTimeout(() => req.socket.destroy(), 20);
		}
		// silent: never answers
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		hits: () => hits,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

describe('Graph faults at the socket level (real loopback server)', () => {
	test.each([['reset' as const], ['half' as const]])(
		'connection %s: the action node fails at once with a clear message',
		async (kind) => {
			const server = await faultyServer(kind);
			try {
				const started = Date.now();
				const result = await runNode({
					parameters: { resource: 'account', operation: 'get', wabaId: byId(WABA_ID) },
					credential: { baseUrl: server.url },
				});
				expect(Date.now() - started).toBeLessThan(5_000);
				expect(result.error?.message).toMatch(
					/Could not reach the Graph API|closed unexpectedly|aborted|socket|reset/i,
				);
				expectNoSecret(exposedText(result.error));
			} finally {
				await server.close();
			}
		},
	);

	test('every Graph call carries a request timeout (a Graph that never answers must not hold the node for 5 minutes)', async () => {
		const seen: Array<number | undefined> = [];
		const context = {
			helpers: {
				httpRequest: async (options: { timeout?: number }) => {
					seen.push(options.timeout);
					return { statusCode: 200, body: { id: WABA_ID }, headers: {} };
				},
			},
		};
		await graphApiRequest(context, {
			method: 'GET',
			path: `/${WABA_ID}`,
			credentials: { accessToken: ACCESS_TOKEN },
		});
		expect(seen).toHaveLength(1);
		// n8n's axios default is 300,000 ms; a workflow should not wait that long for Graph
		expect(seen[0]).toBeDefined();
		expect(seen[0]!).toBeLessThanOrEqual(60_000);
	});

	test('a Graph that never answers: each try ends at the time limit, reads are retried, then the node fails saying so', async () => {
		configureGraphRetries({ timeoutMs: 500 });
		const server = await faultyServer('silent');
		try {
			const started = Date.now();
			const result = await runNode({
				parameters: { resource: 'account', operation: 'get', wabaId: byId(WABA_ID) },
				credential: { baseUrl: server.url },
			});
			expect(Date.now() - started).toBeLessThan(5_000);
			expect(result.error?.message).toMatch(/Could not reach the Graph API/);
			expect(`${result.error?.message} ${result.error?.description}`).toMatch(/Tried 3 times/);
			expect(sleeps).toHaveLength(2);
			expectNoSecret(exposedText(result.error));
		} finally {
			await server.close();
		}
	});
});

describe('Graph faults: the trigger registration', () => {
	const GRAPH = 'https://graph.facebook.com';
	const TOKEN = 'EAAGm0PX4ZCpsBAreliability-token';
	const API_SECRET = 'reliability-api-secret-77';
	const start = (parameters: Record<string, unknown>, baseUrl = GRAPH) =>
		startTrigger(parameters as INodeParameters, {
			webhook: { baseUrl },
			api: { accessToken: TOKEN, appSecret: API_SECRET, apiVersion: 'v23.0', baseUrl },
			receipt: false,
		});
	const modes = [
		{
			name: 'WABA override',
			parameters: { registration: 'wabaOverride', wabaId: WABA_ID },
			path: `/v23.0/${WABA_ID}/subscribed_apps`,
		},
		{
			name: 'app subscription',
			parameters: { registration: 'appSubscription' },
			path: `/${DEFAULT_GRAPH_API_VERSION}/${APP_ID}/subscriptions`,
		},
	];
	const registrationSecrets = [TOKEN, API_SECRET, APP_SECRET, VERIFY_TOKEN];

	for (const mode of modes) {
		test.each(FAULTS.map((f) => [f.name, f] as const))(
			`${mode.name}, activation check: %s`,
			async (_name, fault) => {
				const host = await start(mode.parameters);
				const logs = captureLogs();
				try {
					for (let i = 0; i < fault.tries; i++) fault.reply(nock(GRAPH).get(mode.path).query(true));
					const started = Date.now();
					const error = await host.runHook('checkExists').then(
						() => undefined,
						(e: Error) => e,
					);
					expect(Date.now() - started).toBeLessThan(5_000);
					expect(error?.message).toMatch(fault.message);
					expect(sleeps).toHaveLength(fault.tries - 1);
					expect(nock.pendingMocks()).toEqual([]);
					const text = exposedText(error) + logs.text();
					for (const secret of registrationSecrets) expect(text).not.toContain(secret);
				} finally {
					logs.restore();
					await host.close();
				}
			},
		);

		test(`${mode.name}: a connection reset fails activation at once with a clear message and no secret`, async () => {
			const server = await faultyServer('reset');
			const host = await start(mode.parameters, server.url);
			try {
				const error = await host.runHook('checkExists').then(
					() => undefined,
					(e: Error) => e,
				);
				expect(error?.message).toMatch(/Could not reach the Graph API|closed unexpectedly/);
				const text = exposedText(error);
				for (const secret of registrationSecrets) expect(text).not.toContain(secret);
			} finally {
				await host.close();
				await server.close();
			}
		});
	}
});
