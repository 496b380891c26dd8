import { NodeOperationError, type IDataObject, type IHookFunctions } from 'n8n-workflow';

import { WEBHOOK_FIELDS } from '../../shared/generated/catalog';

/**
 * What a registration reads from n8n: the node's parameters, its webhook URL, whether the run
 * is test listening, and the workflow's static data, where activation leaves for deactivation
 * what it changed.
 */
export type Mode = 'manual' | 'wabaOverride' | 'phoneNumberOverride' | 'appSubscription';

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

const STATE_KEYS: ReadonlyArray<keyof RegistrationState> = [
	'mode',
	'wabaId',
	'phoneNumberId',
	'callbackUrl',
	'wasSubscribed',
	'appId',
	'test',
	'deactivationRefused',
];

/** The Registration parameter. */
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

export function isTestListening(ctx: IHookFunctions): boolean {
	return ctx.getMode() === 'manual';
}

export function state(ctx: IHookFunctions): RegistrationState & IDataObject {
	return ctx.getWorkflowStaticData('node') as RegistrationState & IDataObject;
}

/** Records what activation registered, so that deactivation undoes exactly that. */
export function record(ctx: IHookFunctions, registration: RegistrationState): void {
	Object.assign(state(ctx), registration);
}

/**
 * A registration found live at this workflow's URL that nothing recorded (n8n restarted, say):
 * recorded as ours, so that deactivation removes it. (`registration` is read only then.)
 */
export function adopt(ctx: IHookFunctions, registration: () => RegistrationState): void {
	const saved = state(ctx);
	if (!saved.callbackUrl) Object.assign(saved, registration());
}

/** Forgets what activation recorded: nothing of this registration is live any more. */
export function clearState(saved: RegistrationState): void {
	for (const key of STATE_KEYS) delete saved[key];
}
