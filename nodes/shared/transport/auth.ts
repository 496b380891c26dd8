import { createHmac } from 'crypto';
import type { IHttpRequestOptions } from 'n8n-workflow';

/** The credential type every Graph call of this package authenticates with. */
export const GRAPH_CREDENTIAL_TYPE = 'whatsAppBusinessAccountApi';

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.facebook.com';
export const DEFAULT_GRAPH_API_VERSION = 'v23.0';

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
	requestOptions.headers = { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${accessToken}` };
	if (appSecret) {
		requestOptions.qs = {
			...(requestOptions.qs ?? {}),
			appsecret_proof: computeAppSecretProof(accessToken, appSecret),
		};
	}
	return requestOptions;
}

/** Base URL without trailing slashes, and the version with a leading `v`. */
export function normalizeGraphBase(baseUrl: unknown, apiVersion: unknown): { baseUrl: string; apiVersion: string } {
	const base = (typeof baseUrl === 'string' && baseUrl.trim() !== '' ? baseUrl.trim() : DEFAULT_GRAPH_BASE_URL).replace(
		/\/+$/,
		'',
	);
	let version = typeof apiVersion === 'string' && apiVersion.trim() !== '' ? apiVersion.trim() : DEFAULT_GRAPH_API_VERSION;
	version = version.replace(/^\/+|\/+$/g, '');
	if (/^\d/.test(version)) version = `v${version}`;
	return { baseUrl: base, apiVersion: version };
}
