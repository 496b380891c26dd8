import { jsonParse, NodeApiError, NodeOperationError } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INode,
	JsonObject,
} from 'n8n-workflow';

import type { GraphListEnvelope } from '../generated/graph-types';
import {
	applyGraphAuthentication,
	GRAPH_CREDENTIAL_TYPE,
	graphBaseProblem,
	normalizeGraphBase,
	originAndPath,
	secretTargetProblem,
} from './auth';
import { buildGraphApiError, classifyGraphError, extractGraphError, isRetryable } from './errors';
import { decideRetry, GRAPH_RETRY_DEFAULTS } from './throttling';
import type { GraphRetrySettings } from './throttling';

/**
 * What the transport needs from its caller. IExecuteFunctions, IHookFunctions,
 * ILoadOptionsFunctions and IWebhookFunctions all fit. A context without credentials of
 * its own (a credential test, say) passes `credentials` in the request instead and needs
 * only `helpers.httpRequest`.
 */
export interface GraphRequestContext {
	getNode?(): INode;
	getCredentials?(type: string, itemIndex?: number): Promise<ICredentialDataDecryptedObject>;
	helpers: {
		httpRequest(requestOptions: IHttpRequestOptions): Promise<unknown>;
		httpRequestWithAuthentication?(
			this: unknown,
			credentialsType: string,
			requestOptions: IHttpRequestOptions,
		): Promise<unknown>;
	};
}

export interface GraphRequest {
	method: IHttpRequestMethods;
	/** Path after the version, such as `/123/subscribed_apps`; or an absolute URL. */
	path: string;
	qs?: IDataObject;
	/**
	 * Parameters sent form-urlencoded, as Graph's own examples do. Arrays and objects are
	 * sent as JSON strings (Graph's encoding of array parameters such as `tasks`);
	 * undefined and null values are left out.
	 */
	body?: IDataObject;
	/**
	 * A JSON body instead of a form, for calls whose parameters are nested objects (a
	 * template's components), as Meta's own examples send them.
	 */
	json?: IDataObject;
	/** A prepared body (multipart or file bytes) with its content type; sent as is. */
	rawBody?: { contentType: string; data: Buffer };
	/** Extra request headers (such as the Resumable Upload API's `file_offset`). */
	headers?: Record<string, string>;
	/** Send the token as `Authorization: OAuth …`, as Meta documents for the Resumable Upload API. */
	oauthScheme?: boolean;
	/**
	 * Call with this token instead of the credential's, such as an app access token
	 * `{app-id}|{app-secret}` for `/{app-id}/subscriptions`. The credential's app secret
	 * (if any) still signs it with appsecret_proof.
	 */
	accessToken?: string;
	/**
	 * Use these credential values (accessToken, appSecret, apiVersion, baseUrl) instead of
	 * asking the context for them; the call then authenticates with them directly.
	 */
	credentials?: IDataObject;
	/** The item this call is made for, for the error's context. */
	itemIndex?: number;
	/** Override the retry settings for this call only. */
	retry?: Partial<GraphRetrySettings>;
}

export interface GraphResponse<T = unknown> {
	body: T;
	statusCode: number;
	headers: Record<string, unknown>;
}

interface FullHttpResponse {
	body: unknown;
	headers?: Record<string, unknown>;
	statusCode: number;
}

const FALLBACK_NODE: INode = {
	id: 'whatsapp-business-account-graph',
	name: 'WhatsApp Business Account',
	type: 'n8n-nodes-whatsapp-business-account.whatsAppBusinessAccount',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** The node a Graph call (or a media download) reports errors against. */
export function nodeOf(context: GraphRequestContext): INode {
	return context.getNode ? context.getNode() : FALLBACK_NODE;
}

/** The credential's values: the ones passed in, or the context's. */
export async function getGraphCredentials(
	context: GraphRequestContext,
	request: Pick<GraphRequest, 'credentials' | 'itemIndex'> = {},
): Promise<IDataObject> {
	if (request.credentials) return request.credentials;
	if (!context.getCredentials) {
		throw new NodeApiError(nodeOf(context), {} as JsonObject, {
			message: 'No WhatsApp Business Account API credential is available to this call',
		});
	}
	return (await context.getCredentials(GRAPH_CREDENTIAL_TYPE, request.itemIndex)) as IDataObject;
}

/** A path's segments: Graph's node and edge names and ids (upload sessions are "upload:<base64>"), never `.`/`..`, `/`, `?` or `#`. */
const PATH_SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9_.:=-]*$/;

