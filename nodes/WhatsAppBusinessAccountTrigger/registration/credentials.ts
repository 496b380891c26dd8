import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

import { graphBaseProblem, normalizeGraphBase } from '../../shared/transport/auth';
import { graphApiRequest } from '../../shared/transport/graphApi';
import { appCredentials, webhookCredentialProblem } from '../../shared/transport/webhookCredential';
import type { RegistrationState } from './context';

/**
 * One app: registration acts for the webhook credential's app, whose secret signs the
 * deliveries, and the access token that subscribes a WABA or a number must be of that app.
 */
export interface WebhookCredential {
	appId: string;
	appSecret: string;
	verifyToken: string;
	baseUrl?: string;
}

/** The webhook credential, refused (with the reason) when it cannot be used to register. */
export async function checkedWebhookCredential(ctx: IHookFunctions): Promise<WebhookCredential> {
	const raw = await ctx.getCredentials('whatsAppBusinessAccountWebhookApi');
	const problem = webhookCredentialProblem(raw) ?? graphBaseProblem(raw.baseUrl, undefined);
	if (problem)
		throw new NodeOperationError(ctx.getNode(), problem, {
			description: 'Fix the WhatsApp Business Account Webhook credential; nothing was registered.',
		});
	return {
		appId: String(raw.appId).trim(),
		appSecret: String(raw.appSecret),
		verifyToken: String(raw.verifyToken),
		baseUrl: raw.baseUrl ? String(raw.baseUrl) : undefined,
	};
}

/** The webhook credential as it is now, unchecked: deactivation must be able to clean up whatever it holds. */
export async function currentWebhookCredential(ctx: IHookFunctions): Promise<WebhookCredential> {
	const raw = await ctx.getCredentials('whatsAppBusinessAccountWebhookApi');
	return {
		appId: String(raw.appId ?? '').trim(),
		appSecret: String(raw.appSecret ?? ''),
		verifyToken: String(raw.verifyToken ?? ''),
		baseUrl: raw.baseUrl ? String(raw.baseUrl) : undefined,
	};
}

/** The app the API credential's access token belongs to, asked of Graph's debug_token (app access token in the header). */
export async function tokenAppId(
	ctx: IHookFunctions,
	credential: WebhookCredential,
): Promise<string> {
	const api = await ctx.getCredentials('whatsAppBusinessAccountApi');
	const apiBase = normalizeGraphBase(api.baseUrl, undefined).baseUrl;
	const webhookBase = normalizeGraphBase(credential.baseUrl, undefined).baseUrl;
	if (apiBase !== webhookBase) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The two credentials point at different Graph hosts (${apiBase} and ${webhookBase})`,
			{
				description:
					'Registration checks the access token with the app access token at one Graph host; give both credentials the same Graph Base URL.',
			},
		);
	}
	const answer = (await graphApiRequest(ctx, {
		method: 'GET',
		path: '/debug_token',
		qs: { input_token: String(api.accessToken ?? '') },
		credentials: { ...appCredentials(credential), apiVersion: api.apiVersion },
	})) as { data?: { app_id?: string | number; is_valid?: boolean } };
	const tokenApp = answer.data?.app_id !== undefined ? String(answer.data.app_id) : undefined;
	if (answer.data?.is_valid === false || tokenApp === undefined) {
		throw new NodeOperationError(ctx.getNode(), 'Graph says the access token is not valid', {
			description:
				'Create a new system-user token and update the WhatsApp Business Account API credential.',
		});
	}
	return tokenApp;
}

/**
 * The app the access token belongs to must be the webhook credential's: POST
 * /{waba-id}/subscribed_apps and POST /{phone-number-id} act for the token's app, and Meta
 * signs that app's deliveries with its own secret.
 */
export async function assertTokenOfApp(
	ctx: IHookFunctions,
	credential: WebhookCredential,
): Promise<void> {
	const tokenApp = await tokenAppId(ctx, credential);
	if (tokenApp !== credential.appId) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The access token belongs to app ${tokenApp}, but the webhook credential is for app ${credential.appId}`,
			{
				description: `Meta would subscribe app ${tokenApp} and sign its deliveries with that app's secret, so every delivery would be refused. Use a token of app ${credential.appId}, or the webhook credential of app ${tokenApp}.`,
			},
		);
	}
}

/**
 * Why deactivation must not act, if it must not: Graph's writes act for the token's app, so a
 * credential changed to another app's while the workflow was active would remove that app's
 * registration and leave ours live. Activation recorded its app (state saved before this
 * check existed: the webhook credential's app then). App Subscription uses the webhook
 * credential's own app access token, so only that credential's app is compared.
 */
export async function deactivationAppProblem(
	ctx: IHookFunctions,
	credential: WebhookCredential,
	saved: RegistrationState,
): Promise<string | undefined> {
	const registered = String(saved.appId ?? credential.appId);
	if (credential.appId !== registered)
		return `the webhook credential is now for app ${credential.appId}, but activation registered app ${registered}`;
	if (saved.mode === 'appSubscription') return undefined;
	const tokenApp = await tokenAppId(ctx, credential);
	if (tokenApp !== registered)
		return `the access token now belongs to app ${tokenApp}, but activation registered app ${registered}`;
	return undefined;
}
