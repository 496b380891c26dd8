import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

import { graphApiRequest } from '../../shared/transport/graphApi';
import { withVerifiedCallback } from './callbackVerification';
import {
	adopt,
	callbackUrl,
	isTestListening,
	record,
	wabaId,
	type RegistrationState,
} from './context';
import { assertTokenOfApp, type WebhookCredential } from './credentials';
import { listSubscribedApps, otherNumberOverridden, ourApp } from './graphReads';
import { refuseTestListening } from './refusals';

/**
 * Override Callback for a WABA: the app's subscription to the WABA (POST
 * /{waba-id}/subscribed_apps) carries this workflow's URL as `override_callback_uri`, which
 * leaves the app's own callback alone. Acts for the access token's app, which must be the
 * webhook credential's. Another workflow's override is never replaced.
 */
const MODE = 'wabaOverride';

export async function checkExists(
	ctx: IHookFunctions,
	credential: WebhookCredential,
): Promise<boolean> {
	const url = callbackUrl(ctx);
	const waba = wabaId(ctx);
	const app = ourApp(await listSubscribedApps(ctx, waba), credential.appId);
	const exists = app?.override_callback_uri === url;
	if (exists)
		adopt(ctx, () => ({
			mode: MODE,
			wabaId: waba,
			callbackUrl: url,
			wasSubscribed: false,
			appId: credential.appId,
		}));
	return exists;
}

export async function create(ctx: IHookFunctions, credential: WebhookCredential): Promise<void> {
	const url = callbackUrl(ctx);
	const test = isTestListening(ctx);
	const waba = wabaId(ctx);
	await assertTokenOfApp(ctx, credential);
	const before = ourApp(await listSubscribedApps(ctx, waba), credential.appId);
	if (test && before) {
		refuseTestListening(
			ctx,
			`app ${credential.appId} is subscribed to WABA ${waba}${before.override_callback_uri ? ` with ${before.override_callback_uri} as its callback` : ''}`,
		);
	}
	if (before?.override_callback_uri && before.override_callback_uri !== url) {
		throw new NodeOperationError(
			ctx.getNode(),
			`App ${credential.appId} already overrides the callback of WABA ${waba} with ${before.override_callback_uri}`,
			{
				description:
					"Another workflow (or tool) owns this override. Deactivate it first, or use another Meta app for this trigger, so that neither workflow silently takes the other's deliveries.",
			},
		);
	}
	await withVerifiedCallback(
		ctx,
		url,
		async () =>
			await graphApiRequest(ctx, {
				method: 'POST',
				path: `/${waba}/subscribed_apps`,
				body: { override_callback_uri: url, verify_token: credential.verifyToken },
			}),
	);
	record(ctx, {
		mode: MODE,
		wabaId: waba,
		callbackUrl: url,
		wasSubscribed: before !== undefined,
		appId: credential.appId,
		test,
	});
}

/**
 * Deactivation, after the app check: if the override is still ours, the subscription goes back
 * to a plain one (the app's own callback) when the app was subscribed before us or a number's
 * override needs it, and is removed otherwise.
 */
export async function remove(
	ctx: IHookFunctions,
	credential: WebhookCredential,
	saved: RegistrationState,
): Promise<void> {
	if (!saved.wabaId) return;
	const waba = String(saved.wabaId);
	const current = ourApp(await listSubscribedApps(ctx, waba), credential.appId);
	if (current?.override_callback_uri !== saved.callbackUrl) return;
	const keepSubscription = saved.wasSubscribed || (await otherNumberOverridden(ctx, waba));
	await graphApiRequest(ctx, {
		method: keepSubscription ? 'POST' : 'DELETE',
		path: `/${waba}/subscribed_apps`,
	});
}
