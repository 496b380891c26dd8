import type { INodeParameters } from 'n8n-workflow';

import { singleEntryBody, type WebhookChange } from '../../scripts/lib/deliveries';
import { fixtureBytes } from '../../scripts/lib/fixtures';
import { InProcessTrigger, type TriggerCredentials } from '../../scripts/lib/inProcessN8n';
import { signBody } from '../../nodes/shared/webhook/signature';

export const APP_ID = '1234567890123456';
export const APP_SECRET = 'e2b0c44298fc1c149afbf4c8996fb924';
export const VERIFY_TOKEN = 'verify-me-7f3a';

/** A fixture's bytes as stored: `fixture('webhooks/messages/text.json')`. */
export const fixture = (relative: string): Buffer => fixtureBytes(relative);

export interface StartOptions {
	/** The webhook credential itself, for a test that changes it while the trigger runs. */
	credential?: TriggerCredentials['whatsAppBusinessAccountWebhookApi'];
	/** Overrides of the webhook credential (another secret, the Graph stand-in's baseUrl, ...). */
	webhook?: Partial<TriggerCredentials['whatsAppBusinessAccountWebhookApi']>;
	/** The Graph API credential, for the registration modes. */
	api?: TriggerCredentials['whatsAppBusinessAccountApi'];
	typeVersion?: number;
	/** The node as the editor adds it (new-node defaults) rather than as a saved workflow has it. */
	asAddedInEditor?: boolean;
	/**
	 * true (the default): answered with the receipt (Confirm Receipt to Meta: when the execution is
	 * created), which most checks read; false: the node's own default answer.
	 */
	receipt?: boolean;
}

/** The trigger run by n8n-core in this process, with the test app's webhook credential. */
export async function startTrigger(parameters: INodeParameters = {}, options: StartOptions = {}) {
	const { credential, webhook, api, typeVersion, asAddedInEditor, receipt = true } = options;
	return await InProcessTrigger.start({
		credentials: {
			whatsAppBusinessAccountWebhookApi: credential ?? {
				appId: APP_ID,
				appSecret: APP_SECRET,
				verifyToken: VERIFY_TOKEN,
				...webhook,
			},
			...(api ? { whatsAppBusinessAccountApi: api } : {}),
		},
		...(receipt || Object.keys(parameters).length
			? { parameters: receipt ? { acknowledge: 'executionCreated', ...parameters } : parameters }
			: {}),
		...(typeVersion === undefined ? {} : { typeVersion }),
		...(asAddedInEditor === undefined ? {} : { asAddedInEditor }),
	});
}

export interface Answer {
	status: number;
	contentType: string;
	text: string;
	json?: Record<string, unknown>;
}

/** POSTs bytes at the trigger over real HTTP; signs them with the app secret unless told otherwise. */
export async function post(
	host: InProcessTrigger,
	body: Buffer | string,
	options: { signature?: string | null; headers?: Record<string, string> } = {},
): Promise<Answer> {
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		...(options.headers ?? {}),
	};
	const signature =
		options.signature === undefined ? signBody(body, APP_SECRET) : options.signature;
	if (signature !== null) headers['x-hub-signature-256'] = signature;
	const response = await fetch(host.url, { method: 'POST', body, headers });
	const text = await response.text();
	const contentType = response.headers.get('content-type') ?? '';
	let json: Record<string, unknown> | undefined;
	if (contentType.includes('json')) json = JSON.parse(text) as Record<string, unknown>;
	return { status: response.status, contentType, text, json };
}

export async function get(host: InProcessTrigger, query: string): Promise<Answer> {
	const response = await fetch(`${host.url}?${query}`);
	return {
		status: response.status,
		contentType: response.headers.get('content-type') ?? '',
		text: await response.text(),
	};
}

/** The JSON of every item of one output of the last execution. */
export function lastItems(host: InProcessTrigger, output = 0): Array<Record<string, any>> {
	const execution = host.executions[host.executions.length - 1];
	if (!execution) throw new Error('no execution was started');
	return (execution.outputs[output] ?? []).map((item) => item.json as Record<string, any>);
}

/** One entry's changes as the JSON text of a delivery. */
export function delivery(
	changes: WebhookChange[],
	wabaId = '102290129340398',
	time: number | undefined = 1700000000,
) {
	return JSON.stringify(singleEntryBody(changes, { id: wabaId, time }));
}
