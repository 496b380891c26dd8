import { randomBytes } from 'crypto';
import { NodeOperationError, sleep, type NodeApiError, type ICredentialDataDecryptedObject, type IDataObject, type IHookFunctions } from 'n8n-workflow';

import { webhookCredentialProblem } from '../../credentials/WhatsAppBusinessAccountWebhookApi.credentials';
import { WEBHOOK_FIELDS } from '../shared/generated/catalog';
import { graphBaseProblem, normalizeGraphBase } from '../shared/transport/auth';
import { graphApiRequest } from '../shared/transport/graphApi';

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
 * - Test listening: refused while anything is registered for the app (its callback) or for
 *   the app on the WABA, with a message pointing to the replay harness and pinned data, so it
 *   can never redirect production deliveries. Otherwise the test URL is registered and
 *   removed again when listening ends (n8n keeps that in the test run's own static data).
 * - One app: the access token that subscribes the WABA must belong to the webhook
 *   credential's app (debug_token tells), or Meta would sign deliveries with another secret.
 * - n8n's webhook processors may answer 404 for a moment after a workflow is published:
 *   before a call that makes Meta verify the URL, the URL is polled until it answers, and a
 *   failed verification (code 2200) is retried a few times.
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
	/** registered for test listening (the test URL), not for activation */
	test?: boolean;
}

const WABA_OBJECT = 'whatsapp_business_account';

function mode(ctx: IHookFunctions): Mode {
	return ctx.getNodeParameter('registration', 'manual') as Mode;
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

function isTestListening(ctx: IHookFunctions): boolean {
	return ctx.getMode() === 'manual';
}

/** The webhook credential, refused (with the reason) when it cannot be used to register. */
async function checkedWebhookCredential(ctx: IHookFunctions): Promise<WebhookCredential> {
	const raw = await ctx.getCredentials('whatsAppBusinessAccountWebhookApi');
	const problem = webhookCredentialProblem(raw) ?? graphBaseProblem(raw.baseUrl, undefined);
	if (problem) throw new NodeOperationError(ctx.getNode(), problem, { description: 'Fix the WhatsApp Business Account Webhook credential; nothing was registered.' });
	return {
		appId: String(raw.appId).trim(),
		appSecret: String(raw.appSecret),
		verifyToken: String(raw.verifyToken),
		baseUrl: raw.baseUrl ? String(raw.baseUrl) : undefined,
	};
}

export const READINESS = { timeoutMs: 15_000, intervalMs: 250, verificationAttempts: 4, verificationDelayMs: 1_000 };

/**
 * Waits until this workflow's URL is served (n8n answers 404 until its webhook processors
 * know the published workflow). The probe carries a random token, never the verify token: the
 * trigger's 403 for it proves the URL is live. Gives up quietly when the URL cannot be reached
 * from here at all (a public URL behind NAT, say): Meta's verification then decides.
 */
async function waitUntilServed(ctx: IHookFunctions, url: string): Promise<void> {
	const probe = new URL(url);
	probe.searchParams.set('hub.mode', 'subscribe');
	probe.searchParams.set('hub.verify_token', `probe-${randomBytes(12).toString('hex')}`);
	probe.searchParams.set('hub.challenge', 'probe');
	const deadline = Date.now() + READINESS.timeoutMs;
	for (;;) {
		let status: number;
		try {
			const answer = (await ctx.helpers.httpRequest({ method: 'GET', url: probe.toString(), returnFullResponse: true, ignoreHttpStatusErrors: true, timeout: 5_000, json: false })) as { statusCode: number };
			status = answer.statusCode;
		} catch {
			return;
		}
		if (status !== 404 && status !== 502 && status !== 503) return;
		if (Date.now() >= deadline) return;
		await sleep(READINESS.intervalMs);
	}
}

/** A write that makes Meta verify `url`: after the URL is served, retried while verification fails. */
async function withVerifiedCallback<T>(ctx: IHookFunctions, url: string, write: () => Promise<T>): Promise<T> {
	await waitUntilServed(ctx, url);
	for (let attempt = 1; ; attempt++) {
		try {
			return await write();
		} catch (error) {
			// graphApiRequest fails with NodeApiErrors that carry Meta's code
			const failure = error as NodeApiError;
			if (failure.context?.graphErrorCode !== 2200 || attempt >= READINESS.verificationAttempts) throw failure;
			await sleep(READINESS.verificationDelayMs * attempt);
		}
	}
}

/**
 * The app the access token belongs to must be the webhook credential's: POST
 * /{waba-id}/subscribed_apps acts for the token's app, and Meta signs that app's deliveries
 * with its own secret. Asked of Graph's debug_token (app access token in the header).
 */
async function assertTokenOfApp(ctx: IHookFunctions, credential: WebhookCredential): Promise<void> {
	const api = await ctx.getCredentials('whatsAppBusinessAccountApi');
	const apiBase = normalizeGraphBase(api.baseUrl, undefined).baseUrl;
	const webhookBase = normalizeGraphBase(credential.baseUrl, undefined).baseUrl;
	if (apiBase !== webhookBase) {
		throw new NodeOperationError(ctx.getNode(), `The two credentials point at different Graph hosts (${apiBase} and ${webhookBase})`, {
			description: 'Registration checks the access token with the app access token at one Graph host; give both credentials the same Graph Base URL.',
		});
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
			description: 'Create a new system-user token and update the WhatsApp Business Account API credential.',
		});
	}
	if (tokenApp !== credential.appId) {
		throw new NodeOperationError(ctx.getNode(), `The access token belongs to app ${tokenApp}, but the webhook credential is for app ${credential.appId}`, {
			description: `Meta would subscribe app ${tokenApp} and sign its deliveries with that app's secret, so every delivery would be refused. Use a token of app ${credential.appId}, or the webhook credential of app ${tokenApp}.`,
		});
	}
}

