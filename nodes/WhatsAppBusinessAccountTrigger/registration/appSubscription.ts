import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

import { graphApiRequest } from '../../shared/transport/graphApi';
import { appCredentials } from '../../shared/transport/webhookCredential';
import { WABA_OBJECT } from '../delivery/parse';
import { withVerifiedCallback } from './callbackVerification';
import {
	adopt,
	callbackUrl,
	isTestListening,
	record,
	subscribedFields,
	type RegistrationState,
} from './context';
import type { WebhookCredential } from './credentials';
import { fieldName, readAppSubscription } from './graphReads';
import { refuseTestListening } from './refusals';

/**
 * App Subscription: the app's own WhatsApp webhook (POST /{app-id}/subscriptions with the app
 * access token) gets this workflow's URL as its callback, for the chosen fields. Another URL
 * already there is never replaced: Meta does not reveal its verify token, so it could not be
 * put back on deactivation.
 */
const MODE = 'appSubscription';

export async function checkExists(
	ctx: IHookFunctions,
	credential: WebhookCredential,
): Promise<boolean> {
	const url = callbackUrl(ctx);
	const subscription = await readAppSubscription(ctx, credential);
	if (!subscription || subscription.callback_url !== url || subscription.active === false)
		return false;
	const have = new Set((subscription.fields ?? []).map(fieldName));
	const exists = subscribedFields(ctx).every((f) => have.has(f));
	if (exists) adopt(ctx, () => ({ mode: MODE, callbackUrl: url, appId: credential.appId }));
	return exists;
}

export async function create(ctx: IHookFunctions, credential: WebhookCredential): Promise<void> {
	const url = callbackUrl(ctx);
	const test = isTestListening(ctx);
	const before = await readAppSubscription(ctx, credential);
	if (test && before) {
		refuseTestListening(
			ctx,
			`app ${credential.appId} sends its WhatsApp webhooks to ${before.callback_url ?? 'a callback URL'}`,
		);
	}
	if (before?.callback_url && before.callback_url !== url) {
		throw new NodeOperationError(
			ctx.getNode(),
			`App ${credential.appId} already sends its WhatsApp webhooks to ${before.callback_url}`,
			{
				description:
					"Meta does not reveal that callback's verify token, so it could not be put back on deactivation. Remove it first (App Dashboard > WhatsApp > Configuration, or deactivate the workflow that set it), or use Override Callback for a WABA, which leaves the app's callback alone.",
			},
		);
	}
	await withVerifiedCallback(
		ctx,
		url,
		async () =>
			await graphApiRequest(ctx, {
				method: 'POST',
				path: `/${credential.appId}/subscriptions`,
				credentials: appCredentials(credential),
				body: {
					object: WABA_OBJECT,
					callback_url: url,
					verify_token: credential.verifyToken,
					fields: subscribedFields(ctx).join(','),
					include_values: 'true',
				},
			}),
	);
	record(ctx, { mode: MODE, callbackUrl: url, appId: credential.appId, test });
}

/** Deactivation, after the app check: removes the app's callback if it is still ours. */
export async function remove(
	ctx: IHookFunctions,
	credential: WebhookCredential,
	saved: RegistrationState,
): Promise<void> {
	const current = await readAppSubscription(ctx, credential);
	if (current?.callback_url !== saved.callbackUrl) return;
	await graphApiRequest(ctx, {
		method: 'DELETE',
		path: `/${credential.appId}/subscriptions`,
		credentials: appCredentials(credential),
		qs: { object: WABA_OBJECT },
	});
}
