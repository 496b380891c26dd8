import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

import { graphApiRequest } from '../../shared/transport/graphApi';
import { withVerifiedCallback } from './callbackVerification';
import {
	adopt,
	callbackUrl,
	isTestListening,
	phoneNumberId,
	record,
	wabaId,
	type RegistrationState,
} from './context';
import { assertTokenOfApp, type WebhookCredential } from './credentials';
import {
	listSubscribedApps,
	numbersOf,
	otherNumberOverridden,
	ourApp,
	readWebhookConfiguration,
} from './graphReads';
import { refuseTestListening } from './refusals';

/**
 * Override Callback for a Phone Number, Meta's most specific level ("Webhook overrides"):
 * POST /{phone-number-id} with `webhook_configuration: {override_callback_uri, verify_token}`
 * sends the number's override-capable fields (messages and the like) to this workflow, ahead
 * of the WABA's override and the app's callback; an empty override_callback_uri removes it.
 * Meta requires the app to be subscribed to the number's WABA first: activation subscribes it
 * plainly when it is not, and deactivation takes that back unless something else now needs it.
 * Every write acts for the access token's app, which must be the webhook credential's.
 */
const MODE = 'phoneNumberOverride';

async function writeOverride(
	ctx: IHookFunctions,
	phone: string,
	configuration: { override_callback_uri: string; verify_token?: string },
): Promise<void> {
	await graphApiRequest(ctx, {
		method: 'POST',
		path: `/${phone}`,
		json: { webhook_configuration: configuration },
	});
}

export async function checkExists(
	ctx: IHookFunctions,
	credential: WebhookCredential,
): Promise<boolean> {
	const url = callbackUrl(ctx);
	const phone = phoneNumberId(ctx);
	const exists = (await readWebhookConfiguration(ctx, phone)).phone_number === url;
	// whether the app was subscribed before is unknown then, so deactivation leaves the subscription
	if (exists)
		adopt(ctx, () => ({
			mode: MODE,
			wabaId: wabaId(ctx),
			phoneNumberId: phone,
			callbackUrl: url,
			wasSubscribed: true,
			appId: credential.appId,
		}));
	return exists;
}

export async function create(ctx: IHookFunctions, credential: WebhookCredential): Promise<void> {
	const url = callbackUrl(ctx);
	const test = isTestListening(ctx);
	const waba = wabaId(ctx);
	const phone = phoneNumberId(ctx);
	await assertTokenOfApp(ctx, credential);
	const numbers = await numbersOf(ctx, waba);
	if (!numbers.some((n) => n.id === phone)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Phone number ${phone} is not one of the numbers of WABA ${waba}`,
			{
				description:
					'Pick the phone number from the list of the chosen WhatsApp Business Account, or choose the account the number belongs to.',
			},
		);
	}
	const subscription = ourApp(await listSubscribedApps(ctx, waba), credential.appId);
	const before = (await readWebhookConfiguration(ctx, phone)).phone_number;
	if (test && (subscription || before)) {
		refuseTestListening(
			ctx,
			before
				? `app ${credential.appId} sends phone number ${phone}'s webhooks to ${before}`
				: `app ${credential.appId} is subscribed to WABA ${waba}, so phone number ${phone}'s webhooks are delivered ${subscription?.override_callback_uri ? `to ${subscription.override_callback_uri}` : "to the app's callback URL"}`,
		);
	}
	if (before && before !== url) {
		throw new NodeOperationError(
			ctx.getNode(),
			`App ${credential.appId} already overrides the callback of phone number ${phone} with ${before}`,
			{
				description:
					'Another workflow (or tool) owns this override, and Meta does not reveal its verify token, so it could not be put back. Deactivate it first, or use another Meta app for this trigger.',
			},
		);
	}
	if (!subscription) {
		// Meta overrides a number's callback only for an app subscribed to the number's WABA
		await graphApiRequest(ctx, { method: 'POST', path: `/${waba}/subscribed_apps` });
	}
	let verified = false;
	try {
		await withVerifiedCallback(
			ctx,
			url,
			async () =>
				await writeOverride(ctx, phone, {
					override_callback_uri: url,
					verify_token: credential.verifyToken,
				}),
		);
		const stored = (await readWebhookConfiguration(ctx, phone)).phone_number;
		if (stored !== url) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Meta accepted the override of phone number ${phone}, but reads back ${stored ?? 'no override'}`,
				{
					description:
						'Nothing is left registered. Try again in a minute; if it persists, check the number in WhatsApp Manager.',
				},
			);
		}
		verified = true;
	} finally {
		// a failed activation leaves Meta as it found it
		if (!verified && !subscription) {
			await graphApiRequest(ctx, { method: 'DELETE', path: `/${waba}/subscribed_apps` }).catch(
				(rollback: Error) => {
					// the activation's own error is the one thrown; this one is only told
					ctx.logger.warn(
						`App ${credential.appId} stays subscribed to WABA ${waba}: taking back the subscription of a failed activation failed (${rollback.message})`,
					);
				},
			);
		}
	}
	record(ctx, {
		mode: MODE,
		wabaId: waba,
		phoneNumberId: phone,
		callbackUrl: url,
		wasSubscribed: subscription !== undefined,
		appId: credential.appId,
		test,
	});
}

/**
 * Deactivation, after the app check: removes the override if it is still ours, then the
 * subscription activation made, unless something set since needs it (a WABA override, another
 * number's override).
 */
export async function remove(
	ctx: IHookFunctions,
	_credential: WebhookCredential,
	saved: RegistrationState,
): Promise<void> {
	if (!saved.phoneNumberId) return;
	const phone = String(saved.phoneNumberId);
	const waba = String(saved.wabaId);
	const current = (await readWebhookConfiguration(ctx, phone)).phone_number;
	if (current !== saved.callbackUrl) return;
	await writeOverride(ctx, phone, { override_callback_uri: '' });
	if (saved.wasSubscribed) return;
	const subscription = ourApp(await listSubscribedApps(ctx, waba), String(saved.appId));
	if (
		!subscription ||
		subscription.override_callback_uri ||
		(await otherNumberOverridden(ctx, waba, phone))
	)
		return;
	await graphApiRequest(ctx, { method: 'DELETE', path: `/${waba}/subscribed_apps` });
}
