import type { IHookFunctions } from 'n8n-workflow';

import * as appSubscription from './appSubscription';
import {
	clearState,
	isTestListening,
	mode,
	state,
	type Mode,
	type RegistrationState,
} from './context';
import {
	checkedWebhookCredential,
	currentWebhookCredential,
	deactivationAppProblem,
	type WebhookCredential,
} from './credentials';
import * as phoneNumberOverride from './phoneNumberOverride';
import { refuseDeactivation } from './refusals';
import * as wabaOverride from './wabaOverride';

/**
 * The trigger's self-registration, run by n8n's checkExists/create/delete for the production
 * URL (activation: mode "trigger"; deactivation: "internal") and for the test URL too, when
 * someone listens for a test event (create: mode "manual"; delete when listening ends).
 * One file per Registration mode; Manual registers nothing.
 *
 * - Production: what activation changed is written to the workflow's static data, so that
 *   deactivation undoes exactly that, and nothing another workflow or tool set up since.
 *   A registration of someone else (another URL as the app's callback, or as this app's
 *   override on the WABA or the number) is never replaced: Meta does not reveal its verify
 *   token, so it could not be put back.
 * - Test listening: refused while anything is registered for the app (its callback), for
 *   the app on the WABA, or for the app on the phone number, with a message pointing to the
 *   replay harness and pinned data, so it can never redirect production deliveries. Otherwise
 *   the test URL is registered and removed again when listening ends (n8n keeps that in the
 *   test run's own static data).
 * - One app: the access token that subscribes the WABA must belong to the webhook
 *   credential's app (debug_token tells), or Meta would sign deliveries with another secret.
 *   Deactivation checks it again: a credential changed to another app's since activation
 *   leaves Meta's state untouched, with the reason in n8n's log (refuseDeactivation).
 * - Meta verifies the callback URL when it is registered: callbackVerification.ts waits until
 *   n8n serves it and retries a failed verification.
 */
interface RegistrationMode {
	/** Whether this workflow's URL is registered; when it is, recorded so that deactivation removes it. */
	checkExists(ctx: IHookFunctions, credential: WebhookCredential): Promise<boolean>;
	/** Registers the URL and records what it changed; throws with the reason when it may not. */
	create(ctx: IHookFunctions, credential: WebhookCredential): Promise<void>;
	/** Undoes what activation recorded, where it is still this workflow's at Meta. */
	remove(
		ctx: IHookFunctions,
		credential: WebhookCredential,
		saved: RegistrationState,
	): Promise<void>;
}

const MODES: Record<Exclude<Mode, 'manual'>, RegistrationMode> = {
	appSubscription,
	wabaOverride,
	phoneNumberOverride,
};

export async function checkRegistration(ctx: IHookFunctions): Promise<boolean> {
	const m = mode(ctx);
	if (m === 'manual') return true;
	// test listening decides in create whether it may register at all
	if (isTestListening(ctx)) return false;
	const credential = await checkedWebhookCredential(ctx);
	return await (MODES[m] ?? appSubscription).checkExists(ctx, credential);
}

export async function createRegistration(ctx: IHookFunctions): Promise<boolean> {
	const m = mode(ctx);
	if (m === 'manual') return true;
	const credential = await checkedWebhookCredential(ctx);
	await (MODES[m] ?? appSubscription).create(ctx, credential);
	return true;
}

export async function deleteRegistration(ctx: IHookFunctions): Promise<boolean> {
	const saved = state(ctx);
	const m = (saved.mode as Mode | undefined) ?? mode(ctx);
	// nothing registered by this run (manual mode, a refused test listening, a failed activation)
	if (m === 'manual' || !saved.callbackUrl) {
		clearState(saved);
		return true;
	}
	const credential = await currentWebhookCredential(ctx);
	const refused = await deactivationAppProblem(ctx, credential, saved);
	if (refused) return refuseDeactivation(ctx, saved, refused);
	await MODES[m]?.remove(ctx, credential, saved);
	clearState(saved);
	return true;
}
