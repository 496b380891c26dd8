import { createHmac } from 'crypto';
import type { IHttpRequestOptions } from 'n8n-workflow';

/** The credential type every Graph call of this package authenticates with. */
export const GRAPH_CREDENTIAL_TYPE = 'whatsAppBusinessAccountApi';

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.facebook.com';
/**
 * The Graph API version a credential without its own calls: the newest verified against
 * Meta's changelogs for the calls this package makes (docs/graph-api-version.md). The one
 * place it is set; a credential's API Version field pins another.
 */
export const DEFAULT_GRAPH_API_VERSION = 'v27.0';

/**
 * Meta's `appsecret_proof`: the hex HMAC-SHA256 of the access token, keyed with the app
 * secret. Apps can require it on every call made with their tokens.
 */
export function computeAppSecretProof(accessToken: string, appSecret: string): string {
	return createHmac('sha256', appSecret).update(accessToken, 'utf8').digest('hex');
}

/**
 * Adds what Graph needs to authenticate a call: the Bearer token and, when an app secret
 * is known, `appsecret_proof` in the query. The credential's `authenticate` and the
 * explicit-token path of the transport both use it, so the two cannot drift apart.
 */
export function applyGraphAuthentication(
	requestOptions: IHttpRequestOptions,
	accessToken: string,
	appSecret?: string,
): IHttpRequestOptions {
	requestOptions.headers = {
		...(requestOptions.headers ?? {}),
		Authorization: `Bearer ${accessToken}`,
	};
	if (appSecret) {
		requestOptions.qs = {
			...(requestOptions.qs ?? {}),
			appsecret_proof: computeAppSecretProof(accessToken, appSecret),
		};
	}
	return requestOptions;
}

/**
 * The only host Meta's WhatsApp Cloud API and Business Management API documentation sends
 * Graph calls to (every example is https://graph.facebook.com/<version>/...). A token or app
 * secret goes nowhere else, whatever a credential or a request says.
 */
export const META_GRAPH_HOSTS: readonly string[] = ['graph.facebook.com'];

/**
 * Where the access token may also go: Meta's media host (lookaside.fbsbx.com, the host of
 * every media URL Graph returns), which wants the token to hand out a media's bytes. Only the
 * API credential's token goes there; the app's secret never does.
 */
export const META_MEDIA_HOSTS: readonly string[] = [...META_GRAPH_HOSTS, 'lookaside.fbsbx.com'];

/** Whether a host name is this machine (local test servers): localhost, 127.0.0.0/8 or ::1. */
export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

function parseUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}

/**
 * Why a credential's Graph Base URL may not receive a token or secret, or undefined: Meta's
 * https://graph.facebook.com, or the bare origin of a local test server on a loopback address
 * (http or https, any port, no path). A path is refused because a loopback path can be any
 * listener on this machine, n8n's own webhooks among them. Checked before any request, so that
 * whoever may edit a credential but not read its secrets cannot have them sent elsewhere.
 */
export function graphBaseUrlProblem(baseUrl: string): string | undefined {
	const url = parseUrl(baseUrl);
	if (!url) return `"${baseUrl.slice(0, 80)}" is not a URL`;
	if (url.username || url.password) return 'it must not carry a user name or password';
	if (url.search || url.hash) return 'it must not have a query or fragment';
	if (url.pathname !== '/' && url.pathname !== '')
		return `it must be an origin only (scheme, host and port), without the path ${url.pathname.slice(0, 60)}`;
	if ((url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname))
		return undefined;
	return metaHostProblem(url, META_GRAPH_HOSTS);
}

/** Why a URL is not https on Meta's own port to one of `hosts`, or undefined. */
function metaHostProblem(url: URL, hosts: readonly string[]): string | undefined {
	if (url.protocol !== 'https:')
		return `it must be https (or a loopback address for a local test server), got ${url.protocol}//${url.host}`;
	if (url.port && url.port !== '443') return `it must use https's own port, got ${url.host}`;
	if (!hosts.includes(url.hostname.toLowerCase()))
		return `tokens and secrets go only to ${hosts.join(', ')} (or a loopback address for a local test server), not to ${url.hostname}`;
	return undefined;
}

/**
 * Why `target`, a URL a request will really go to, may not receive a credential's secret, or
 * undefined. A credential set to Meta sends it to `hosts` over https only; a credential set to a
 * local test server sends it to that server's origin and nowhere else.
 */
export function secretTargetProblem(
	target: string,
	credentialBaseUrl: unknown,
	hosts: readonly string[] = META_GRAPH_HOSTS,
): string | undefined {
	const url = parseUrl(target);
	if (!url) return `"${target.split('?')[0].slice(0, 80)}" is not a URL`;
	if (url.username || url.password) return 'the URL must not carry a user name or password';
	const base = parseUrl(normalizeGraphBase(credentialBaseUrl, undefined).baseUrl);
	if (base && url.origin === base.origin) return undefined;
	if (base && isLoopbackHost(base.hostname))
		return `this credential is set to the local test server ${base.origin} and sends its secrets nowhere else, not to ${url.origin}`;
	if (metaHostProblem(url, hosts))
		return `tokens and secrets go only to ${hosts.map((host) => `https://${host}`).join(', ')}, not to ${url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : url.protocol}`;
	return undefined;
}

