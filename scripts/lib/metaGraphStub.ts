/**
 * A stateful stand-in for Meta's Graph API on loopback, modelling what decides where a
 * WABA's webhooks go: apps (id, secret, app access token "<id>|<secret>") with their
 * `/{app-id}/subscriptions`, system-user tokens tied to an app, and per-WABA
 * `/{waba-id}/subscribed_apps` with `override_callback_uri`. Like Meta, it verifies a
 * callback before it stores it: a GET to the URL with `hub.mode=subscribe`,
 * `hub.verify_token` and `hub.challenge`, which must answer 200 with the challenge, else the
 * write fails with Meta's error 2200. Errors use Meta's envelope
 * `{error:{message,type,code,error_subcode?,fbtrace_id}}`.
 *
 * Used over real HTTP by the jest suite (test/trigger/registration.test.ts, test/graphStub/) and by the
 * end-to-end run (scripts/e2e/scenarios/*.ts: registration, setup check, examples, chatbot, campaign;
 * the action workflow's account: scripts/e2e/lib/actionGraph.ts).
 *
 *   const graph = await MetaGraphStub.start();
 *   const app = graph.addApp({ id: '1234567890123456', secret: '<32 hex>' });
 *   const token = graph.addSystemUserToken(app.id);          // a token of that app
 *   graph.addWaba('102290129340398');
 *   graph.appSubscription(app.id); graph.subscribedApps(wabaId); // the state, to assert on
 *   graph.requests; graph.verifications;                       // what was asked and checked
 *   await graph.close();
 *
 * Routes answered (any `v<major>.<minor>` prefix, or none): GET /debug_token, GET/POST/DELETE
 * /{app-id}/subscriptions, GET/POST/DELETE /{waba-id}/subscribed_apps, GET /{app-id},
 * GET /{waba-id}/phone_numbers and GET/POST /{phone-number-id} with `webhook_configuration`
 * (Meta's "Webhook overrides": the number's override, then the WABA's, then the app's
 * callback, each as the calling token's app sees it).
 * A number's override needs the app subscribed to the number's WABA (Meta's requirement),
 * and an empty `override_callback_uri` removes it.
 * POST /{phone-number-id}/messages is Meta's messaging (metaGraphMessaging.ts); media by ID,
 * their download URLs (`graph.downloads`, kept apart from `graph.requests`: Meta's media host is
 * not Graph) and the Resumable Upload API are metaGraphMedia.ts; the WABA's fields, analytics,
 * users and activities, and a number's registration and business profile are
 * metaGraphAccount.ts; template sends and management are metaGraphTemplates.ts (attached with
 * `attachTemplateMessaging`), the Marketing Messages API metaGraphMarketing.ts (attached with
 * `attachMarketingMessages` over the template sends); Flows (DRAFT, PUBLISHED, DEPRECATED; Flow JSON validation errors,
 * preview URLs) and the numbers' business public keys are metaGraphFlows.ts; calls, call
 * permissions and calling settings are metaGraphCalls.ts; groups, their invite links, join
 * requests and participants are metaGraphGroups.ts; catalogs, product, catalog and carousel
 * messages, commerce settings and blocked users are metaGraphCommerce.ts; QR codes, short links
 * and conversational automation metaGraphChatEntry.ts; business usernames
 * metaGraphUsername.ts. Lists are paged as Graph pages them (`page`: cursors, `next`,
 * `limit` up to `maxPageSize`). Answers are JSON, or bytes with their content type.
 * Extend `route()` (or add a part) for more; keep the state in the maps below and the parts'
 * so that every route sees the same Meta. The shapes, errors and paging the hub and its parts
 * share are metaGraphState.ts; a part gets the hub as `GraphState` and the parts it needs.
 */
import { createHmac, randomInt } from 'crypto';
import * as http from 'http';
import * as https from 'https';
import type { AddressInfo } from 'net';

