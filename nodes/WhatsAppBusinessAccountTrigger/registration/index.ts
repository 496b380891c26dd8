import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

import { graphApiRequest } from '../../shared/transport/graphApi';
import {
	checkPhoneNumberOverride,
	createPhoneNumberOverride,
	deletePhoneNumberOverride,
	otherNumberOverridden,
} from './phoneNumberOverride';
import {
	appCredentials,
	assertTokenOfApp,
	callbackUrl,
	checkedWebhookCredential,
	currentWebhookCredential,
	deactivationAppProblem,
	fieldName,
	isTestListening,
	listSubscribedApps,
	mode,
	ourApp,
	readAppSubscription,
	refuseDeactivation,
	refuseTestListening,
	state,
	subscribedFields,
	WABA_OBJECT,
	wabaId,
	withVerifiedCallback,
	type Mode,
} from './support';

export { READINESS } from './support';

/**
 * The trigger's self-registration, run by n8n's checkExists/create/delete for the production
 * URL (activation: mode "trigger"; deactivation: "internal") and for the test URL too, when
 * someone listens for a test event (create: mode "manual"; delete when listening ends).
 *
 * - Production: what activation changed is written to the workflow's static data, so that
 *   deactivation undoes exactly that, and nothing another workflow or tool set up since.
 *   A registration of someone else (another URL as the app's callback, or as this app's
 *   override on the WABA) is never replaced: Meta does not reveal its verify token, so it
 *   could not be put back.
 * - Test listening: refused while anything is registered for the app (its callback), for
 *   the app on the WABA, or for the app on the phone number, with a message pointing to the
 *   replay harness and pinned data, so it can never redirect production deliveries. Otherwise the test URL is registered and
 *   removed again when listening ends (n8n keeps that in the test run's own static data).
 * - One app: the access token that subscribes the WABA must belong to the webhook
 *   credential's app (debug_token tells), or Meta would sign deliveries with another secret.
 *   Deactivation checks it again: a credential changed to another app's since activation
 *   leaves Meta's state untouched, with the reason in n8n's log (refuseDeactivation).
 * - Override Callback for a Phone Number lives in phoneNumberOverride.ts.
 * - n8n's webhook processors may answer 404 for a moment after a workflow is published:
 *   before a call that makes Meta verify the URL, the URL is polled until it answers, and a
 *   failed verification (code 2200) is retried a few times.
 */

const SAVED_KEYS = [
	'mode',
	'wabaId',
	'phoneNumberId',
	'callbackUrl',
	'wasSubscribed',
	'appId',
	'test',
	'deactivationRefused',
];

export async function checkRegistration(ctx: IHookFunctions): Promise<boolean> {
	const m = mode(ctx);
	if (m === 'manual') return true;
	// test listening decides in create whether it may register at all
	if (isTestListening(ctx)) return false;
	const credential = await checkedWebhookCredential(ctx);
	const url = callbackUrl(ctx);
	const saved = state(ctx);
	if (m === 'phoneNumberOverride') return await checkPhoneNumberOverride(ctx, credential.appId);
	if (m === 'wabaOverride') {
		const waba = wabaId(ctx);
		const app = ourApp(await listSubscribedApps(ctx, waba), credential.appId);
		const exists = app?.override_callback_uri === url;
		// ours already (n8n restarted, say): remember it, so that deactivation removes it
		if (exists && !saved.callbackUrl)
			Object.assign(saved, {
				mode: m,
				wabaId: waba,
				callbackUrl: url,
				wasSubscribed: false,
				appId: credential.appId,
			});
		return exists;
	}
	const subscription = await readAppSubscription(ctx, credential);
	if (!subscription || subscription.callback_url !== url || subscription.active === false)
		return false;
	const have = new Set((subscription.fields ?? []).map(fieldName));
	const exists = subscribedFields(ctx).every((f) => have.has(f));
	if (exists && !saved.callbackUrl)
		Object.assign(saved, { mode: m, callbackUrl: url, appId: credential.appId });
	return exists;
}

export async function createRegistration(ctx: IHookFunctions): Promise<boolean> {
	const m = mode(ctx);
	const saved = state(ctx);
	if (m === 'manual') return true;
	const credential = await checkedWebhookCredential(ctx);
	const url = callbackUrl(ctx);
	const test = isTestListening(ctx);
	if (m === 'phoneNumberOverride') return await createPhoneNumberOverride(ctx, credential);
	if (m === 'wabaOverride') {
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
		Object.assign(saved, {
			mode: m,
			wabaId: waba,
			callbackUrl: url,
			wasSubscribed: before !== undefined,
			appId: credential.appId,
			test,
		});
		return true;
	}
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
	Object.assign(saved, { mode: m, callbackUrl: url, appId: credential.appId, test });
	return true;
}

export async function deleteRegistration(ctx: IHookFunctions): Promise<boolean> {
	const saved = state(ctx);
	const m = (saved.mode as Mode | undefined) ?? mode(ctx);
	const clear = () => {
		for (const key of SAVED_KEYS) delete saved[key];
	};
	// nothing registered by this run (manual mode, a refused test listening, a failed activation)
	if (m === 'manual' || !saved.callbackUrl) {
		clear();
		return true;
	}
	const credential = await currentWebhookCredential(ctx);
	const refused = await deactivationAppProblem(ctx, credential, saved);
	if (refused) return refuseDeactivation(ctx, saved, refused);
	if (m === 'phoneNumberOverride' && saved.phoneNumberId) {
		await deletePhoneNumberOverride(ctx, saved);
		clear();
		return true;
	}
	if (m === 'wabaOverride' && saved.wabaId) {
		const waba = String(saved.wabaId);
		const current = ourApp(await listSubscribedApps(ctx, waba), credential.appId);
		if (current?.override_callback_uri === saved.callbackUrl) {
			if (saved.wasSubscribed || (await otherNumberOverridden(ctx, waba))) {
				// the app was subscribed before us, or a number's override needs the subscription:
				// put back a plain one (the app's own callback)
				await graphApiRequest(ctx, { method: 'POST', path: `/${waba}/subscribed_apps` });
			} else {
				await graphApiRequest(ctx, { method: 'DELETE', path: `/${waba}/subscribed_apps` });
			}
		}
		clear();
		return true;
	}
	if (m === 'appSubscription') {
		const current = await readAppSubscription(ctx, credential);
		if (current?.callback_url === saved.callbackUrl) {
			await graphApiRequest(ctx, {
				method: 'DELETE',
				path: `/${credential.appId}/subscriptions`,
				credentials: appCredentials(credential),
				qs: { object: WABA_OBJECT },
			});
		}
	}
	clear();
	return true;
}
