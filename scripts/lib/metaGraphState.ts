/**
 * What the Graph stand-in's hub (metaGraphStub.ts) and its parts (metaGraphAccount.ts,
 * metaGraphFlows.ts, metaGraphMedia.ts, metaGraphMessaging.ts, metaGraphTemplates.ts) share: the shapes of its
 * state and of a request, Meta's error envelope, Graph's paging and list parameters, and
 * `GraphState`, the view of the hub's state a part is given. The parts import this module, not
 * the hub, so the hub can build them without an import cycle.
 */
import { randomInt } from 'crypto';
import type * as http from 'http';

export const WABA_OBJECT = 'whatsapp_business_account';

export interface StubApp {
	id: string;
	secret: string;
	name: string;
	/** When true, every call made with this app's tokens must carry a valid appsecret_proof. */
	requireProof: boolean;
}

export interface AppSubscriptionState {
	object: string;
	callback_url: string;
	active: boolean;
	fields: Array<{ name: string; version: string }>;
}

export interface SubscribedAppState {
	appId: string;
	overrideCallbackUri?: string;
}

export interface StubPhoneNumber {
	id: string;
	displayPhoneNumber: string;
	wabaId: string;
	/** appId → that app's callback override for this number. */
	overrides: Map<string, string>;
	/** The number's own fields (verified_name, quality_rating, ...; metaGraphAccount.ts). */
	fields: Record<string, unknown>;
	/** Registered for Cloud API use (POST /register, /deregister). */
	registered: boolean;
	/** The two-step verification PIN, once set (POST /{phone-number-id} or the first /register). */
	twoStepPin?: string;
	/** The business profile (GET/POST /whatsapp_business_profile). */
	profile: Record<string, unknown>;
}

export interface RecordedRequest {
	method: string;
	/** Path without the version, such as `/123/subscriptions`. */
	path: string;
	version: string;
	query: Record<string, string>;
	body: Record<string, string>;
	/** A JSON body as sent (nested objects intact), when the request had one. */
	json?: unknown;
	/** The body's bytes as text, and its content type (a multipart upload, say). */
	rawBody: string;
	/** The body's bytes as received (binary uploads). */
	bytes: Buffer;
	headers: http.IncomingHttpHeaders;
	contentType?: string;
	authorization?: string;
	/** The token the call was made with (header or `access_token`), if any. */
	token?: string;
	/** True when a token travelled in the URL (`access_token` query parameter). */
	tokenInUrl: boolean;
	/** The caller's port on its side of the connection (tells which process called). */
	remotePort?: number;
}

/** An answer: [HTTP status, JSON body], or [HTTP status, bytes, content type]. */
export type StubAnswer = [number, unknown] | [number, Buffer, string];

/** A route a module adds: its answer, or undefined when the call is not its own. */
export type StubRoute = (request: RecordedRequest) => Promise<StubAnswer | undefined>;

export interface Verification {
	url: string;
	verifyToken: string;
	status: number;
	ok: boolean;
	error?: string;
}

export interface TokenInfo {
	appId: string;
	type: 'APP' | 'SYSTEM_USER';
	userId?: string;
	/** The permissions debug_token reports for it. */
	scopes: string[];
}

/** What a system-user token is granted unless a test says otherwise. */
export const DEFAULT_SCOPES = ['whatsapp_business_management', 'whatsapp_business_messaging'];

export class GraphStubError extends Error {
	constructor(
		readonly httpStatus: number,
		readonly code: number,
		message: string,
		readonly subcode?: number,
		readonly type = 'OAuthException',
		/** WhatsApp's `error_data` (`{messaging_product, details}`) of messaging errors. */
		readonly errorData?: Record<string, unknown>,
	) {
		super(message);
	}
}

const trace = () => `Stub${randomInt(1e9).toString(36)}`;

/** Graph's answer for an object it does not know (or that the call cannot use) at `id`. */
export const unknownObject = (method: string, id: string) =>
	new GraphStubError(
		400,
		100,
		`Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
		33,
		'GraphMethodException',
	);

/** Meta's error envelope for a stand-in error. */
export function envelope(error: GraphStubError) {
	return {
		error: {
			message: error.message,
			type: error.type,
			code: error.code,
			...(error.subcode ? { error_subcode: error.subcode } : {}),
			...(error.errorData ? { error_data: error.errorData } : {}),
			fbtrace_id: trace(),
		},
	};
}

/** Graph's page size when `limit` is not given. */
const DEFAULT_PAGE_SIZE = 25;
/** The stand-in's most items on one page, unless `maxPageSize` says otherwise. */
export const MAX_PAGE_SIZE = 100;

const cursor = (index: number) => Buffer.from(String(index)).toString('base64');

/**
 * One page of `items` as Graph answers a list: `data`, `paging.cursors` (before, after) and
 * `paging.next` while items remain. `limit` sets the page size up to `maxPageSize`; `after`
 * is a cursor from an earlier page.
 */
export function page<T>(
	items: T[],
	request: Pick<RecordedRequest, 'path' | 'version' | 'query'>,
	baseUrl: string,
	maxPageSize: number,
): { data: T[]; paging: { cursors: { before: string; after: string }; next?: string } } {
	const { after, limit } = request.query;
	const start = after ? Number(Buffer.from(after, 'base64').toString('utf8')) || 0 : 0;
	const size = Math.min(Number(limit) > 0 ? Number(limit) : DEFAULT_PAGE_SIZE, maxPageSize);
	const data = items.slice(start, start + size);
	const paging: { cursors: { before: string; after: string }; next?: string } = {
		cursors: { before: cursor(start), after: cursor(start + data.length) },
	};
	if (start + data.length < items.length) {
		const next = new URL(`${baseUrl}/${request.version}${request.path}`);
		for (const [key, value] of Object.entries(request.query))
			if (key !== 'after' && key !== 'access_token') next.searchParams.set(key, value);
		next.searchParams.set('after', paging.cursors.after);
		paging.next = next.toString();
	}
	return { data, paging };
}

/** A list parameter as Graph takes it (`fields`, `tasks`, `dimensions`, ...): "a,b" or a JSON array. */
export function listParameter(value: string | undefined): string[] {
	if (!value) return [];
	const text = value.trim();
	if (text.startsWith('[')) return (JSON.parse(text) as unknown[]).map(String);
	return text
		.split(',')
		.map((f) => f.trim())
		.filter(Boolean);
}

export interface StubMedia {
	id: string;
	phoneNumberId: string;
	mimeType: string;
	bytes: Buffer;
	/** Hex SHA-256 of the bytes, as GET /{media-id} reports it. */
	sha256: string;
}

/** The hub's state as a part sees it: the maps every route shares, its address and paging. */
export interface GraphState {
	readonly apps: Map<string, StubApp>;
	readonly tokens: Map<string, TokenInfo>;
	/** wabaId → appId → subscription of that app to the WABA. */
	readonly wabas: Map<string, Map<string, SubscribedAppState>>;
	readonly phoneNumbers: Map<string, StubPhoneNumber>;
	/** Media downloads: Meta's media host (lookaside), not Graph, so kept apart from the requests. */
	readonly downloads: RecordedRequest[];
	/** The stand-in's base URL. */
	readonly url: string;
	addWaba(wabaId: string): void;
	/** One page of a list edge, as Graph pages it (see `page`). */
	page<T>(items: T[], request: RecordedRequest): ReturnType<typeof page<T>>;
}