/**
 * Why a call cannot be sent, or undefined: the base URL must be https (or http on loopback),
 * the version v<major>.<minor>, and every path segment a plain name or id, so that an id that
 * is not one cannot reach another path. Checked before anything is sent.
 */
export function graphRequestProblem(credentials: IDataObject, path: string): string | undefined {
	const base = graphBaseProblem(credentials.baseUrl, credentials.apiVersion);
	if (base) return base;
	if (/^https?:\/\//i.test(path)) {
		// a paging URL Graph returned: it goes only where the credential's own calls go
		const problem = secretTargetProblem(path, credentials.baseUrl);
		return problem
			? `The Graph URL ${originAndPath(path) ?? ''} is refused: ${problem}`
			: undefined;
	}
	const bad = path
		.replace(/^\/+/, '')
		.split('/')
		.find((segment) => !PATH_SEGMENT.test(segment) || /^\.+$/.test(segment));
	return bad === undefined
		? undefined
		: `"${bad.slice(0, 40)}" cannot be part of a Graph path (ids are digits)`;
}

/** Full URL of a Graph path under the credential's base URL and version. */
export function graphUrl(credentials: IDataObject, path: string): string {
	if (/^https?:\/\//i.test(path)) return path;
	const { baseUrl, apiVersion } = normalizeGraphBase(credentials.baseUrl, credentials.apiVersion);
	return `${baseUrl}/${apiVersion}/${path.replace(/^\/+/, '')}`;
}

/** Graph's form encoding: scalars as text, arrays and objects as JSON. */
export function encodeGraphForm(body: IDataObject): string {
	const form = new URLSearchParams();
	for (const [key, value] of Object.entries(body)) {
		if (value === undefined || value === null) continue;
		form.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
	}
	return form.toString();
}

function buildHttpOptions(
	url: string,
	request: GraphRequest,
	timeoutMs: number,
): IHttpRequestOptions {
	const options: IHttpRequestOptions = {
		method: request.method,
		url,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: timeoutMs,
		// Graph never redirects an API call; a redirect would take the token along (n8n sends
		// credentials on cross-origin redirects by default), so it is reported instead
		disableFollowRedirect: true,
	};
	const qs = Object.fromEntries(
		Object.entries(request.qs ?? {}).filter(
			([, value]) => value !== undefined && value !== null && value !== '',
		),
	);
	if (Object.keys(qs).length) options.qs = qs;
	if (request.rawBody) {
		options.body = request.rawBody.data;
		options.headers = { 'Content-Type': request.rawBody.contentType };
	} else if (request.json) {
		options.body = request.json;
		options.headers = { 'Content-Type': 'application/json' };
	} else if (request.body && Object.keys(request.body).length) {
		options.body = encodeGraphForm(request.body);
		options.headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
	}
	if (request.headers) options.headers = { ...(options.headers ?? {}), ...request.headers };
	return options;
}

/** Code and message of a failure that got no HTTP answer; nothing else of the raw error. */
function describeNetworkError(error: unknown): { code?: string; message: string } {
	const raw = (error ?? {}) as { code?: unknown; message?: unknown; cause?: { code?: unknown } };
	const code =
		typeof raw.code === 'string'
			? raw.code
			: typeof raw.cause?.code === 'string'
				? raw.cause.code
				: undefined;
	const message = typeof raw.message === 'string' && raw.message ? raw.message : 'no answer';
	return {
		code,
		message:
			code === 'ECONNABORTED' || /timeout/i.test(message)
				? `no answer within the time limit (${message})`
				: message,
	};
}

/** One HTTP exchange, authenticated by the credential or by the explicit token. */
async function sendOnce(
	context: GraphRequestContext,
	options: IHttpRequestOptions,
	explicitAuth: { accessToken: string; appSecret?: string; oauthScheme?: boolean } | undefined,
): Promise<FullHttpResponse> {
	if (explicitAuth) {
		applyGraphAuthentication(options, explicitAuth.accessToken, explicitAuth.appSecret);
		if (explicitAuth.oauthScheme)
			options.headers = { ...options.headers, Authorization: `OAuth ${explicitAuth.accessToken}` };
		return (await context.helpers.httpRequest(options)) as FullHttpResponse;
	}
	const withAuthentication = context.helpers.httpRequestWithAuthentication;
	if (!withAuthentication) {
		throw new NodeApiError(nodeOf(context), {} as JsonObject, {
			message: 'This context cannot make authenticated requests; pass the credentials explicitly',
		});
	}
	return (await withAuthentication.call(
		context,
		GRAPH_CREDENTIAL_TYPE,
		options,
	)) as FullHttpResponse;
}

function parseBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	const text = body.trim();
	if (!text.startsWith('{') && !text.startsWith('[')) return body;
	try {
		return jsonParse(text);
	} catch {
		return body;
	}
}