function refuseTestListening(ctx: IHookFunctions, what: string): never {
	throw new NodeOperationError(ctx.getNode(), `Listening for a test event would redirect live deliveries: ${what}`, {
		description:
			"The test URL is not registered with Meta while a registration is live, so production keeps receiving. To try the workflow, send a delivery to the test URL yourself (npm run replay -- --url <test URL> --secret <app secret> <payload>), or pin data from a production execution.",
	});
}

const SAVED_KEYS = ['mode', 'wabaId', 'callbackUrl', 'wasSubscribed', 'test'];

export async function checkRegistration(ctx: IHookFunctions): Promise<boolean> {
	const m = mode(ctx);
	if (m === 'manual') return true;
	// test listening decides in create whether it may register at all
	if (isTestListening(ctx)) return false;
	const credential = await checkedWebhookCredential(ctx);
	const url = callbackUrl(ctx);
	const saved = state(ctx);
	if (m === 'wabaOverride') {
		const waba = wabaId(ctx);
		const app = ourApp(await listSubscribedApps(ctx, waba), credential.appId);
		const exists = app?.override_callback_uri === url;
		// ours already (n8n restarted, say): remember it, so that deactivation removes it
		if (exists && !saved.callbackUrl) Object.assign(saved, { mode: m, wabaId: waba, callbackUrl: url, wasSubscribed: false });
		return exists;
	}
	const subscription = await readAppSubscription(ctx, credential);
	if (!subscription || subscription.callback_url !== url || subscription.active === false) return false;
	const have = new Set((subscription.fields ?? []).map(fieldName));
	const exists = subscribedFields(ctx).every((f) => have.has(f));
	if (exists && !saved.callbackUrl) Object.assign(saved, { mode: m, callbackUrl: url });
	return exists;
}

export async function createRegistration(ctx: IHookFunctions): Promise<boolean> {
	const m = mode(ctx);
	const saved = state(ctx);
	if (m === 'manual') return true;
	const credential = await checkedWebhookCredential(ctx);
	const url = callbackUrl(ctx);
	const test = isTestListening(ctx);
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
						'Another workflow (or tool) owns this override. Deactivate it first, or use another Meta app for this trigger, so that neither workflow silently takes the other\'s deliveries.',
				},
			);
		}
		await withVerifiedCallback(ctx, url, async () =>
			await graphApiRequest(ctx, {
				method: 'POST',
				path: `/${waba}/subscribed_apps`,
				body: { override_callback_uri: url, verify_token: credential.verifyToken },
			}),
		);
		Object.assign(saved, { mode: m, wabaId: waba, callbackUrl: url, wasSubscribed: before !== undefined, test });
		return true;
	}
	const before = await readAppSubscription(ctx, credential);
	if (test && before) {
		refuseTestListening(ctx, `app ${credential.appId} sends its WhatsApp webhooks to ${before.callback_url ?? 'a callback URL'}`);
	}
	if (before?.callback_url && before.callback_url !== url) {
		throw new NodeOperationError(ctx.getNode(), `App ${credential.appId} already sends its WhatsApp webhooks to ${before.callback_url}`, {
			description:
				"Meta does not reveal that callback's verify token, so it could not be put back on deactivation. Remove it first (App Dashboard > WhatsApp > Configuration, or deactivate the workflow that set it), or use Override Callback for a WABA, which leaves the app's callback alone.",
		});
	}
	await withVerifiedCallback(ctx, url, async () =>
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
	Object.assign(saved, { mode: m, callbackUrl: url, test });
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
	const raw = await ctx.getCredentials('whatsAppBusinessAccountWebhookApi');
	const credential: WebhookCredential = {
		appId: String(raw.appId ?? '').trim(),
		appSecret: String(raw.appSecret ?? ''),
		verifyToken: String(raw.verifyToken ?? ''),
		baseUrl: raw.baseUrl ? String(raw.baseUrl) : undefined,
	};
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