import { DEFAULT_GRAPH_API_VERSION } from '../../nodes/shared/transport/auth';
import { MetaGraphAccount } from './metaGraphAccount';
import { MetaGraphCalls } from './metaGraphCalls';
import { MetaGraphChatEntry } from './metaGraphChatEntry';
import { MetaGraphCommerce } from './metaGraphCommerce';
import { MetaGraphFlows } from './metaGraphFlows';
import { MetaGraphGroups } from './metaGraphGroups';
import { LOOKASIDE_PATH, MetaGraphMedia } from './metaGraphMedia';
import { countryCallingCode, MetaGraphMessaging } from './metaGraphMessaging';
import {
	DEFAULT_SCOPES,
	envelope,
	GraphStubError,
	listParameter,
	unknownObject,
	MAX_PAGE_SIZE,
	page,
	WABA_OBJECT,
	type AppSubscriptionState,
	type GraphState,
	type RecordedRequest,
	type StubAnswer,
	type StubApp,
	type StubPhoneNumber,
	type StubRoute,
	type SubscribedAppState,
	type TokenInfo,
	type Verification,
} from './metaGraphState';
import { MetaGraphUsername } from './metaGraphUsername';
import { readBody } from './readBody';

// like Graph, an unversioned call is served at a default version: this package's
const DEFAULT_VERSION = DEFAULT_GRAPH_API_VERSION;

/** Graph takes parameters as a form, as JSON, or in the query. */
function parseBody(raw: string, contentType: string | undefined): Record<string, string> {
	if (!raw) return {};
	if ((contentType ?? '').includes('json')) {
		const parsed = JSON.parse(raw) as Record<string, unknown>;
		return Object.fromEntries(
			Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
		);
	}
	return Object.fromEntries(new URLSearchParams(raw));
}

export interface MetaGraphStubOptions {
	/** Milliseconds Meta waits for the callback's answer in a verification. */
	verificationTimeoutMs?: number;
	/** Called with each request as it arrives, while the caller's connection is still open. */
	onRequest?: (request: RecordedRequest) => void;
	/** The most items one page of a list holds, whatever `limit` asks (Graph: 25 by default). */
	maxPageSize?: number;
	/** Serve https with this key and certificate (PEM; scripts/lib/loopbackTls.ts makes a pair), as Meta's Graph host does. */
	tls?: { key: string; cert: string };
}

export class MetaGraphStub implements GraphState {
	readonly apps = new Map<string, StubApp>();
	readonly tokens = new Map<string, TokenInfo>();
	/** appId → its whatsapp_business_account subscription. */
	readonly appSubscriptions = new Map<string, AppSubscriptionState>();
	/** wabaId → appId → subscription of that app to the WABA. */
	readonly wabas = new Map<string, Map<string, SubscribedAppState>>();
	/** phoneNumberId → the number, its WABA and the apps' overrides on it. */
	readonly phoneNumbers = new Map<string, StubPhoneNumber>();
	readonly requests: RecordedRequest[] = [];
	/** Media downloads: Meta's media host (lookaside), not Graph, so kept apart from `requests`. */
	readonly downloads: RecordedRequest[] = [];
	readonly verifications: Verification[] = [];
	/** Routes added by other modules (template sends, say), tried before the built-in ones. */
	private readonly extraRoutes: StubRoute[] = [];
	/** Sends, read receipts, media and customer-service windows (metaGraphMessaging.ts). */
	readonly messaging = new MetaGraphMessaging();
	/** Media by ID, its download URLs and the Resumable Upload API (metaGraphMedia.ts). */
	readonly media = new MetaGraphMedia(this, this.messaging);
	/** The WABA's own fields, users, analytics and activities, and its numbers' registration and profile (metaGraphAccount.ts). */
	readonly account = new MetaGraphAccount(this, this.media);
	/** WhatsApp Flows and the numbers' business public keys (metaGraphFlows.ts). */
	readonly flows = new MetaGraphFlows(this);
	/** Catalogs, product and catalog messages, commerce settings and blocked users (metaGraphCommerce.ts). */
	readonly commerce = new MetaGraphCommerce(this, this.messaging);
	/** QR codes, short links, ice breakers, commands and the welcome message of the numbers (metaGraphChatEntry.ts). */
	readonly chatEntry = new MetaGraphChatEntry(this);
	/** Calls, call permissions and calling settings (metaGraphCalls.ts). */
	readonly calls = new MetaGraphCalls(this);
	/** Groups, their invite links, join requests and participants (metaGraphGroups.ts). */
	readonly groups = new MetaGraphGroups(this);
	/** The numbers' business usernames and their suggestions (metaGraphUsername.ts). */
	readonly usernames = new MetaGraphUsername(this);
	private server?: http.Server | https.Server;

	private constructor(private readonly options: MetaGraphStubOptions) {}