/** Whether a request URL is absolute the way axios (n8n's HTTP client) reads it: a scheme, or `//`. */
const AXIOS_ABSOLUTE = /^([a-z][a-z\d+\-.]*:)?\/\//i;

/**
 * Every URL a request made with a credential could reach, resolved as n8n's request helpers
 * resolve it: `url` or `uri` (the HTTP Request node's legacy option), absolute or joined to
 * `baseURL`, else `baseURL` alone. A value that resolves differently under the WHATWG URL rules
 * and axios's is listed both ways, so that neither reading can slip past the check.
 */
export function requestTargets(options: {
	baseURL?: unknown;
	url?: unknown;
	uri?: unknown;
}): string[] {
	const base = options.baseURL === undefined ? undefined : String(options.baseURL);
	const raws = [options.url, options.uri]
		.filter((value) => value !== undefined && value !== null && value !== '')
		.map((value) => String(value));
	if (!raws.length) return base === undefined ? [] : [base];
	const targets = new Set<string>();
	const resolve = (url: string) => {
		try {
			return new URL(url, base).href;
		} catch {
			return url;
		}
	};
	for (const raw of raws) {
		// axios: a scheme or `//` makes the URL absolute, else it is appended to baseURL
		const joined =
			AXIOS_ABSOLUTE.test(raw) || base === undefined
				? raw
				: `${base.replace(/\/+$/, '')}/${raw.replace(/^\/+/, '')}`;
		targets.add(resolve(joined));
		// WHATWG (n8n's legacy adapter builds its URL this way)
		targets.add(resolve(raw));
	}
	return [...targets];
}

/**
 * Why a request may not carry the credential's secret, or undefined: every place it could go
 * (see requestTargets) must be allowed by secretTargetProblem, and plain http (a loopback test
 * server) must not pass a proxy. Credentials run this in `authenticate`, so it holds whichever
 * n8n node uses them: this package's nodes, HTTP Request, HTTP Request Tool, GraphQL.
 */
export function requestSecretProblem(
	options: { baseURL?: unknown; url?: unknown; uri?: unknown; proxy?: unknown },
	credentialBaseUrl: unknown,
	hosts: readonly string[] = META_GRAPH_HOSTS,
): string | undefined {
	const targets = requestTargets(options);
	if (!targets.length)
		return 'The request names no URL; the credential sends its secrets only to Meta';
	for (const target of targets) {
		const problem = secretTargetProblem(target, credentialBaseUrl, hosts);
		if (problem) return `Refused to send this credential's secrets there: ${problem}`;
		if (options.proxy && new URL(target).protocol === 'http:')
			return `Refused to send this credential's secrets through a proxy over plain http (${new URL(target).origin})`;
	}
	return undefined;
}

/** Graph API versions as Meta names them: v<major>.<minor>. */
export const GRAPH_API_VERSION_PATTERN = /^v\d{1,3}\.\d{1,3}$/;

/** Ids that become path segments: Graph's ids are decimal digits. */
export const GRAPH_ID_PATTERN = /^\d{1,32}$/;

/** Why a credential's base URL or API version cannot be used, or undefined; names no secret. */
export function graphBaseProblem(baseUrl: unknown, apiVersion: unknown): string | undefined {
	const { baseUrl: base, apiVersion: version } = normalizeGraphBase(baseUrl, apiVersion);
	const problem = graphBaseUrlProblem(base);
	if (problem) return `The credential's Graph Base URL is refused: ${problem}`;
	if (!GRAPH_API_VERSION_PATTERN.test(version))
		return `The credential's API Version "${version.slice(0, 20)}" is refused: it must look like ${DEFAULT_GRAPH_API_VERSION}`;
	return undefined;
}

/** Base URL without trailing slashes, and the version with a leading `v` (check them with graphBaseProblem). */
export function normalizeGraphBase(
	baseUrl: unknown,
	apiVersion: unknown,
): { baseUrl: string; apiVersion: string } {
	const base = (
		typeof baseUrl === 'string' && baseUrl.trim() !== '' ? baseUrl.trim() : DEFAULT_GRAPH_BASE_URL
	).replace(/\/+$/, '');
	let version =
		typeof apiVersion === 'string' && apiVersion.trim() !== ''
			? apiVersion.trim()
			: DEFAULT_GRAPH_API_VERSION;
	version = version.replace(/^\/+|\/+$/g, '');
	if (/^\d/.test(version)) version = `v${version}`;
	return { baseUrl: base, apiVersion: version };
}

/** A URL's scheme, host and path, never its query (signed URLs carry secrets there), or undefined. */
export function originAndPath(url: string, base?: string): string | undefined {
	try {
		const parsed = new URL(url, base);
		return `${parsed.origin}${parsed.pathname}`;
	} catch {
		return undefined;
	}
}
