import { NodeOperationError, type ICredentialDataDecryptedObject, type IDataObject, type IHookFunctions } from 'n8n-workflow';

import { WEBHOOK_FIELDS } from '../shared/generated/catalog';
import { graphApiRequest } from '../shared/transport/graphApi';

/**
 * The trigger's self-registration. What activation changed is written to the workflow's
 * static data, so that deactivation undoes exactly that and nothing another workflow set.
 */
type Mode = 'manual' | 'wabaOverride' | 'appSubscription';

interface WebhookCredential {
	appId: string;
	appSecret: string;
	verifyToken: string;
	baseUrl?: string;
}

interface SubscribedApp {
	whatsapp_business_api_data?: { id?: string; name?: string; link?: string };
	override_callback_uri?: string;
}

interface AppSubscription {
	object: string;
	callback_url?: string;
	active?: boolean;
	fields?: Array<{ name: string; version?: string } | string>;
}

/** What activation found before it changed anything. */
interface RegistrationState extends IDataObject {
	mode: Mode;
	wabaId?: string;
	callbackUrl?: string;
	/** wabaOverride: was the app subscribed to the WABA (without an override) before? */
	wasSubscribed?: boolean;
}

const WABA_OBJECT = 'whatsapp_business_account';

function mode(ctx: IHookFunctions): Mode {
	return ctx.getNodeParameter('registration', 'manual') as Mode;
}

async function webhookCredential(ctx: IHookFunctions): Promise<WebhookCredential> {
	const c = await ctx.getCredentials('whatsAppBusinessAccountWebhookApi');
	return {
		appId: String(c.appId ?? ''),
		appSecret: String(c.appSecret ?? ''),
		verifyToken: String(c.verifyToken ?? ''),
		baseUrl: c.baseUrl ? String(c.baseUrl) : undefined,
	};
}

function callbackUrl(ctx: IHookFunctions): string {
	const url = ctx.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(ctx.getNode(), 'n8n gave this trigger no webhook URL');
	return url;
}

/** Fields subscribed at app level: the selection, or every field Meta's reference lists. */
function subscribedFields(ctx: IHookFunctions): string[] {
	const chosen = ctx.getNodeParameter('fields', []) as string[];
	return chosen.length ? chosen : WEBHOOK_FIELDS.filter((f) => f.documented).map((f) => f.name);
}

function state(ctx: IHookFunctions): RegistrationState & IDataObject {
	return ctx.getWorkflowStaticData('node') as RegistrationState & IDataObject;
}

function wabaId(ctx: IHookFunctions): string {
	// the account picker's value, or the plain string of workflows saved before the picker
	const id = String(ctx.getNodeParameter('wabaId', '', { extractValue: true }) ?? '').trim();
	if (!/^\d+$/.test(id)) throw new NodeOperationError(ctx.getNode(), `WhatsApp Business Account ID must be digits, got "${id}"`);
	return id;
}

async function listSubscribedApps(ctx: IHookFunctions, waba: string): Promise<SubscribedApp[]> {
	const answer = (await graphApiRequest(ctx, { method: 'GET', path: `/${waba}/subscribed_apps` })) as { data?: SubscribedApp[] };
	return answer.data ?? [];
}

function ourApp(apps: SubscribedApp[], appId: string): SubscribedApp | undefined {
	return apps.find((a) => String(a.whatsapp_business_api_data?.id ?? '') === appId);
}

/**
 * App-level subscriptions take an app access token, "<app id>|<app secret>", which the
 * webhook credential already holds; no Graph API credential is needed for them.
 */
function appCredentials(credential: WebhookCredential): ICredentialDataDecryptedObject {
	return {
		accessToken: `${credential.appId}|${credential.appSecret}`,
		appSecret: credential.appSecret,
		baseUrl: credential.baseUrl ?? '',
	};
}

async function readAppSubscription(ctx: IHookFunctions, credential: WebhookCredential): Promise<AppSubscription | undefined> {
	const answer = (await graphApiRequest(ctx, {
		method: 'GET',
		path: `/${credential.appId}/subscriptions`,
		credentials: appCredentials(credential),
	})) as { data?: AppSubscription[] };
	return (answer.data ?? []).find((s) => s.object === WABA_OBJECT);
}

const fieldName = (f: { name: string } | string) => (typeof f === 'string' ? f : f.name);

export async function checkRegistration(ctx: IHookFunctions): Promise<boolean> {
	const m = mode(ctx);
	if (m === 'manual') return true;
	const credential = await webhookCredential(ctx);
	const url = callbackUrl(ctx);
	if (m === 'wabaOverride') {
		const app = ourApp(await listSubscribedApps(ctx, wabaId(ctx)), credential.appId);
		return app?.override_callback_uri === url;
	}
	const subscription = await readAppSubscription(ctx, credential);
	if (!subscription || subscription.callback_url !== url || subscription.active === false) return false;
	const have = new Set((subscription.fields ?? []).map(fieldName));
	return subscribedFields(ctx).every((f) => have.has(f));
}

export async function createRegistration(ctx: IHookFunctions): Promise<boolean> {
	const m = mode(ctx);
	const saved = state(ctx);
	if (m === 'manual') return true;
	const credential = await webhookCredential(ctx);
	const url = callbackUrl(ctx);
	if (m === 'wabaOverride') {
		const waba = wabaId(ctx);
		const before = ourApp(await listSubscribedApps(ctx, waba), credential.appId);
		if (before?.override_callback_uri && before.override_callback_uri !== url) {
			throw new NodeOperationError(
				ctx.getNode(),
				`App ${credential.appId} already overrides the callback of WABA ${waba} with ${before.override_callback_uri}`,
				{
					description:
						'Another workflow (or tool) owns this override. Deactivate it first, or use another Meta app for this trigger, so that neither workflow silently takes the other\'s deliveries.',
				},
			);
		}
		await graphApiRequest(ctx, {
			method: 'POST',
			path: `/${waba}/subscribed_apps`,
			body: { override_callback_uri: url, verify_token: credential.verifyToken },
		});
		Object.assign(saved, { mode: m, wabaId: waba, callbackUrl: url, wasSubscribed: before !== undefined });
		return true;
	}
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
	});
	Object.assign(saved, { mode: m, callbackUrl: url });
	return true;
}

export async function deleteRegistration(ctx: IHookFunctions): Promise<boolean> {
	const saved = state(ctx);
	const m = (saved.mode as Mode | undefined) ?? mode(ctx);
	const clear = () => {
		for (const key of ['mode', 'wabaId', 'callbackUrl', 'wasSubscribed']) delete saved[key];
	};
	if (m === 'manual' || !saved.callbackUrl) {
		clear();
		return true;
	}
	const credential = await webhookCredential(ctx);
	if (m === 'wabaOverride' && saved.wabaId) {
		const waba = String(saved.wabaId);
		const current = ourApp(await listSubscribedApps(ctx, waba), credential.appId);
		if (current?.override_callback_uri === saved.callbackUrl) {
			if (saved.wasSubscribed) {
				// the app was subscribed before us: put back its plain subscription (the app's own callback)
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
