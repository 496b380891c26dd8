import type { IHookFunctions } from 'n8n-workflow';

import { graphApiRequest, graphApiRequestAllItems } from '../../shared/transport/graphApi';
import { appCredentials } from '../../shared/transport/webhookCredential';
import { WABA_OBJECT } from '../delivery/parse';
import type { WebhookCredential } from './credentials';

/** What registration reads from the Graph API before it changes anything (and to undo it). */

export interface SubscribedApp {
	whatsapp_business_api_data?: { id?: string; name?: string; link?: string };
	override_callback_uri?: string;
}

export interface AppSubscription {
	object: string;
	callback_url?: string;
	active?: boolean;
	fields?: Array<{ name: string; version?: string } | string>;
}

/** A phone number's `webhook_configuration`: the callback Meta uses for it, at each level. */
export interface WebhookConfiguration {
	phone_number?: string;
	whatsapp_business_account?: string;
	application?: string;
}

/** The apps subscribed to a WABA (GET /{waba-id}/subscribed_apps), with their overrides. */
export async function listSubscribedApps(
	ctx: IHookFunctions,
	waba: string,
): Promise<SubscribedApp[]> {
	const answer = (await graphApiRequest(ctx, {
		method: 'GET',
		path: `/${waba}/subscribed_apps`,
	})) as { data?: SubscribedApp[] };
	return answer.data ?? [];
}

export function ourApp(apps: SubscribedApp[], appId: string): SubscribedApp | undefined {
	return apps.find((a) => String(a.whatsapp_business_api_data?.id ?? '') === appId);
}

/** The app's own WhatsApp webhook (its callback URL and fields), read with the app access token. */
export async function readAppSubscription(
	ctx: IHookFunctions,
	credential: WebhookCredential,
): Promise<AppSubscription | undefined> {
	const answer = (await graphApiRequest(ctx, {
		method: 'GET',
		path: `/${credential.appId}/subscriptions`,
		credentials: appCredentials(credential),
	})) as { data?: AppSubscription[] };
	return (answer.data ?? []).find((s) => s.object === WABA_OBJECT);
}

export const fieldName = (f: { name: string } | string) => (typeof f === 'string' ? f : f.name);

export async function readWebhookConfiguration(
	ctx: IHookFunctions,
	phone: string,
): Promise<WebhookConfiguration> {
	const answer = (await graphApiRequest(ctx, {
		method: 'GET',
		path: `/${phone}`,
		qs: { fields: 'webhook_configuration' },
	})) as {
		webhook_configuration?: WebhookConfiguration;
	};
	return answer.webhook_configuration ?? {};
}

/** The WABA's numbers, with the override each has for the token's app. */
export async function numbersOf(
	ctx: IHookFunctions,
	waba: string,
): Promise<Array<{ id: string; override?: string }>> {
	const numbers = await graphApiRequestAllItems<{
		id: string | number;
		webhook_configuration?: WebhookConfiguration;
	}>(ctx, {
		method: 'GET',
		path: `/${waba}/phone_numbers`,
		qs: { fields: 'id,webhook_configuration' },
	});
	return numbers.map((n) => ({
		id: String(n.id),
		override: n.webhook_configuration?.phone_number,
	}));
}

/** Whether another number of the WABA has an override for the token's app (which needs the app's subscription to the WABA). */
export async function otherNumberOverridden(
	ctx: IHookFunctions,
	waba: string,
	exceptPhone?: string,
): Promise<boolean> {
	return (await numbersOf(ctx, waba)).some((n) => n.id !== exceptPhone && n.override !== undefined);
}
