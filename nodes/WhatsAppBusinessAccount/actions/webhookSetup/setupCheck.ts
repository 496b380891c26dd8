/**
 * "Why don't my deliveries arrive?": every place where Meta decides whether and where a WABA's
 * webhooks go, read through the Graph API and compared with what the trigger expects. One
 * result per check, with the fix in the user's words. Where Graph cannot tell (the verify
 * token Meta stored, the app's mode, Meta's own view of the URL), the result says so and
 * `passed` is null rather than a guess.
 */
import { randomInt } from 'crypto';

import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import type {
	GraphAppSubscription,
	GraphDebugToken,
	GraphSubscribedApp,
} from '../../../shared/generated/graph-types';
import { isLoopbackHost, normalizeGraphBase } from '../../../shared/transport/auth';
import {
	getGraphCredentials,
	graphApiRequest,
	graphApiRequestAllItems,
} from '../../../shared/transport/graphApi';
import type { GraphRequestContext } from '../../../shared/transport/graphApi';
import type { SetupCheckResult } from './checkResult';
import { messagingPermissionResult } from './permissions';
import { numberCheckName, numberDeliveryResults } from './numberDeliveries';

export interface SetupCheckInput {
	wabaId: string;
	/** The trigger's production URL. */
	expectedUrl: string;
	/** Webhook fields the trigger listens to. */
	fields: string[];
	/** The webhook credential: the app that should receive the deliveries. */
	app: { appId: string; appSecret: string; verifyToken: string; baseUrl?: string };
}

/** Names of the checks, so that callers and tests can pick one out. */
export const CHECK = {
	tokenApp: 'Access token belongs to the app',
	subscribed: 'App subscribed to the account',
	callback: 'App callback URL',
	active: 'App subscription active',
	fields: 'Subscribed fields',
	numberUrl: numberCheckName,
	otherApps: "Other apps' overrides",
	handshake: 'Callback answers the handshake',
	publicUrl: 'Reachable by Meta',
	appMode: 'App mode',
} as const;

const CONFIGURATION_SCREEN = "Meta's App Dashboard > your app > WhatsApp > Configuration > Webhook";

const describeError = (error: unknown) => {
	const e = error as { message?: string; description?: string };
	return `The Graph API refused the call: ${e.description || e.message || String(error)}`;
};

/** The app access token "<app id>|<app secret>": the only token Graph takes for an app's subscriptions and /debug_token. */
function appCredentials(app: SetupCheckInput['app']): IDataObject {
	return {
		accessToken: `${app.appId}|${app.appSecret}`,
		appSecret: app.appSecret,
		baseUrl: app.baseUrl ?? '',
	};
}

/** The two credentials name different Graph hosts: /debug_token is not sent. */
class HostsDiffer extends Error {}

/**
 * /debug_token carries the API credential's token and the webhook credential's app token, so
 * both credentials must name the same Graph host: a webhook credential pointing elsewhere would
 * receive the API credential's token. Throws HostsDiffer otherwise, before anything is sent.
 */
function assertSameGraphHost(apiBaseUrl: unknown, webhookBaseUrl: unknown): void {
	const api = normalizeGraphBase(apiBaseUrl, undefined).baseUrl;
	const webhook = normalizeGraphBase(webhookBaseUrl, undefined).baseUrl;
	const origin = (url: string) => {
		try {
			return new URL(url).origin;
		} catch {
			return url;
		}
	};
	if (origin(api) === origin(webhook)) return;
	throw new HostsDiffer(
		`Not checked, nothing was sent: the two credentials name different Graph hosts (${origin(api)} and ${origin(webhook)}), and the check would send the API credential's token to the webhook credential's host`,
	);
}

/** Why the handshake is not sent to the callback URL (it carries the verify token), or undefined: https, or a loopback address. */
export function callbackProbeProblem(url: string): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return `"${url.slice(0, 80)}" is not a URL`;
	}
	if (
		parsed.protocol === 'https:' ||
		(parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname))
	)
		return undefined;
	return `${parsed.protocol}//${parsed.host} is neither https nor a loopback address: the verify token is not sent there in plain text`;
}

