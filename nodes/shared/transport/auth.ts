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
 * secret goes nowhere else, whatever a credential says.
 */
export const META_GRAPH_HOSTS: readonly string[] = ['graph.facebook.com'];

/** Whether a host name is this machine (local test servers): localhost, 127.0.0.0/8 or ::1. */
export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Why a URL may not receive a token or secret, or undefined when it may: https to one of
 * `hosts`, or http(s) on a loopback address (a local test server); no user info, query or
 * fragment. Checked before any request, so that whoever may edit a credential but not read its
 * secrets cannot have them sent to a host of their own.
 */
export function secretTargetProblem(baseUrl: string, hosts: readonly string[]): string | undefined {
	let url: URL;
	try {
		url = new URL(baseUrl);
	} catch {
		return `"${baseUrl.slice(0, 80)}" is not a URL`;
	}
	if (url.username || url.password) return 'it must not carry a user name or password';
	if (url.search || url.hash) return 'it must not have a query or fragment';
	if ((url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname))
		return undefined;
	if (url.protocol !== 'https:')
		return `it must be https (or a loopback address for a local test server), got ${url.protocol}//${url.host}`;
	if (url.port && url.port !== '443') return `it must use https's own port, got ${url.host}`;
	if (!hosts.includes(url.hostname.toLowerCase())) {
		return `tokens and secrets go only to ${hosts.join(', ')} (or a loopback address for a local test server), not to ${url.hostname}`;
	}
	return undefined;
}

/** Why a Graph base URL may not receive a token or secret (see secretTargetProblem), or undefined. */
export function graphBaseUrlProblem(baseUrl: string): string | undefined {
	return secretTargetProblem(baseUrl, META_GRAPH_HOSTS);
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

/** Why a full request URL may not be called (its scheme and host), or undefined. */
export function graphUrlProblem(url: string): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return `The Graph URL "${url.split('?')[0]}" is not a URL`;
	}
	const problem = graphBaseUrlProblem(`${parsed.protocol}//${parsed.host}`);
	return problem ? `The credential's Graph Base URL is refused: ${problem}` : undefined;
}

/** Why a request's target (its baseURL, else its URL when absolute) may not be called, or undefined. */
export function requestTargetProblem(options: {
	baseURL?: string;
	url?: string;
}): string | undefined {
	const target = options.baseURL ?? options.url ?? '';
	return /^[a-z][a-z0-9+.-]*:/i.test(target) ? graphUrlProblem(target) : undefined;
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