/**
 * Calls the Graph API and returns the whole answer. Throttling (codes 4, 17, 32, 613,
 * 80007, 80008 and HTTP 429) and transient errors (1, 2) are retried with bounded
 * back-off that honours `X-Business-Use-Case-Usage`'s `estimated_time_to_regain_access`;
 * everything else becomes a NodeApiError at once.
 */
export async function graphApiRequestFull<T = unknown>(
	context: GraphRequestContext,
	request: GraphRequest,
): Promise<GraphResponse<T>> {
	const node = nodeOf(context);
	const settings = { ...GRAPH_RETRY_DEFAULTS, ...(request.retry ?? {}) };

	const needsCredentialValues =
		!request.path.match(/^https?:\/\//i) ||
		request.accessToken ||
		request.credentials ||
		request.oauthScheme;
	const credentials = needsCredentialValues ? await getGraphCredentials(context, request) : {};
	const problem = graphRequestProblem(credentials, request.path);
	if (problem) {
		// refused before anything is sent: no token or secret has left this machine
		throw new NodeOperationError(node, problem, {
			description: 'Nothing was sent. Fix the credential (Graph Base URL, API Version) or the id.',
			itemIndex: request.itemIndex,
		});
	}
	const url = graphUrl(credentials, request.path);

	let explicitAuth: { accessToken: string; appSecret?: string; oauthScheme?: boolean } | undefined;
	if (request.accessToken || request.credentials || request.oauthScheme) {
		explicitAuth = {
			accessToken: request.accessToken ?? String(credentials.accessToken ?? ''),
			appSecret: credentials.appSecret ? String(credentials.appSecret) : undefined,
			oauthScheme: request.oauthScheme,
		};
	}

	const where = url.split('?')[0];
	for (let attempt = 1; ; attempt++) {
		const options = buildHttpOptions(url, request, settings.timeoutMs);
		let response: FullHttpResponse;
		try {
			response = await sendOnce(context, options, explicitAuth);
		} catch (error) {
			// No HTTP answer at all (reset, refused, timed out). A read is safe to repeat; a
			// write may have happened, so it is reported rather than sent twice.
			const failure = describeNetworkError(error);
			if (request.method === 'GET' && attempt < settings.maxAttempts) {
				await settings.sleep(
					Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1)),
				);
				continue;
			}
			// Only the message goes into the error (the code into its description): the raw one carries the request's
			// headers, and with them the access token.
			throw new NodeApiError(node, { message: failure.message } as JsonObject, {
				message: `Could not reach the Graph API at ${where}: ${failure.message}`,
				description: `${failure.code ? `${failure.code}. ` : ''}Tried ${attempt} time${attempt > 1 ? 's' : ''}. Check the credential's Graph Base URL and this machine's network access to it.`,
				itemIndex: request.itemIndex,
			});
		}
		const body = parseBody(response.body);
		const headers = response.headers ?? {};
		const statusCode = response.statusCode;
		const graphError = extractGraphError(body);
		if (statusCode >= 300 && statusCode < 400) {
			const location = String(headers.location ?? headers.Location ?? '');
			throw new NodeApiError(
				node,
				{ message: 'redirect not followed', httpCode: String(statusCode) } as JsonObject,
				{
					message: `The Graph API at ${where} answered with a redirect, which was not followed`,
					description: `HTTP ${statusCode} to ${(location && originAndPath(location, url)) || 'no usable location'}. Graph does not redirect API calls, and the token goes only to Meta's Graph host: check the credential's Graph Base URL.`,
					itemIndex: request.itemIndex,
				},
			);
		}
		if (statusCode < 400 && !graphError) {
			if (typeof body === 'string' || Buffer.isBuffer(body)) {
				// a proxy or captive portal page, not Graph: never hand it on as data
				throw new NodeApiError(
					node,
					{ message: 'not JSON', httpCode: String(statusCode) } as JsonObject,
					{
						message: `The Graph API at ${where} answered with something that is not JSON`,
						description: `HTTP ${statusCode}, starting: ${String(body).slice(0, 120)}. Check the credential's Graph Base URL; a proxy may be answering instead of Meta.`,
						itemIndex: request.itemIndex,
					},
				);
			}
			return { body: body as T, statusCode, headers };
		}

		const errorClass = classifyGraphError(graphError?.code, statusCode);
		if (isRetryable(errorClass)) {
			const decision = decideRetry(attempt, headers, settings);
			if (decision.retry) {
				await settings.sleep(decision.delayMs);
				continue;
			}
			throw buildGraphApiError(node, {
				httpStatus: statusCode,
				body,
				attempts: attempt,
				requestedWaitMs: decision.requestedWaitMs,
				itemIndex: request.itemIndex,
			});
		}
		throw buildGraphApiError(node, {
			httpStatus: statusCode,
			body,
			attempts: attempt,
			itemIndex: request.itemIndex,
		});
	}
}