/**
 * Meta's handshake, sent from n8n: GET with hub.mode, hub.verify_token and hub.challenge; the
 * challenge must come back. The verify token goes only where Meta itself would send it: a
 * callback Meta holds for the app (`metaCallbacks`), never to a URL only typed into this node.
 * What answers is reported as its status and whether the challenge came back, nothing of its
 * body (the URL is an expression, and the output item must not become a way to read URLs).
 */
async function handshake(
	context: GraphRequestContext,
	url: string,
	verifyToken: string,
	metaCallbacks: { urls: string[]; unreadable?: string },
): Promise<SetupCheckResult> {
	const challenge = String(randomInt(1e9, 2e9));
	const expected = `HTTP 200 with the challenge, for the webhook credential's verify token`;
	const note =
		"The verify token Meta stored cannot be read back through the Graph API; this sends the credential's token to the URL the way Meta does.";
	const notSent = (why: string, fix: string, passed: false | null = false): SetupCheckResult => ({
		check: CHECK.handshake,
		passed,
		found: `Not sent: ${why}`,
		expected,
		fix,
	});
	if (!metaCallbacks.urls.includes(url)) {
		return notSent(
			metaCallbacks.unreadable
				? `the callback Meta holds for the app could not be read (${metaCallbacks.unreadable}), and the verify token goes only to a URL Meta itself calls`
				: `Meta does not call ${url} for this app (its callback: ${metaCallbacks.urls.join(', ') || 'none'}), and the verify token goes only to a URL Meta itself calls`,
			`Register the trigger's production URL first (the trigger's Registration, or ${CONFIGURATION_SCREEN}), then run this check again`,
			// not a fault of its own: the callback check above names it
			null,
		);
	}
	const refused = callbackProbeProblem(url);
	if (refused) {
		return notSent(
			refused,
			"Meta calls only https URLs: set n8n's WEBHOOK_URL to the public https address n8n is reached at",
		);
	}
	const options: IHttpRequestOptions = {
		method: 'GET',
		url,
		qs: { 'hub.mode': 'subscribe', 'hub.verify_token': verifyToken, 'hub.challenge': challenge },
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		json: false,
		timeout: 10_000,
		// the query carries the verify token: a redirect is reported (its status), not followed
		disableFollowRedirect: true,
	};
	let status = 0;
	let echoed = false;
	try {
		const answer = (await context.helpers.httpRequest(options)) as {
			statusCode: number;
			body: unknown;
		};
		status = answer.statusCode;
		// n8n may hand a numeric text body back parsed: compared as text, then dropped
		const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? '');
		echoed = text.trim() === challenge;
	} catch (error) {
		return {
			check: CHECK.handshake,
			passed: false,
			found: `No answer from ${url}: ${(error as Error).message}. ${note}`,
			expected,
			fix: 'Activate the workflow that holds the trigger (its production URL answers only while the workflow is active) and check that n8n is running at that address',
		};
	}
	const answered = `HTTP ${status}, ${echoed ? 'with' : 'without'} the challenge`;
	if (status === 200 && echoed) {
		return {
			check: CHECK.handshake,
			passed: true,
			found: `${answered}. ${note}`,
			expected,
			fix: '',
		};
	}
	if (status === 403) {
		return {
			check: CHECK.handshake,
			passed: false,
			found: `${answered}: the callback refused the webhook credential's verify token. ${note}`,
			expected,
			fix: `Use the same webhook credential in this node and in the trigger, and enter its verify token in ${CONFIGURATION_SCREEN} > Verify token`,
		};
	}
	return {
		check: CHECK.handshake,
		passed: false,
		found: `${answered}. ${note}`,
		expected,
		fix:
			status === 404
				? "Activate the workflow that holds the trigger, and use the trigger's production URL (Webhook URLs > Production URL)"
				: "Open the URL in a browser to see what answers there; it must be the trigger's production URL of an active workflow",
	};
}

