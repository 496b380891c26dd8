/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- a test: runs outside n8n, not published */
import * as fs from 'fs';
import * as path from 'path';
import type { INodeParameters } from 'n8n-workflow';

import { InProcessTrigger } from '../../scripts/lib/inProcessN8n';
import { signBody } from '../../nodes/shared/webhook/signature';

export const APP_ID = '1234567890123456';
export const APP_SECRET = 'e2b0c44298fc1c149afbf4c8996fb924';
export const VERIFY_TOKEN = 'verify-me-7f3a';

export const FIXTURES = path.join(__dirname, '..', '..', 'fixtures');

export function fixture(relative: string): Buffer {
	return fs.readFileSync(path.join(FIXTURES, relative));
}

export async function startTrigger(parameters: INodeParameters = {}) {
	return await InProcessTrigger.start({
		credentials: { whatsAppBusinessAccountWebhookApi: { appId: APP_ID, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN } },
		// answered with the receipt (Answer Meta: when the execution is created), which the checks read
		parameters: { acknowledge: 'executionCreated', ...parameters },
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
	const headers: Record<string, string> = { 'content-type': 'application/json', ...(options.headers ?? {}) };
	const signature = options.signature === undefined ? signBody(body, APP_SECRET) : options.signature;
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
	return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

/** The JSON of every item of one output of the last execution. */
export function lastItems(host: InProcessTrigger, output = 0): Array<Record<string, any>> {
	const execution = host.executions[host.executions.length - 1];
	if (!execution) throw new Error('no execution was started');
	return (execution.outputs[output] ?? []).map((item) => item.json as Record<string, any>);
}

export function delivery(changes: Array<{ field: string; value: unknown }>, wabaId = '102290129340398', time: number | undefined = 1700000000) {
	return JSON.stringify({
		object: 'whatsapp_business_account',
		entry: [{ id: wabaId, ...(time === undefined ? {} : { time }), changes }],
	});
}