	static async start(options: MetaGraphStubOptions = {}): Promise<MetaGraphStub> {
		const stub = new MetaGraphStub(options);
		const listener: http.RequestListener = (req, res) => {
			stub.handle(req, res).catch((error: Error) => {
				const failure =
					error instanceof GraphStubError
						? error
						: new GraphStubError(500, 1, `An unknown error occurred (${error.message})`);
				res
					.writeHead(failure.httpStatus, { 'content-type': 'application/json' })
					.end(JSON.stringify(envelope(failure)));
			});
		};
		stub.server = options.tls
			? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener)
			: http.createServer(listener);
		await new Promise<void>((resolve) => stub.server!.listen(0, '127.0.0.1', () => resolve()));
		return stub;
	}

	/** The most items one page of a list holds. */
	get maxPageSize(): number {
		return this.options.maxPageSize ?? MAX_PAGE_SIZE;
	}

	/** One page of a list edge, as Graph pages it (see `page`). */
	page<T>(items: T[], request: RecordedRequest) {
		return page(items, request, this.url, this.maxPageSize);
	}

	/** Base URL to put in a credential's Graph Base URL. */
	get url(): string {
		const scheme = this.options.tls ? 'https' : 'http';
		return `${scheme}://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
	}

	close(): Promise<void> {
		return new Promise((resolve) => {
			if (!this.server) return resolve();
			this.server.closeAllConnections?.();
			this.server.close(() => resolve());
		});
	}

	/** Adds a route, tried (after authentication) before the built-in ones; it answers undefined for calls not its own. */
	use(route: StubRoute): void {
		this.extraRoutes.push(route);
	}

	// ---- state set-up -------------------------------------------------------------------

	addApp(app: { id: string; secret: string; name?: string; requireProof?: boolean }): StubApp {
		const added: StubApp = { name: `App ${app.id}`, requireProof: false, ...app } as StubApp;
		this.apps.set(app.id, added);
		this.tokens.set(this.appAccessToken(app.id), { appId: app.id, type: 'APP', scopes: [] });
		return added;
	}

	appAccessToken(appId: string): string {
		const app = this.app(appId);
		return `${app.id}|${app.secret}`;
	}

	/** Registers a system-user access token issued for `appId` (with these permissions) and returns it. */
	addSystemUserToken(
		appId: string,
		token = `EAA${appId}SystemUser${randomInt(1e12)}`,
		scopes: string[] = DEFAULT_SCOPES,
	): string {
		this.app(appId);
		this.tokens.set(token, {
			appId,
			type: 'SYSTEM_USER',
			userId: String(100000000000000 + randomInt(1e9)),
			scopes: [...scopes],
		});
		return token;
	}

	addWaba(wabaId: string): void {
		if (!this.wabas.has(wabaId)) this.wabas.set(wabaId, new Map());
	}

	/** Sets an app's subscription directly, without verification (state another tool left). */
	setAppSubscription(
		appId: string,
		subscription: { callbackUrl: string; fields: string[]; active?: boolean; version?: string },
	): void {
		this.app(appId);
		this.appSubscriptions.set(appId, {
			object: WABA_OBJECT,
			callback_url: subscription.callbackUrl,
			active: subscription.active ?? true,
			fields: subscription.fields.map((name) => ({
				name,
				version: subscription.version ?? DEFAULT_VERSION,
			})),
		});
	}

	/** Subscribes an app to a WABA directly, optionally with an override (state another tool left). */
	setSubscribedApp(wabaId: string, appId: string, overrideCallbackUri?: string): void {
		this.addWaba(wabaId);
		this.wabas
			.get(wabaId)!
			.set(appId, { appId, ...(overrideCallbackUri ? { overrideCallbackUri } : {}) });
	}

	/** Adds a business phone number to a WABA. */
	addPhoneNumber(
		wabaId: string,
		number: {
			id: string;
			displayPhoneNumber: string;
			fields?: Record<string, unknown>;
			registered?: boolean;
			twoStepPin?: string;
			profile?: Record<string, unknown>;
		},
	): StubPhoneNumber {
		this.addWaba(wabaId);
		const added: StubPhoneNumber = {
			...number,
			wabaId,
			overrides: new Map(),
			fields: { ...number.fields },
			registered: number.registered ?? true,
			profile: { ...number.profile },
		};
		this.phoneNumbers.set(number.id, added);
		return added;
	}

	/** Sets (or with undefined removes) an app's callback override on a number, without verification. */
	setPhoneNumberOverride(phoneNumberId: string, appId: string, url: string | undefined): void {
		const number = this.phoneNumbers.get(phoneNumberId);
		if (!number) throw new Error(`No phone number ${phoneNumberId}`);
		if (url) number.overrides.set(appId, url);
		else number.overrides.delete(appId);
	}

	/** A number's `webhook_configuration` as `appId`'s token reads it; keys without a URL are left out. */
	webhookConfiguration(phoneNumberId: string, appId: string): Record<string, string> {
		const number = this.phoneNumbers.get(phoneNumberId)!;
		const app = this.appSubscriptions.get(appId);
		const configuration: Record<string, string> = {};
		const numberOverride = number.overrides.get(appId);
		const wabaOverride = this.wabas.get(number.wabaId)?.get(appId)?.overrideCallbackUri;
		if (numberOverride) configuration.phone_number = numberOverride;
		if (wabaOverride) configuration.whatsapp_business_account = wabaOverride;
		if (app) configuration.application = app.callback_url;
		return configuration;
	}

	// ---- state read-back ----------------------------------------------------------------

	appSubscription(appId: string): AppSubscriptionState | undefined {
		return this.appSubscriptions.get(appId);
	}

	subscribedApps(wabaId: string): SubscribedAppState[] {
		return [...(this.wabas.get(wabaId)?.values() ?? [])];
	}

	/** Where Meta would send a message-level change of this WABA for this app, and a template change. */
	destinations(wabaId: string, appId: string): { messages?: string; templates?: string } {
		const app = this.appSubscriptions.get(appId);
		const appCallback = app?.active ? app.callback_url : undefined;
		const sub = this.wabas.get(wabaId)?.get(appId);
		if (!sub) return {};
		return { messages: sub.overrideCallbackUri ?? appCallback, templates: appCallback };
	}

	/** Where Meta would send a message-level change of this number for this app: the number's override, the WABA's, the app's callback. */
	numberDestination(phoneNumberId: string, appId: string): string | undefined {
		const number = this.phoneNumbers.get(phoneNumberId);
		const sub = number && this.wabas.get(number.wabaId)?.get(appId);
		if (!number || !sub) return undefined;
		const app = this.appSubscriptions.get(appId);
		return (
			number.overrides.get(appId) ??
			sub.overrideCallbackUri ??
			(app?.active ? app.callback_url : undefined)
		);
	}

	// ---- HTTP ---------------------------------------------------------------------------

	private app(appId: string): StubApp {
		const app = this.apps.get(appId);
		if (!app) throw unknownObject('GET', appId);
		return app;
	}

	/** The caller's token, checked (with its appsecret_proof); throws Meta's error otherwise. */
	authenticate(record: RecordedRequest): TokenInfo {
		if (!record.token)
			throw new GraphStubError(400, 104, 'An access token is required to request this resource.');
		const info = this.tokens.get(record.token);
		if (!info)
			throw new GraphStubError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
		const app = this.apps.get(info.appId)!;
		const proof = record.query.appsecret_proof ?? record.body.appsecret_proof;
		if (proof !== undefined || app.requireProof) {
			const expected = createHmac('sha256', app.secret).update(record.token).digest('hex');
			if (proof !== expected)
				throw new GraphStubError(400, 100, 'Invalid appsecret_proof provided in the API argument');
		}
		return info;
	}

	/** Meta's check of a callback: GET with hub.* and the challenge expected back. */
	async verifyCallback(url: string, verifyToken: string): Promise<Verification> {
		const challenge = String(randomInt(1e9, 2e9));
		const target = new URL(url);
		target.searchParams.set('hub.mode', 'subscribe');
		target.searchParams.set('hub.challenge', challenge);
		target.searchParams.set('hub.verify_token', verifyToken);
		let verification: Verification;
		try {
			const answer = await fetch(target, {
				signal: AbortSignal.timeout(this.options.verificationTimeoutMs ?? 10_000),
			});
			const text = await answer.text();
			const ok = answer.status === 200 && text === challenge;
			verification = {
				url,
				verifyToken,
				status: answer.status,
				ok,
				...(ok
					? {}
					: {
							error:
								answer.status === 200
									? `answered "${text.slice(0, 60)}" instead of the challenge`
									: text.slice(0, 200),
						}),
			};
		} catch (error) {
			verification = {
				url,
				verifyToken,
				status: 0,
				ok: false,
				error: String((error as Error).message),
			};
		}
		this.verifications.push(verification);
		if (!verification.ok) {
			const detail = verification.status
				? `HTTP Status Code = ${verification.status}; HTTP Message = ${http.STATUS_CODES[verification.status] ?? ''}`
				: `Couldn't connect to server`;
			throw new GraphStubError(
				400,
				2200,
				`(#2200) Callback verification failed with the following errors: ${detail}`,
			);
		}
		return verification;
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const bytes = await readBody(req);
		const raw = bytes.toString('utf8');
		// like Graph, an unversioned path is served at the app's default version
		const match = /^(?:\/(v\d+\.\d+))?(\/.*)$/.exec(url.pathname);
		const query = Object.fromEntries(url.searchParams);
		const contentType = req.headers['content-type'];
		const isJson = (contentType ?? '').includes('json');
		const isForm = !contentType || contentType.includes('x-www-form-urlencoded') || isJson;
		const body = isForm ? parseBody(raw, contentType) : {};
		const authorization = req.headers.authorization;
		// Graph takes `Bearer <token>`; the Resumable Upload API documents `OAuth <token>`
		const scheme = /^(Bearer|OAuth) (.+)$/.exec(authorization ?? '');
		const record: RecordedRequest = {
			method: req.method ?? 'GET',
			path: match ? match[2] : url.pathname,
			version: match?.[1] ?? DEFAULT_VERSION,
			query,
			body,
			...(isJson && raw ? { json: JSON.parse(raw) as unknown } : {}),
			rawBody: raw,
			bytes,
			headers: req.headers,
			contentType,
			authorization,
			token: scheme?.[2] ?? query.access_token ?? body.access_token,
			tokenInUrl: query.access_token !== undefined,
			remotePort: req.socket.remotePort,
		};
		const download = url.pathname === LOOKASIDE_PATH;
		(download ? this.downloads : this.requests).push(record);
		this.options.onRequest?.(record);
		if (!match)
			throw new GraphStubError(
				400,
				2500,
				'Unknown path components: ' + url.pathname,
				undefined,
				'OAuthException',
			);
		const [status, answer, type] = download
			? this.media.download(record)
			: await this.route(record);
		if (Buffer.isBuffer(answer)) {
			res.writeHead(status, { 'content-type': type, 'content-length': answer.length }).end(answer);
			return;
		}
		res
			.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' })
			.end(JSON.stringify(answer));
	}

	/** One Graph call against the state. Returns [HTTP status, body]; throws GraphStubError for Meta's errors. */
	protected async route(r: RecordedRequest): Promise<StubAnswer> {
		const caller = this.authenticate(r);
		const segments = r.path.split('/').filter(Boolean);
		for (const extra of this.extraRoutes) {
			const answer = await extra(r);
			if (answer) return answer;
		}
		const own =
			this.flows.route(r) ??
			this.commerce.route(r) ??
			this.chatEntry.route(r) ??
			this.usernames.route(r) ??
			this.calls.route(r) ??
			this.groups.route(r) ??
			(await this.media.route(r, caller)) ??
			this.account.route(r, caller);
		if (own) return own;

		if (r.method === 'GET' && r.path === '/debug_token') {
			// Meta documents an app access token (or an app developer's token) as the caller
			const input = this.tokens.get(r.query.input_token ?? '');
			if (!input)
				return [
					200,
					{
						data: {
							is_valid: false,
							error: { code: 190, message: 'Invalid OAuth access token.' },
							scopes: [],
						},
					},
				];
			const app = this.apps.get(input.appId)!;
			return [
				200,
				{
					data: {
						app_id: app.id,
						type: input.type === 'APP' ? 'APP' : 'SYSTEM_USER',
						application: app.name,
						data_access_expires_at: 0,
						expires_at: 0,
						is_valid: true,
						scopes: input.scopes,
						...(input.userId ? { user_id: input.userId } : {}),
					},
				},
			];
		}

		if (segments.length === 1 && r.method === 'GET' && this.apps.has(segments[0])) {
			const app = this.app(segments[0]);
			return [
				200,
				{ id: app.id, name: app.name, link: `https://www.facebook.com/games/?app_id=${app.id}` },
			];
		}

		if (segments.length === 2 && segments[1] === 'subscriptions') {
			const app = this.app(segments[0]);
			if (caller.type !== 'APP' || caller.appId !== app.id)
				throw new GraphStubError(400, 100, '(#100) Requires an app access token of this app');
			return await this.appSubscriptionsEdge(r, app);
		}

		if (segments.length === 2 && segments[1] === 'subscribed_apps') {
			const waba = this.wabas.get(segments[0]);
			if (!waba) throw unknownObject(r.method, segments[0]);
			if (caller.type !== 'SYSTEM_USER')
				throw new GraphStubError(400, 200, '(#200) Permissions error');
			return await this.subscribedAppsEdge(r, waba, caller.appId);
		}

		if (segments.length === 2 && segments[1] === 'phone_numbers' && r.method === 'GET') {
			if (!this.wabas.has(segments[0])) throw unknownObject('GET', segments[0]);
			if (caller.type !== 'SYSTEM_USER')
				throw new GraphStubError(400, 200, '(#200) Permissions error');
			const fields = listParameter(r.query.fields);
			const data = [...this.phoneNumbers.values()]
				.filter((n) => n.wabaId === segments[0])
				.map((n) => this.phoneNumberNode(n, caller.appId, fields));
			return [200, this.page(data, r)];
		}

		if (
			segments.length === 2 &&
			this.phoneNumbers.has(segments[0]) &&
			(segments[1] === 'messages' || segments[1] === 'media') &&
			r.method === 'POST'
		) {
			if (caller.type !== 'SYSTEM_USER')
				throw new GraphStubError(400, 200, '(#200) Permissions error');
			const scopes = this.tokens.get(r.token!)!.scopes;
			if (!scopes.includes('whatsapp_business_messaging'))
				throw new GraphStubError(
					403,
					10,
					'(#10) Application does not have permission for this action',
				);
			return segments[1] === 'messages'
				? this.messaging.sendEdge(
						r,
						segments[0],
						countryCallingCode(this.phoneNumbers.get(segments[0])!.displayPhoneNumber),
					)
				: this.media.uploadEdge(r, segments[0]);
		}

		if (segments.length === 1 && this.phoneNumbers.has(segments[0])) {
			const number = this.phoneNumbers.get(segments[0])!;
			if (caller.type !== 'SYSTEM_USER')
				throw new GraphStubError(400, 200, '(#200) Permissions error');
			if (r.method === 'GET')
				return [200, this.phoneNumberNode(number, caller.appId, listParameter(r.query.fields))];
			if (r.method === 'POST') return await this.setNumberOverride(r, number, caller.appId);
		}

		throw unknownObject(r.method, segments[0] ?? '');
	}

	/** A phone number node with the requested fields (Graph's default: id only, plus display fields). */
	private phoneNumberNode(
		number: StubPhoneNumber,
		appId: string,
		fields: string[],
	): Record<string, unknown> {
		const wanted = fields.length ? fields : ['id', 'display_phone_number', 'verified_name'];
		const node: Record<string, unknown> = {};
		for (const field of wanted) {
			if (field === 'id') node.id = number.id;
			else if (field === 'display_phone_number')
				node.display_phone_number = number.displayPhoneNumber;
			else if (field === 'verified_name')
				node.verified_name = number.fields.verified_name ?? 'Stub Business';
			else if (field === 'webhook_configuration')
				node.webhook_configuration = this.webhookConfiguration(number.id, appId);
			else if (field in number.fields) node[field] = number.fields[field];
		}
		node.id = number.id;
		return node;
	}

	/** POST /{phone-number-id} with webhook_configuration {override_callback_uri, verify_token}; an empty URI removes it. */
	private async setNumberOverride(
		r: RecordedRequest,
		number: StubPhoneNumber,
		appId: string,
	): Promise<[number, unknown]> {
		const raw = r.body.webhook_configuration ?? r.query.webhook_configuration;
		if (!raw)
			throw new GraphStubError(400, 100, '(#100) The parameter webhook_configuration is required');
		const configuration = JSON.parse(raw) as {
			override_callback_uri?: string;
			verify_token?: string;
		};
		const uri = configuration.override_callback_uri ?? '';
		if (uri) {
			if (!configuration.verify_token)
				throw new GraphStubError(400, 100, '(#100) The parameter verify_token is required');
			if (uri.length > 200)
				throw new GraphStubError(
					400,
					100,
					'(#100) Param override_callback_uri must be at most 200 chars long',
				);
			// Meta's requirement: the app subscribed to the number's WABA first (code 100; wording after a public summary of Meta's errors)
			if (!this.wabas.get(number.wabaId)?.has(appId))
				throw new GraphStubError(
					400,
					100,
					'(#100) Cannot override callback URI before subscribing the app to the WhatsApp Business Account',
				);
			await this.verifyCallback(uri, configuration.verify_token);
		}
		this.setPhoneNumberOverride(number.id, appId, uri || undefined);
		return [200, { success: true }];
	}

	private async appSubscriptionsEdge(r: RecordedRequest, app: StubApp): Promise<[number, unknown]> {
		const params = { ...r.query, ...r.body };
		if (r.method === 'GET') {
			const sub = this.appSubscriptions.get(app.id);
			return [200, { data: sub ? [structuredClone(sub)] : [] }];
		}
		if (r.method === 'POST') {
			if (params.object !== WABA_OBJECT)
				throw new GraphStubError(
					400,
					100,
					'(#100) Param object must be one of {user, page, permissions, payments, whatsapp_business_account, ...}',
				);
			if (!params.callback_url)
				throw new GraphStubError(400, 100, '(#100) The parameter callback_url is required');
			if (!params.verify_token)
				throw new GraphStubError(400, 100, '(#100) The parameter verify_token is required');
			const fields = listParameter(params.fields);
			if (!fields.length)
				throw new GraphStubError(400, 100, '(#100) The parameter fields is required');
			await this.verifyCallback(params.callback_url, params.verify_token);
			const before = this.appSubscriptions.get(app.id);
			// Meta adds the given fields to those already subscribed and replaces the callback
			const names = new Set([...(before?.fields ?? []).map((f) => f.name), ...fields]);
			this.appSubscriptions.set(app.id, {
				object: WABA_OBJECT,
				callback_url: params.callback_url,
				active: true,
				fields: [...names].map((name) => ({ name, version: r.version })),
			});
			return [200, { success: true }];
		}
		if (r.method === 'DELETE') {
			if (params.object && params.object !== WABA_OBJECT) return [200, { success: true }];
			const remove = listParameter(params.fields);
			const sub = this.appSubscriptions.get(app.id);
			if (sub && remove.length) {
				sub.fields = sub.fields.filter((f) => !remove.includes(f.name));
				if (!sub.fields.length) this.appSubscriptions.delete(app.id);
			} else {
				this.appSubscriptions.delete(app.id);
			}
			return [200, { success: true }];
		}
		throw new GraphStubError(400, 100, `Unsupported ${r.method.toLowerCase()} request.`);
	}

	private async subscribedAppsEdge(
		r: RecordedRequest,
		waba: Map<string, SubscribedAppState>,
		appId: string,
	): Promise<[number, unknown]> {
		const params = { ...r.query, ...r.body };
		if (r.method === 'GET') {
			const data = [...waba.values()].map((s) => {
				const app = this.apps.get(s.appId)!;
				return {
					whatsapp_business_api_data: {
						link: `https://www.facebook.com/games/?app_id=${app.id}`,
						name: app.name,
						id: app.id,
					},
					...(s.overrideCallbackUri ? { override_callback_uri: s.overrideCallbackUri } : {}),
				};
			});
			return [200, { data }];
		}
		if (r.method === 'POST') {
			// the subscription is the token's app's; without override_callback_uri any override is removed
			const override = params.override_callback_uri;
			if (override) {
				if (!params.verify_token)
					throw new GraphStubError(400, 100, '(#100) The parameter verify_token is required');
				if (override.length > 200)
					throw new GraphStubError(
						400,
						100,
						'(#100) Param override_callback_uri must be at most 200 chars long',
					);
				await this.verifyCallback(override, params.verify_token);
			}
			waba.set(appId, { appId, ...(override ? { overrideCallbackUri: override } : {}) });
			return [200, { success: true }];
		}
		if (r.method === 'DELETE') {
			waba.delete(appId);
			return [200, { success: true }];
		}
		throw new GraphStubError(400, 100, `Unsupported ${r.method.toLowerCase()} request.`);
	}
}
