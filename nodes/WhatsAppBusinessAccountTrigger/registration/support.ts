import { randomBytes } from 'crypto';
import {
	NodeOperationError,
	sleep,
	type NodeApiError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IHookFunctions,
} from 'n8n-workflow';

import { webhookCredentialProblem } from '../../shared/transport/webhookCredential';
import { WEBHOOK_FIELDS } from '../../shared/generated/catalog';
import { graphBaseProblem, normalizeGraphBase } from '../../shared/transport/auth';
import { graphApiRequest } from '../../shared/transport/graphApi';

/**
 * What every registration mode shares (registration.ts and phoneNumberOverride.ts): the node's
 * parameters, the credentials checked before anything is sent, the token's app, Meta's
 * verification of a callback, and the state activation leaves for deactivation.
 */
export type Mode = 'manual' | 'wabaOverride' | 'phoneNumberOverride' | 'appSubscription';

export interface WebhookCredential {
	appId: string;
	appSecret: string;
	verifyToken: string;
	baseUrl?: string;
}

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

/** What activation found before it changed anything. */
export interface RegistrationState extends IDataObject {
	mode: Mode;
	wabaId?: string;
	callbackUrl?: string;
	/** phoneNumberOverride: the number whose override activation set. */
	phoneNumberId?: string;
	/** The app activation registered for: deactivation acts only with a token of this app. */
	appId?: string;
	/** wabaOverride, phoneNumberOverride: was the app subscribed to the WABA before? */
	wasSubscribed?: boolean;
	/** registered for test listening (the test URL), not for activation */
	test?: boolean;
	/** Why the last deactivation left Meta's state alone (see refuseDeactivation). */
	deactivationRefused?: string;
}

export const WABA_OBJECT = 'whatsapp_business_account';

export function mode(ctx: IHookFunctions): Mode {
	return ctx.getNodeParameter('registration', 'manual') as Mode;
}

export function callbackUrl(ctx: IHookFunctions): string {
	const url = ctx.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(ctx.getNode(), 'n8n gave this trigger no webhook URL');
	return url;
}

/** Fields subscribed at app level: the selection, or every field Meta's reference lists. */
export function subscribedFields(ctx: IHookFunctions): string[] {
	const chosen = ctx.getNodeParameter('fields', []) as string[];
	return chosen.length ? chosen : WEBHOOK_FIELDS.filter((f) => f.documented).map((f) => f.name);
}

export function state(ctx: IHookFunctions): RegistrationState & IDataObject {
	return ctx.getWorkflowStaticData('node') as RegistrationState & IDataObject;
}

/** A Graph id parameter (a picker's value, or a plain string), refused unless digits so that it never becomes another path. */
function digitsParameter(ctx: IHookFunctions, name: string, label: string): string {
	const id = String(ctx.getNodeParameter(name, '', { extractValue: true }) ?? '').trim();
	if (!/^\d+$/.test(id))
		throw new NodeOperationError(ctx.getNode(), `${label} must be digits, got "${id}"`);
	return id;
}

export function wabaId(ctx: IHookFunctions): string {
	// the account picker's value, or the plain string of workflows saved before the picker
	return digitsParameter(ctx, 'wabaId', 'WhatsApp Business Account ID');
}

export function phoneNumberId(ctx: IHookFunctions): string {
	return digitsParameter(ctx, 'phoneNumberId', 'Phone Number ID');
}

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

/**
 * App-level subscriptions take an app access token, "<app id>|<app secret>", which the
 * webhook credential already holds; no Graph API credential is needed for them.
 */
export function appCredentials(credential: WebhookCredential): ICredentialDataDecryptedObject {
	return {
		accessToken: `${credential.appId}|${credential.appSecret}`,
		appSecret: credential.appSecret,
		baseUrl: credential.baseUrl ?? '',
	};
}

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

export function isTestListening(ctx: IHookFunctions): boolean {
	return ctx.getMode() === 'manual';
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

export const READINESS = {
	timeoutMs: 15_000,
	intervalMs: 250,
	verificationAttempts: 4,
	verificationDelayMs: 1_000,
};

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
			const answer = (await ctx.helpers.httpRequest({
				method: 'GET',
				url: probe.toString(),
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: 5_000,
				json: false,
			})) as { statusCode: number };
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
export async function withVerifiedCallback<T>(
	ctx: IHookFunctions,
	url: string,
	write: () => Promise<T>,
): Promise<T> {
	await waitUntilServed(ctx, url);
	for (let attempt = 1; ; attempt++) {
		try {
			return await write();
		} catch (error) {
			// graphApiRequest fails with NodeApiErrors that carry Meta's code
			const failure = error as NodeApiError;
			if (failure.context?.graphErrorCode !== 2200 || attempt >= READINESS.verificationAttempts)
				throw failure;
			await sleep(READINESS.verificationDelayMs * attempt);
		}
	}
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

export function refuseTestListening(ctx: IHookFunctions, what: string): never {
	throw new NodeOperationError(
		ctx.getNode(),
		`Listening for a test event would redirect live deliveries: ${what}`,
		{
			description:
				'The test URL is not registered with Meta while a registration is live, so production keeps receiving. To try the workflow, send a delivery to the test URL yourself (npm run replay -- --url <test URL> --secret <app secret> <payload>), or pin data from a production execution.',
		},
	);
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

/**
 * Deactivation refused: Meta's state is left as it is, and the reason goes to n8n's log with
 * the node and workflow (n8n does not show deactivation errors in the editor). Returns false,
 * as n8n expects of a delete that did not delete; the saved state is kept, so that what is
 * live at Meta stays on record.
 */
export function refuseDeactivation(
	ctx: IHookFunctions,
	saved: RegistrationState,
	reason: string,
): false {
	const where = saved.phoneNumberId
		? `phone number ${saved.phoneNumberId}`
		: saved.wabaId
			? `WABA ${saved.wabaId}`
			: `app ${saved.appId ?? ''}`;
	const message = `WhatsApp Business Account Trigger "${ctx.getNode().name}": deactivation left Meta's registration of ${saved.callbackUrl} (${where}) untouched: ${reason}`;
	const fix = `Put back the credentials of app ${saved.appId ?? 'the registration'} and activate and deactivate the workflow again, or remove the registration in Meta's App Dashboard.`;
	ctx.logger.error(`${message}. ${fix}`, {
		workflowId: ctx.getWorkflow().id,
		node: ctx.getNode().name,
	});
	saved.deactivationRefused = `${message}. ${fix}`;
	return false;
}