/** Calls the Graph API and returns the answer's body. */
export async function graphApiRequest<T = IDataObject>(
	context: GraphRequestContext,
	request: GraphRequest,
): Promise<T> {
	return (await graphApiRequestFull<T>(context, request)).body;
}

export interface GraphListOptions {
	/** Stop after this many results; all of them when undefined. */
	limit?: number;
	/** Page size to ask Graph for (`limit` query parameter). */
	pageSize?: number;
}

const CURSOR_QUERY_EXCLUDED = new Set(['access_token', 'appsecret_proof']);

/** The query of a `paging.next` URL, without the token parameters we add ourselves. */
function queryOfNextUrl(next: string): IDataObject | undefined {
	try {
		const parsed = new URL(next);
		const qs: IDataObject = {};
		parsed.searchParams.forEach((value, key) => {
			if (!CURSOR_QUERY_EXCLUDED.has(key)) qs[key] = value;
		});
		return qs;
	} catch {
		return undefined;
	}
}

/**
 * Reads a Graph edge page by page, following `paging.cursors.after` while `paging.next`
 * is present, under the credential's own base URL (never the host in `next`). Stops
 * mid-page once `limit` results are in.
 */
export async function graphApiRequestAllItems<T = IDataObject>(
	context: GraphRequestContext,
	request: GraphRequest,
	options: GraphListOptions = {},
): Promise<T[]> {
	const results: T[] = [];
	const { limit } = options;
	let qs: IDataObject = { ...(request.qs ?? {}) };
	if (options.pageSize) qs.limit = options.pageSize;
	const seenCursors = new Set<string>();

	for (;;) {
		const page = await graphApiRequest<GraphListEnvelope>(context, { ...request, qs });
		const data = Array.isArray(page?.data) ? (page.data as T[]) : [];
		for (const entry of data) {
			results.push(entry);
			if (limit !== undefined && results.length >= limit) return results;
		}
		const next = page?.paging?.next;
		if (!next || data.length === 0) return results;
		const after = page.paging?.cursors?.after;
		if (after) {
			if (seenCursors.has(after)) return results;
			seenCursors.add(after);
			qs = { ...qs, after };
			continue;
		}
		const nextQuery = queryOfNextUrl(next);
		if (!nextQuery) return results;
		const key = JSON.stringify(nextQuery);
		if (seenCursors.has(key)) return results;
		seenCursors.add(key);
		qs = nextQuery;
	}
}