/** Whether the URL can be one Meta calls: public https. Meta's own view (DNS, certificate) cannot be checked from here. */
function publicUrlCheck(url: string): SetupCheckResult {
	const expected = 'A public https URL with a valid certificate';
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	const local =
		parsed &&
		/^(localhost|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|\[::1\]|0\.0\.0\.0)/.test(
			parsed.hostname,
		);
	if (!parsed || parsed.protocol !== 'https:' || local) {
		return {
			check: CHECK.publicUrl,
			passed: false,
			found: parsed
				? `${parsed.protocol.replace(':', '')} on ${parsed.hostname}`
				: `"${url}" is not a URL`,
			expected,
			fix: "Meta calls only public https URLs: set n8n's WEBHOOK_URL to the public https address n8n is reached at, or use a tunnel",
		};
	}
	return {
		check: CHECK.publicUrl,
		passed: null,
		found:
			'https on a public host name; whether Meta can reach it and trusts its certificate cannot be proven from inside n8n',
		expected,
		fix: `If nothing arrives, press "Test" next to a field in ${CONFIGURATION_SCREEN} and look for the test delivery in the trigger's executions`,
	};
}

export async function runSetupCheck(
	context: GraphRequestContext,
	input: SetupCheckInput,
): Promise<SetupCheckResult[]> {
	const { wabaId, expectedUrl, app } = input;
	const results: SetupCheckResult[] = [];
	const appLabel = `app ${app.appId}`;

	// 1. The Graph credential's token must be of the webhook credential's app: Graph answers
	// webhook_configuration and subscribed_apps writes for the token's app.
	const graphCredentials = await getGraphCredentials(context);
	try {
		assertSameGraphHost(graphCredentials.baseUrl, app.baseUrl);
		const debug = (await graphApiRequest(context, {
			method: 'GET',
			path: '/debug_token',
			qs: { input_token: String(graphCredentials.accessToken ?? '') },
			credentials: appCredentials(app),
		})) as unknown as GraphDebugToken;
		const found = debug.data.is_valid
			? `A token of app ${debug.data.app_id ?? 'unknown'}`
			: `An invalid token (${debug.data.error?.message ?? 'no reason given'})`;
		results.push({
			check: CHECK.tokenApp,
			passed: debug.data.is_valid && debug.data.app_id === app.appId,
			found,
			expected: `A valid token of ${appLabel}`,
			fix:
				debug.data.is_valid && debug.data.app_id === app.appId
					? ''
					: `In Meta Business Suite > Business settings > System users, generate a token for ${appLabel} and put it in the WhatsApp Business Account API credential, or pick the webhook credential of the token's app`,
		});
		// the Message resource needs the messaging permission besides the management one
		if (debug.data.is_valid) results.push(messagingPermissionResult(debug.data.scopes));
	} catch (error) {
		if (error instanceof HostsDiffer)
			results.push({
				check: CHECK.tokenApp,
				passed: false,
				found: error.message,
				expected: `A valid token of ${appLabel}`,
				fix: "Give both credentials the same Graph Base URL (Meta's https://graph.facebook.com)",
			});
		else
			results.push({
				check: CHECK.tokenApp,
				passed: false,
				found: describeError(error),
				expected: `A valid token of ${appLabel}`,
				fix: "Check the webhook credential's app ID and app secret (App Dashboard > App settings > Basic)",
			});
	}

	// 2. The app must be subscribed to the WABA; other apps' overrides are read from the same list.
	let subscribedApps: GraphSubscribedApp[] | undefined;
	try {
		subscribedApps = await graphApiRequestAllItems<GraphSubscribedApp>(context, {
			method: 'GET',
			path: `/${wabaId}/subscribed_apps`,
		});
		const ours = subscribedApps.find((s) => String(s.whatsapp_business_api_data?.id) === app.appId);
		results.push({
			check: CHECK.subscribed,
			passed: !!ours,
			found: subscribedApps.length
				? `Subscribed: ${subscribedApps.map((s) => `${s.whatsapp_business_api_data.name ?? 'app'} (${s.whatsapp_business_api_data.id})`).join(', ')}`
				: 'No app is subscribed',
			expected: `${appLabel} among the subscribed apps`,
			fix: ours
				? ''
				: 'Run this node with Resource "Subscribed App" and Operation "Subscribe" (with a token of this app), or let the trigger register itself',
		});
	} catch (error) {
		results.push({
			check: CHECK.subscribed,
			passed: false,
			found: describeError(error),
			expected: `${appLabel} among the subscribed apps`,
			fix: 'Check the WhatsApp Business Account ID and that the token has the whatsapp_business_management permission',
		});
	}

	// 3-5. The app's own subscription, readable only with the app access token (sent in a header).
	let subscription: GraphAppSubscription | undefined;
	let subscriptionError: string | undefined;
	try {
		const answer = (await graphApiRequest(context, {
			method: 'GET',
			path: `/${app.appId}/subscriptions`,
			credentials: appCredentials(app),
		})) as unknown as { data?: GraphAppSubscription[] };
		subscription = (answer.data ?? []).find((s) => s.object === 'whatsapp_business_account');
	} catch (error) {
		subscriptionError = describeError(error);
	}
	const noSubscription =
		subscriptionError ?? `${appLabel} has no whatsapp_business_account webhook`;
	results.push({
		check: CHECK.callback,
		passed: subscription?.callback_url === expectedUrl,
		found: subscription ? subscription.callback_url : noSubscription,
		expected: expectedUrl,
		fix:
			subscription?.callback_url === expectedUrl
				? ''
				: `In ${CONFIGURATION_SCREEN}, set Callback URL to ${expectedUrl} and Verify token to the webhook credential's, then "Verify and save"`,
	});
	results.push({
		check: CHECK.active,
		passed: subscription ? subscription.active : false,
		found: subscription ? (subscription.active ? 'Active' : 'Inactive') : noSubscription,
		expected: 'Active',
		fix: subscription?.active
			? ''
			: `In ${CONFIGURATION_SCREEN}, "Verify and save" the callback again`,
	});
	const subscribedFields = new Set((subscription?.fields ?? []).map((f) => f.name));
	const missing = input.fields.filter((f) => !subscribedFields.has(f));
	results.push({
		check: CHECK.fields,
		passed: !!subscription && missing.length === 0,
		found: subscription
			? subscribedFields.size
				? [...subscribedFields].join(', ')
				: 'No fields'
			: noSubscription,
		expected: input.fields.join(', '),
		fix:
			subscription && !missing.length
				? ''
				: `In ${CONFIGURATION_SCREEN} > Webhook fields, subscribe to: ${missing.join(', ')}`,
	});

	// 6. Where each number's override-capable webhooks (messages and the like) actually go, and at which level.
	results.push(
		...(await numberDeliveryResults(context, {
			wabaId,
			expectedUrl,
			appLabel,
			configurationScreen: CONFIGURATION_SCREEN,
		})),
	);

	// 7. Another app whose override is our URL: its deliveries arrive signed with its own secret and are refused.
	if (subscribedApps) {
		const intruders = subscribedApps.filter(
			(s) =>
				String(s.whatsapp_business_api_data?.id) !== app.appId &&
				s.override_callback_uri === expectedUrl,
		);
		results.push({
			check: CHECK.otherApps,
			passed: intruders.length === 0,
			found: intruders.length
				? intruders
						.map(
							(s) =>
								`${s.whatsapp_business_api_data.name ?? 'app'} (${s.whatsapp_business_api_data.id}) sends this account's deliveries to ${expectedUrl}, signed with its own secret`,
						)
						.join('; ')
				: 'No other app sends deliveries to this URL',
			expected: `Only ${appLabel} sends deliveries to ${expectedUrl}`,
			fix: intruders.length
				? `With a token of the other app, remove its override (Resource "Subscribed App", Operation "Subscribe" without an override, or "Unsubscribe"); the trigger refuses deliveries signed by another app's secret`
				: '',
		});
	}

	// 8. The handshake (only to a callback Meta holds for the app) and what cannot be proven from inside n8n.
	const ourOverride = subscribedApps?.find(
		(s) => String(s.whatsapp_business_api_data?.id) === app.appId,
	)?.override_callback_uri;
	const metaCallbacks = {
		urls: [subscription?.callback_url, ourOverride].filter((url): url is string => !!url),
		unreadable: subscription ? undefined : subscriptionError,
	};
	results.push(await handshake(context, expectedUrl, app.verifyToken, metaCallbacks));
	results.push(publicUrlCheck(expectedUrl));
	results.push({
		check: CHECK.appMode,
		passed: null,
		found: 'Not readable through the Graph API',
		expected: 'Live',
		fix: 'In the App Dashboard, the top bar shows App Mode: an app in Development mode gets only test webhooks sent from the dashboard, not deliveries from real customers. Switch it to Live',
	});
	return results;
}
