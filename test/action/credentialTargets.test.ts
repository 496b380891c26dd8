// Issue 30, findings 1 and 2: n8n's HTTP Request node (and HTTP Request Tool, GraphQL) can use
// this package's credentials as predefined credentials, and passes its target as `uri`; the
// credentials looked only at `baseURL ?? url`. Each case runs through n8n-core's own request
// helpers (requestWithAuthentication as HTTP Request calls it, httpRequestWithAuthentication as
// nodes do), over real HTTP on loopback: a "spy" server stands for someone else's host.
import * as http from 'http';
import type { AddressInfo } from 'net';

import nock from '../support/nock';
import type { IExecuteFunctions } from 'n8n-workflow';

import { actionContext } from '../../scripts/lib/inProcessAction';
import { APP_ID, APP_SECRET, VERIFY_TOKEN } from '../trigger/support';
import { ACCESS_TOKEN } from './support/runner';

interface Recorder {
	origin: string;
	seen: Array<{ url: string; authorization?: string; n8nApiKey?: string }>;
	close(): Promise<void>;
}

/** A loopback server recording each request and its Authorization header; `/hop` redirects to `redirectTo`. */
async function recorder(redirectTo?: () => string): Promise<Recorder> {
	const seen: Recorder['seen'] = [];
	const server = http.createServer((req, res) => {
		seen.push({
			url: req.url ?? '',
			authorization: req.headers.authorization,
			n8nApiKey: req.headers['x-n8n-api-key'] as string | undefined,
		});
		if (req.url?.startsWith('/hop') && redirectTo)
			res.writeHead(302, { location: `${redirectTo()}/landed` }).end();
		else res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"1"}');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		origin: `http://127.0.0.1:${port}`,
		seen,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** n8n-core's ExecuteContext for an action node holding the API credential with this base URL. */
function contextWith(baseUrl: string): IExecuteFunctions {
	return actionContext({
		parameters: { resource: 'account', operation: 'get' },
		items: [{}],
		credentials: {
			whatsAppBusinessAccountApi: { accessToken: ACCESS_TOKEN, apiVersion: 'v23.0', baseUrl },
		},
	}).context;
}

const webhookCredential = (baseUrl = 'https://graph.facebook.com') => ({
	credentialsDecrypted: {
		id: 'webhook',
		name: 'webhook',
		type: 'whatsAppBusinessAccountWebhookApi',
		data: { appId: APP_ID, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, baseUrl },
	},
});

/** What HTTP Request does with a predefined credential: the legacy options, target in `uri`. */
function legacyRequest(context: IExecuteFunctions, options: LegacyRequest, webhook = false) {
	return webhook
		? context.helpers.requestWithAuthentication.call(
				context,
				'whatsAppBusinessAccountWebhookApi',
				options,
				webhookCredential(),
			)
		: context.helpers.requestWithAuthentication.call(
				context,
				'whatsAppBusinessAccountApi',
				options,
			);
}

/** The options HTTP Request passes to requestWithAuthentication (n8n's legacy request options). */
type LegacyRequest = Parameters<IExecuteFunctions['helpers']['requestWithAuthentication']>[1];

let spy: Recorder;
let standIn: Recorder;

beforeAll(async () => {
	spy = await recorder();
	standIn = await recorder(() => spy.origin);
	nock.disableNetConnect();
	nock.enableNetConnect('127.0.0.1');
});
afterAll(async () => {
	nock.cleanAll();
	nock.enableNetConnect();
	await spy.close();
	await standIn.close();
});
afterEach(() => {
	spy.seen.length = 0;
	standIn.seen.length = 0;
});

describe("a credential set to Meta's Graph sends its secrets nowhere else, whichever node asks", () => {
	const context = () => contextWith('https://graph.facebook.com');

	test.each([
		['uri (the HTTP Request node)', () => ({ uri: `${spy.origin}/collect` })],
		['uri, plain http on loopback', () => ({ uri: `${spy.origin}/webhook/x` })],
		[
			'Graph baseURL with an absolute url elsewhere',
			() => ({ baseURL: 'https://graph.facebook.com/v23.0', url: `${spy.origin}/collect` }),
		],
		[
			'Graph baseURL with a protocol-relative url elsewhere',
			() => ({ baseURL: 'https://graph.facebook.com/v23.0', url: `//${spy.origin.slice(7)}/x` }),
		],
		['another baseURL with a relative url', () => ({ baseURL: spy.origin, url: '/v23.0/me' })],
		[
			'uri elsewhere beside a Graph url',
			() => ({ url: 'https://graph.facebook.com/v23.0/me', uri: `${spy.origin}/collect` }),
		],
	])('%s: refused, nothing arrives', async (_case, options) => {
		await expect(legacyRequest(context(), options() as LegacyRequest)).rejects.toThrow(
			/Refused to send this credential.s secrets there: tokens and secrets go only to https:\/\/graph\.facebook\.com, https:\/\/lookaside\.fbsbx\.com, not to https?:\/\/127\.0\.0\.1:/,
		);
		expect(spy.seen).toEqual([]);
	});

	test('the webhook credential (app id|app secret) is refused the same way', async () => {
		await expect(legacyRequest(context(), { uri: `${spy.origin}/collect` }, true)).rejects.toThrow(
			`tokens and secrets go only to https://graph.facebook.com, not to ${spy.origin}`,
		);
		expect(spy.seen).toEqual([]);
	});

	test("https to a look-alike host and http to Graph's own host are refused", async () => {
		await expect(
			legacyRequest(context(), { uri: 'https://graph.facebook.com.attacker.example/v23.0/me' }),
		).rejects.toThrow('not to https://graph.facebook.com.attacker.example');
		await expect(
			legacyRequest(context(), { uri: 'http://graph.facebook.com/v23.0/me' }),
		).rejects.toThrow('not to http://graph.facebook.com');
	});

	test('Graph calls this package does not wrap keep working from HTTP Request, token and appsecret_proof attached', async () => {
		const scope = nock('https://graph.facebook.com', {
			reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` },
		})
			.get('/v23.0/102290129340398/message_templates')
			.query((query) => query.limit === '5')
			.reply(200, { data: [] });
		const answer = await legacyRequest(context(), {
			uri: 'https://graph.facebook.com/v23.0/102290129340398/message_templates',
			qs: { limit: 5 },
			json: true,
		});
		expect(answer).toEqual({ data: [] });
		expect(scope.isDone()).toBe(true);
	});

	test("a media URL on Meta's media host gets the access token, never the app secret", async () => {
		const media = 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1&ext=2&hash=3';
		const scope = nock('https://lookaside.fbsbx.com', {
			reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` },
		})
			.get('/whatsapp_business/attachments/')
			.query(true)
			.reply(200, 'bytes');
		await legacyRequest(context(), { uri: media });
		expect(scope.isDone()).toBe(true);
		await expect(legacyRequest(context(), { uri: media }, true)).rejects.toThrow(
			'go only to https://graph.facebook.com, not to https://lookaside.fbsbx.com',
		);
	});
});

describe('a credential set to a local test server sends its secrets to that origin only', () => {
	test('the stand-in answers; another loopback port (n8n itself, say) is refused', async () => {
		const context = contextWith(standIn.origin);
		await legacyRequest(context, { uri: `${standIn.origin}/v23.0/me`, json: true });
		expect(standIn.seen).toEqual([{ url: '/v23.0/me', authorization: `Bearer ${ACCESS_TOKEN}` }]);
		await expect(legacyRequest(context, { uri: `${spy.origin}/webhook/x` })).rejects.toThrow(
			`this credential is set to the local test server ${standIn.origin} and sends its secrets nowhere else, not to ${spy.origin}`,
		);
		await expect(
			legacyRequest(context, { uri: 'https://graph.facebook.com/v23.0/me' }),
		).rejects.toThrow(/local test server/);
		expect(spy.seen).toEqual([]);
	});

	test.each([
		['a path (a Webhook node of n8n)', (origin: string) => `${origin}/webhook/abc`],
		['a query', (origin: string) => `${origin}?x=1`],
	])('a loopback Graph Base URL with %s is refused before anything is sent', async (_c, make) => {
		const context = contextWith(make(spy.origin));
		await expect(
			context.helpers.httpRequestWithAuthentication.call(context, 'whatsAppBusinessAccountApi', {
				url: `${spy.origin}/webhook/abc/v23.0/me`,
			}),
		).rejects.toThrow(/Graph Base URL is refused/);
		expect(spy.seen).toEqual([]);
	});

	test('a redirect to another origin does not carry the token along', async () => {
		const context = contextWith(standIn.origin);
		await legacyRequest(context, { uri: `${standIn.origin}/hop`, json: true });
		expect(standIn.seen).toEqual([{ url: '/hop', authorization: `Bearer ${ACCESS_TOKEN}` }]);
		expect(spy.seen).toEqual([{ url: '/landed', authorization: undefined }]);
	});
});

describe("the Waiting Questions credential sends n8n's API key only under its own API URL", () => {
	const N8N_KEY = 'n8n-api-key-for-tests';
	const n8nCredential = (baseUrl: string) => ({
		credentialsDecrypted: {
			id: 'n8n-api',
			name: 'n8n-api',
			type: 'whatsAppN8nApi',
			data: { apiKey: N8N_KEY, baseUrl },
		},
	});
	const request = (baseUrl: string, options: LegacyRequest) => {
		const context = contextWith('https://graph.facebook.com');
		return context.helpers.requestWithAuthentication.call(
			context,
			'whatsAppN8nApi',
			options,
			n8nCredential(baseUrl),
		);
	};

	test('a request under the API URL carries the key', async () => {
		await request(`${standIn.origin}/api/v1`, { uri: `${standIn.origin}/api/v1/executions` });
		expect(standIn.seen).toEqual([
			expect.objectContaining({ url: '/api/v1/executions', n8nApiKey: N8N_KEY }),
		]);
	});

	test.each([
		['another origin', () => ({ uri: `${spy.origin}/api/v1/executions` }), 'spy'],
		[
			'the same origin outside the API path',
			(origin: string) => ({ uri: `${origin}/webhook/collect` }),
			'standIn',
		],
		[
			'a path that only starts like the API path',
			(origin: string) => ({ uri: `${origin}/api/v10/x` }),
			'standIn',
		],
		[
			'the API origin as baseURL with an absolute url elsewhere',
			(origin: string) => ({ baseURL: `${origin}/api/v1`, url: `${spy.origin}/x` }),
			'spy',
		],
	])('%s: refused, nothing arrives', async (_case, options, where) => {
		await expect(
			request(`${standIn.origin}/api/v1`, options(standIn.origin) as LegacyRequest),
		).rejects.toThrow(
			/Refused to send the n8n API key there: it goes only under http:\/\/127\.0\.0\.1:\d+\/api\/v1/,
		);
		expect((where === 'spy' ? spy : standIn).seen).toEqual([]);
	});
});
