/**
 * The hostile-input table: every kind of bad (or odd but legal) request the webhook must
 * survive, with the answer it must get. Shared by the jest suite (in-process) and
 * `npm run reliability` (in-process and against a real n8n).
 */
import { createHmac } from 'crypto';
import * as http from 'http';

import { signBody } from '../../nodes/shared/webhook/signature';
import { singleEntryBody } from '../lib/deliveries';
import { BOUNDED_SHAPES, boundedBody, messagesDeliveryOf } from './boundedWork';

export type Headers = Record<string, string | string[]>;

export interface HostileRequest {
	method: 'GET' | 'POST' | 'PUT';
	/** Query string without `?`. */
	query?: string;
	headers: Headers;
	body?: Buffer;
}

export interface Secrets {
	appSecret: string;
	verifyToken: string;
}

export interface Expected {
	/** The status, or the acceptable ones. */
	status: number | number[];
	/** Substring (or pattern) the answer's text must contain. */
	reason?: string | RegExp;
	/** Executions the request must start. */
	executions: 0 | 1;
	/** Items the execution must carry (when it starts one). */
	items?: number;
	/** The answer comes from n8n itself, before the node runs: a 5xx there is n8n's, not the node's. */
	n8nOwn?: boolean;
	/** Extra check of the items; returns a problem or undefined. */
	check?: (items: Array<Record<string, any>>) => string | undefined;
}

export interface HostileCase {
	/** The kind of hostile input, one per line of the report. */
	name: string;
	/** `wabaId` the case's delivery carries, to attribute executions on a real n8n. */
	marker: string;
	request(secrets: Secrets): HostileRequest;
	expect: Expected;
	/** Where a real n8n answers otherwise than the in-process host (documented differences). */
	real?: Partial<Expected>;
	/** Only against a real n8n (the in-process host does not reproduce that part of n8n). */
	realOnly?: boolean;
}

const JSON_TYPE: Headers = {
	'content-type': 'application/json',
	'user-agent': 'facebookexternalua',
};

/** The trigger's answer to an accepted delivery of one change. */
const RECEIVED = '{"received":true,"changes":1,"items":1}';

const hmacHex = (body: Buffer | string, secret: string) =>
	createHmac('sha256', secret).update(body).digest('hex');

let markerSeq = 0;
const nextMarker = () => String(880000000000000 + ++markerSeq);

/** A well-formed delivery with one template status change, carrying the case's marker. */
function templateDelivery(
	marker: string,
	value: Record<string, unknown> = {},
): Record<string, unknown> {
	const change = {
		field: 'message_template_status_update',
		value: {
			event: 'APPROVED',
			message_template_id: 1213131231231,
			message_template_name: 'order_update',
			message_template_language: 'en_US',
			reason: 'NONE',
			...value,
		},
	};
	return { ...singleEntryBody([change], { id: marker, time: 1700000000 }) };
}

function messagesDelivery(marker: string, text: string): Record<string, unknown> {
	return messagesDeliveryOf(
		marker,
		[{ profile: { name: 'Load' }, wa_id: '16505551234' }],
		[
			{
				from: '16505551234',
				id: `wamid.hostile.${marker}`,
				timestamp: '1700000000',
				type: 'text',
				text: { body: text },
			},
		],
	);
}

const bytes = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));

/** A POST of these bytes, signed with the app secret (or with `signature` when given; null: none). */
function signedPost(
	body: Buffer,
	secrets: Secrets,
	options: { signature?: string | null; headers?: Headers } = {},
): HostileRequest {
	const headers: Headers = { ...JSON_TYPE, ...(options.headers ?? {}) };
	const signature =
		options.signature === undefined ? signBody(body, secrets.appSecret) : options.signature;
	if (signature !== null) headers['x-hub-signature-256'] = signature;
	return { method: 'POST', headers, body };
}

/** The template change's value arrived with its own fields and nothing inherited. */
const untouched = (item: Record<string, any> | undefined) =>
	item?.value?.event === 'APPROVED' &&
	item.value.message_template_name === 'order_update' &&
	item.value.polluted === undefined &&
	item.polluted === undefined;

/** The item is flagged invalid with an error at exactly this path. */
const flagged = (item: Record<string, any> | undefined, path: string) =>
	item?.validation?.valid === false &&
	Array.isArray(item.validation.errors) &&
	item.validation.errors.some((e: { path?: string }) => e?.path === path);

const ownProto = (value: unknown) =>
	value !== null &&
	typeof value === 'object' &&
	Object.prototype.hasOwnProperty.call(value, '__proto__');

function deep(depth: number, inner = '0'): string {
	return '['.repeat(depth) + inner + ']'.repeat(depth);
}

/** Every case, each built lazily so a 10 MB body only exists while it is sent. */
export function hostileCases(): HostileCase[] {
	markerSeq = 0;
	const cases: HostileCase[] = [];
	const add = (c: Omit<HostileCase, 'marker'> & { marker?: string }) =>
		cases.push({ marker: c.marker ?? nextMarker(), ...c } as HostileCase);

	// ---- signatures (POST of a well-formed delivery) ----
	const sig = (
		name: string,
		signature: (body: Buffer, s: Secrets) => string | null,
		expect: Expected,
	) => {
		const marker = nextMarker();
		add({
			name,
			marker,
			request: (s) => {
				const body = bytes(templateDelivery(marker));
				return signedPost(body, s, { signature: signature(body, s) });
			},
			expect,
		});
	};
	sig('signature missing', () => null, {
		status: 401,
		reason: 'missing X-Hub-Signature-256 header',
		executions: 0,
	});
	sig('signature empty', () => '', {
		status: 401,
		reason: 'missing X-Hub-Signature-256 header',
		executions: 0,
	});
	sig(
		'signature truncated (40 hex digits)',
		(b, s) => `sha256=${hmacHex(b, s.appSecret).slice(0, 40)}`,
		{ status: 401, reason: 'not a 64-digit hex', executions: 0 },
	);
	sig('signature too long (66 hex digits)', (b, s) => `sha256=${hmacHex(b, s.appSecret)}00`, {
		status: 401,
		reason: 'not a 64-digit hex',
		executions: 0,
	});
	sig('signature of 64 non-hex characters', () => `sha256=${'g'.repeat(64)}`, {
		status: 401,
		reason: 'not a 64-digit hex',
		executions: 0,
	});
	sig('signature prefix only', () => 'sha256=', {
		status: 401,
		reason: 'not a 64-digit hex',
		executions: 0,
	});
	sig(
		'signature with sha1= prefix',
		(b, s) => `sha1=${createHmac('sha1', s.appSecret).update(b).digest('hex')}`,
		{ status: 401, reason: 'must start with "sha256="', executions: 0 },
	);
	sig('signature with upper-case SHA256= prefix', (b, s) => `SHA256=${hmacHex(b, s.appSecret)}`, {
		status: 401,
		reason: 'must start with "sha256="',
		executions: 0,
	});
	sig(
		'signature digest in upper-case hex (same MAC: accepted)',
		(b, s) => `sha256=${hmacHex(b, s.appSecret).toUpperCase()}`,
		{ status: 200, reason: RECEIVED, executions: 1, items: 1 },
	);
	sig('signature made with another secret', (b) => `sha256=${hmacHex(b, 'not-the-app-secret')}`, {
		status: 401,
		reason: 'does not match the request body',
		executions: 0,
	});
	sig('signature of the empty string', () => `sha256=${hmacHex('', 'x')}`, {
		status: 401,
		reason: 'does not match',
		executions: 0,
	});
	{
		const marker = nextMarker();
		add({
			name: 'signature header repeated',
			marker,
			request: (s) => {
				const body = bytes(templateDelivery(marker));
				return {
					method: 'POST',
					headers: {
						...JSON_TYPE,
						'x-hub-signature-256': [signBody(body, s.appSecret), signBody(body, s.appSecret)],
					},
					body,
				};
			},
			expect: {
				status: 401,
				reason: /more than one X-Hub-Signature-256|not a 64-digit hex/,
				executions: 0,
			},
		});
	}
	{
		const marker = nextMarker();
		add({
			name: 'body tampered after signing',
			marker,
			request: (s) => {
				const signed = bytes(templateDelivery(marker));
				const body = Buffer.from(signed.toString().replace('APPROVED', 'REJECTED'));
				return signedPost(body, s, { signature: signBody(signed, s.appSecret) });
			},
			expect: { status: 401, reason: 'does not match', executions: 0 },
		});
	}

	// ---- bodies ----
	add({
		name: 'empty body, signed',
		request: (s) => signedPost(Buffer.alloc(0), s),
		expect: { status: 400, reason: 'body is not JSON', executions: 0 },
	});
	add({
		name: 'empty body, unsigned',
		request: (s) => signedPost(Buffer.alloc(0), s, { signature: null }),
		expect: { status: 401, reason: 'missing', executions: 0 },
	});
	{
		const marker = nextMarker();
		const nonUtf8 = () =>
			Buffer.concat([
				Buffer.from(
					`{"object":"whatsapp_business_account","entry":[{"id":"${marker}","changes":[{"field":"security","value":{"event":"`,
				),
				Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
				Buffer.from('"}}]}]}'),
			]);
		add({
			name: 'non-UTF-8 bytes (application/octet-stream)',
			marker,
			request: (s) =>
				signedPost(nonUtf8(), s, { headers: { 'content-type': 'application/octet-stream' } }),
			expect: { status: 400, reason: 'body is not valid UTF-8', executions: 0 },
		});
		add({
			name: 'non-UTF-8 bytes (application/json)',
			marker,
			request: (s) => signedPost(nonUtf8(), s),
			expect: { status: 400, reason: 'body is not valid UTF-8', executions: 0 },
		});
	}
	{
		const marker = nextMarker();
		const big = () => bytes(messagesDelivery(marker, 'x'.repeat(10 * 1024 * 1024)));
		add({
			name: '10 MB delivery, signed',
			marker,
			request: (s) => signedPost(big(), s),
			expect: { status: 200, reason: RECEIVED, executions: 1, items: 1 },
		});
		add({
			name: '10 MB delivery, unsigned',
			marker: nextMarker(),
			request: (s) => signedPost(big(), s, { signature: null }),
			expect: { status: 401, reason: 'missing', executions: 0 },
		});
	}
	add({
		name: "17 MB body (above n8n's 16 MB payload limit)",
		request: (s) => signedPost(bytes(messagesDelivery('1', 'y'.repeat(17 * 1024 * 1024))), s),
		expect: { status: 413, reason: 'too large', executions: 0 },
		// n8n 2.41.1 reads the body (raw-body, 16 MB limit) before the node runs and wraps the
		// PayloadTooLargeError, which is no ResponseError, into its generic 500 "There was a
		// problem executing the workflow" (webhook-helpers.js), not 413. The node never runs.
		real: { status: 500, reason: 'There was a problem executing the workflow', n8nOwn: true },
		realOnly: true,
	});
	add({
		name: 'JSON nested 10,000 deep (top level)',
		request: (s) => signedPost(Buffer.from(deep(10_000)), s),
		expect: { status: 400, reason: 'body must be a JSON object', executions: 0 },
	});
	{
		const marker = nextMarker();
		add({
			name: 'JSON nested 10,000 deep inside a change value',
			marker,
			request: (s) => {
				const outer = JSON.stringify(templateDelivery(marker, { nested: '__DEEP__' }));
				return signedPost(Buffer.from(outer.replace('"__DEEP__"', deep(10_000))), s);
			},
			// accepted and flagged (its key is computed without recursion); never a crash or a 5xx.
			// On a real n8n the execution is stored, but n8n's public API answers 500 when asked
			// for its data: it is read from n8n's REST API (realN8n.ts).
			expect: {
				status: 200,
				reason: RECEIVED,
				executions: 1,
				items: 1,
				check: (items) =>
					flagged(items[0], '/entry/0/changes/0/value/nested')
						? undefined
						: 'the deep property was not flagged',
			},
		});
	}
	const envelope = (name: string, body: unknown, reason: string) =>
		add({
			name,
			request: (s) => signedPost(Buffer.from(JSON.stringify(body)), s),
			expect: { status: 400, reason, executions: 0 },
		});
	envelope('top-level array', [templateDelivery('1')], 'body must be a JSON object');
	envelope('top-level string', 'whatsapp_business_account', 'body must be a JSON object');
	envelope('top-level number', 42, 'body must be a JSON object');
	add({
		name: 'top-level null',
		request: (s) => signedPost(Buffer.from('null'), s),
		expect: { status: 400, reason: 'body must be a JSON object', executions: 0 },
	});
	envelope(
		'"object" of another product',
		{ object: 'page', entry: [] },
		'"object" must be "whatsapp_business_account"',
	);
	envelope('"object" missing', { entry: [] }, '"object" must be "whatsapp_business_account"');
	envelope('"entry" missing', { object: 'whatsapp_business_account' }, '"entry" must be an array');
	envelope(
		'"entry" an object',
		{ object: 'whatsapp_business_account', entry: { id: '1', changes: [] } },
		'"entry" must be an array',
	);
	envelope(
		'"entry" a string',
		{ object: 'whatsapp_business_account', entry: 'x' },
		'"entry" must be an array',
	);
	envelope(
		'"entry" element a number',
		{ object: 'whatsapp_business_account', entry: [1] },
		'entry[0] must be an object',
	);
	envelope(
		'"changes" an object',
		{ object: 'whatsapp_business_account', entry: [{ id: '1', changes: { field: 'x' } }] },
		'entry[0].changes must be an array',
	);
	envelope(
		'"changes" null',
		{ object: 'whatsapp_business_account', entry: [{ id: '1', changes: null }] },
		'entry[0].changes must be an array',
	);
	envelope(
		'"changes" element a string',
		{ object: 'whatsapp_business_account', entry: [{ id: '1', changes: ['x'] }] },
		'entry[0].changes[0] must be an object',
	);

	// ---- prototype keys, duplicate keys, types ----
	{
		const marker = nextMarker();
		add({
			name: '"__proto__" key in a change value',
			marker,
			request: (s) =>
				signedPost(
					Buffer.from(
						JSON.stringify(templateDelivery(marker)).replace(
							'"event":',
							'"__proto__":{"polluted":"yes","event":"x"},"event":',
						),
					),
					s,
				),
			// kept as own data and flagged as unknown; the value's prototype is untouched ("polluted"
			// would be inherited otherwise)
			expect: {
				status: 200,
				reason: RECEIVED,
				executions: 1,
				items: 1,
				check: (items) =>
					ownProto(items[0]?.value) &&
					untouched(items[0]) &&
					flagged(items[0], '/entry/0/changes/0/value/__proto__')
						? undefined
						: '"__proto__" was not kept as own data, or the value altered, or not flagged',
			},
			// n8n's deepCopy (n8n-workflow utils.js, reservedCopyKeys) leaves "__proto__",
			// "constructor" and "prototype" keys out of the copy it stores; the rest of the value
			// and the node's flag must arrive
			real: {
				check: (items) =>
					!ownProto(items[0]?.value) &&
					untouched(items[0]) &&
					flagged(items[0], '/entry/0/changes/0/value/__proto__')
						? undefined
						: 'the stored value kept "__proto__", or was altered, or not flagged',
			},
		});
	}
	{
		const marker = nextMarker();
		add({
			name: '"__proto__" key at the top level and in an entry',
			marker,
			request: (s) =>
				signedPost(
					Buffer.from(
						JSON.stringify(templateDelivery(marker))
							.replace('{"object":', '{"__proto__":{"polluted":"yes"},"object":')
							.replace('{"id":', '{"__proto__":{"polluted":"yes"},"id":'),
					),
					s,
				),
			expect: {
				status: 200,
				reason: RECEIVED,
				executions: 1,
				items: 1,
				check: (items) =>
					items[0]?.wabaId === marker && untouched(items[0]) ? undefined : 'the item was altered',
			},
		});
	}
	{
		const marker = nextMarker();
		add({
			name: '"constructor.prototype" keys in a change value',
			marker,
			request: (s) =>
				signedPost(
					bytes(templateDelivery(marker, { constructor: { prototype: { polluted: 'yes' } } })),
					s,
				),
			expect: {
				status: 200,
				reason: RECEIVED,
				executions: 1,
				items: 1,
				check: (items) =>
					items[0]?.value?.constructor?.prototype?.polluted === 'yes' &&
					untouched(items[0]) &&
					flagged(items[0], '/entry/0/changes/0/value/constructor')
						? undefined
						: '"constructor" was not kept as data, or the value altered, or not flagged',
			},
			// left out of n8n's stored copy, like "__proto__" (see above)
			real: {
				check: (items) =>
					!Object.prototype.hasOwnProperty.call(items[0]?.value ?? {}, 'constructor') &&
					untouched(items[0]) &&
					flagged(items[0], '/entry/0/changes/0/value/constructor')
						? undefined
						: 'the stored value kept "constructor", or was altered, or not flagged',
			},
		});
	}
	{
		const marker = nextMarker();
		add({
			name: 'duplicate keys (the last "object" is right)',
			marker,
			request: (s) =>
				signedPost(
					Buffer.from(
						JSON.stringify(templateDelivery(marker)).replace(
							'{"object":',
							'{"object":"page","object":',
						),
					),
					s,
				),
			expect: { status: 200, reason: RECEIVED, executions: 1, items: 1 },
		});
		const other = nextMarker();
		add({
			name: 'duplicate keys (the last "object" is wrong)',
			marker: other,
			request: (s) =>
				signedPost(
					Buffer.from(
						JSON.stringify(templateDelivery(other)).replace('"entry":', '"object":"page","entry":'),
					),
					s,
				),
			expect: {
				status: 400,
				reason: '"object" must be "whatsapp_business_account"',
				executions: 0,
			},
		});
	}
	{
		const marker = nextMarker();
		add({
			name: 'numbers where strings belong (message id, timestamp)',
			marker,
			request: (s) => {
				const d = messagesDelivery(marker, 'hi') as any;
				const m = d.entry[0].changes[0].value.messages[0];
				m.id = 12345;
				m.timestamp = 1700000000;
				return signedPost(bytes(d), s);
			},
			expect: {
				status: 200,
				reason: RECEIVED,
				executions: 1,
				items: 1,
				check: (items) =>
					items[0]?.validation?.valid === false &&
					JSON.stringify(items[0].validation.errors).includes('wrong_type')
						? undefined
						: 'not flagged wrong_type',
			},
		});
	}
	{
		const marker = nextMarker();
		add({
			name: 'strings where numbers belong (entry time, template id)',
			marker,
			request: (s) => {
				const d = templateDelivery(marker, { message_template_id: '1213131231231' }) as any;
				d.entry[0].time = '1700000000';
				return signedPost(bytes(d), s);
			},
			expect: {
				status: 200,
				reason: RECEIVED,
				executions: 1,
				items: 1,
				check: (items) =>
					items[0]?.time === null && items[0]?.validation?.valid === false
						? undefined
						: 'time not null or not flagged',
			},
		});
	}
	{
		const marker = nextMarker();
		add({
			name: 'field name that is not a string',
			marker,
			request: (s) => {
				const d = templateDelivery(marker) as any;
				d.entry[0].changes[0].field = 7;
				return signedPost(bytes(d), s);
			},
			expect: {
				status: 200,
				reason: RECEIVED,
				executions: 1,
				items: 1,
				check: (items) => (items[0]?.validation?.valid === false ? undefined : 'not flagged'),
			},
		});
	}

	// ---- shapes that made the work quadratic (issue 23; growth measured in boundedWork.ts) ----
	{
		const marker = nextMarker();
		add({
			name: 'nested 1,000 deep with 1,000 integers beyond 2^53 (half inexact)',
			marker,
			request: (s) => signedPost(boundedBody(BOUNDED_SHAPES[0], 1000, marker), s),
			expect: {
				status: 200,
				reason: RECEIVED,
				executions: 1,
				items: 1,
				check: (items) =>
					items[0]?.validation?.errors?.filter(
						(e: { kind?: string }) => e.kind === 'inexact_number',
					).length === 500
						? undefined
						: 'not 500 inexact numbers flagged',
			},
		});
	}
	{
		const marker = nextMarker();
		add({
			name: '300 unknown top-level keys x 300 flagged changes',
			marker,
			request: (s) => signedPost(boundedBody(BOUNDED_SHAPES[1], 300, marker), s),
			expect: {
				status: 200,
				reason: '{"received":true,"changes":300,"items":300}',
				executions: 1,
				items: 300,
				check: (items) =>
					items.every((i) => i.validation?.errors?.length === 301)
						? undefined
						: 'not every item lists the 300 shared issues and its own',
			},
		});
	}

	// ---- content types ----
	const typed = (name: string, contentType: string | null, expect: Expected) => {
		const marker = nextMarker();
		add({
			name,
			marker,
			request: (s) => {
				const req = signedPost(bytes(templateDelivery(marker)), s);
				if (contentType === null) delete req.headers['content-type'];
				else req.headers['content-type'] = contentType;
				return req;
			},
			expect,
		});
	};
	typed('content type text/plain (not checked)', 'text/plain', {
		status: 200,
		reason: RECEIVED,
		executions: 1,
		items: 1,
	});
	typed('content type application/x-www-form-urlencoded', 'application/x-www-form-urlencoded', {
		status: 200,
		reason: RECEIVED,
		executions: 1,
		items: 1,
	});
	typed('no content type', null, { status: 200, reason: RECEIVED, executions: 1, items: 1 });
	add({
		name: 'invalid JSON as application/json (n8n answers first)',
		request: (s) =>
			signedPost(Buffer.from('{"object": "whatsapp_business_account", "entry": ['), s),
		// n8n's body parser answers before the node runs (both targets)
		expect: { status: 422, reason: 'Failed to parse request body', executions: 0 },
	});
	add({
		name: 'invalid JSON as text/plain',
		request: (s) =>
			signedPost(Buffer.from('{"object": "whatsapp_business_account", "entry": ['), s, {
				headers: { 'content-type': 'text/plain' },
			}),
		expect: { status: 400, reason: 'body is not JSON', executions: 0 },
	});

	// ---- the GET handshake ----
	const hub = (name: string, query: (s: Secrets) => string, expect: Expected) =>
		add({ name, request: (s) => ({ method: 'GET', query: query(s), headers: {} }), expect });
	const tok = (s: Secrets) => encodeURIComponent(s.verifyToken);
	hub(
		'GET handshake with the right token',
		(s) => `hub.mode=subscribe&hub.verify_token=${tok(s)}&hub.challenge=1158201444`,
		{ status: 200, reason: '1158201444', executions: 0 },
	);
	hub('GET with no parameters', () => '', {
		status: 403,
		reason: 'hub.mode must be "subscribe"',
		executions: 0,
	});
	hub('GET without hub.mode', (s) => `hub.verify_token=${tok(s)}&hub.challenge=1`, {
		status: 403,
		reason: 'hub.mode must be "subscribe"',
		executions: 0,
	});
	hub('GET without hub.challenge', (s) => `hub.mode=subscribe&hub.verify_token=${tok(s)}`, {
		status: 403,
		reason: 'hub.challenge is missing',
		executions: 0,
	});
	hub('GET without hub.verify_token', () => 'hub.mode=subscribe&hub.challenge=1', {
		status: 403,
		reason: 'hub.verify_token is missing',
		executions: 0,
	});
	hub('GET with a wrong token', () => 'hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1', {
		status: 403,
		reason: 'does not match',
		executions: 0,
	});
	hub('GET with an empty token', () => 'hub.mode=subscribe&hub.verify_token=&hub.challenge=1', {
		status: 403,
		reason: 'does not match',
		executions: 0,
	});
	hub(
		'GET with hub.verify_token repeated',
		(s) => `hub.mode=subscribe&hub.verify_token=x&hub.verify_token=${tok(s)}&hub.challenge=1`,
		{ status: 403, reason: 'hub.verify_token must be given once', executions: 0 },
	);
	hub(
		'GET with hub.challenge repeated',
		(s) => `hub.mode=subscribe&hub.verify_token=${tok(s)}&hub.challenge=1&hub.challenge=2`,
		{ status: 403, reason: 'hub.challenge must be given once', executions: 0 },
	);
	hub(
		'GET with hub.mode repeated',
		(s) => `hub.mode=subscribe&hub.mode=subscribe&hub.verify_token=${tok(s)}&hub.challenge=1`,
		{ status: 403, reason: 'hub.mode must be given once', executions: 0 },
	);
	hub(
		'GET with hub.mode=unsubscribe',
		(s) => `hub.mode=unsubscribe&hub.verify_token=${tok(s)}&hub.challenge=1`,
		{ status: 403, reason: 'hub.mode must be "subscribe"', executions: 0 },
	);
	add({
		name: 'PUT (no such webhook method)',
		request: (s) => ({ ...signedPost(bytes(templateDelivery('1')), s), method: 'PUT' }),
		expect: { status: 404, reason: 'not registered for PUT requests', executions: 0 },
	});
	return cases;
}

export interface Answer {
	status: number;
	text: string;
}

/** Sends one request exactly as built (repeated headers stay repeated). */
export function send(url: string, request: HostileRequest, timeoutMs = 60_000): Promise<Answer> {
	const target = new URL(url);
	if (request.query !== undefined && request.query !== '') target.search = request.query;
	const headers: http.OutgoingHttpHeaders = { ...request.headers };
	if (request.body) headers['content-length'] = request.body.length;
	return new Promise((resolve, reject) => {
		let responded = false;
		const req = http.request(
			target,
			{ method: request.method, headers, timeout: timeoutMs },
			(res) => {
				responded = true;
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
				);
				res.on('error', reject);
			},
		);
		req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
		req.on('error', (error: NodeJS.ErrnoException) => {
			// a server may answer (413) and close before the whole body is written
			if (responded) return;
			if (error.code === 'EPIPE' || error.code === 'ECONNRESET') {
				setTimeout(() => {
					if (!responded) reject(new Error(`connection closed without an answer (${error.code})`));
				}, 1000);
				return;
			}
			reject(error);
		});
		req.end(request.body);
	});
}

/** What the answer to a hostile request must not contain: the secrets and the right MAC. */
function leakedSecrets(text: string, secrets: Secrets, request?: HostileRequest): string[] {
	const leaks: string[] = [];
	if (secrets.appSecret && text.includes(secrets.appSecret)) leaks.push('app secret');
	if (request?.method === 'POST' && secrets.verifyToken && text.includes(secrets.verifyToken))
		leaks.push('verify token');
	if (
		request?.method === 'GET' &&
		secrets.verifyToken &&
		text.includes(secrets.verifyToken) &&
		!(request.query ?? '').includes('challenge=' + encodeURIComponent(secrets.verifyToken))
	)
		leaks.push('verify token');
	if (request?.body && request.body.length < 1_000_000) {
		const mac = hmacHex(request.body, secrets.appSecret);
		if (text.toLowerCase().includes(mac)) leaks.push('expected signature');
	}
	return leaks;
}

/** The refusal's reason: the trigger's `error`, n8n's `message`, or the text. */
function reasonOf(answer: Answer): string {
	try {
		const parsed = JSON.parse(answer.text) as Record<string, unknown>;
		if (typeof parsed?.error === 'string') return parsed.error;
		if (typeof parsed?.message === 'string') return parsed.message;
	} catch {
		/* plain text */
	}
	return answer.text;
}

/** Checks one answer and the executions it started against the case's expectation. */
export function judge(
	c: HostileCase,
	expected: Expected,
	answer: Answer | Error,
	executions: Array<Array<Record<string, any>>>,
	secrets: Secrets,
	request: HostileRequest,
): string[] {
	const problems: string[] = [];
	if (answer instanceof Error) return [`no answer: ${answer.message}`];
	const statuses = Array.isArray(expected.status) ? expected.status : [expected.status];
	if (!statuses.includes(answer.status))
		problems.push(
			`status ${answer.status}, expected ${statuses.join(' or ')} (${answer.text.slice(0, 160)})`,
		);
	if (answer.status >= 500 && !expected.n8nOwn) problems.push(`server error ${answer.status}`);
	if (expected.reason !== undefined) {
		const texts = [answer.text, reasonOf(answer)];
		const ok = texts.some((t) =>
			typeof expected.reason === 'string' ? t.includes(expected.reason) : expected.reason!.test(t),
		);
		if (!ok) problems.push(`answer lacks ${String(expected.reason)}: ${answer.text.slice(0, 160)}`);
	}
	const wantedExecutions = statuses.length > 1 && answer.status !== 200 ? 0 : expected.executions;
	if (executions.length !== wantedExecutions)
		problems.push(`${executions.length} executions, expected ${expected.executions}`);
	if (
		expected.items !== undefined &&
		executions.length === 1 &&
		executions[0].length !== expected.items
	)
		problems.push(`${executions[0].length} items, expected ${expected.items}`);
	if (expected.check && executions.length === 1) {
		const problem = expected.check(executions[0]);
		if (problem)
			problems.push(`${problem}: ${JSON.stringify(executions[0][0]?.value ?? null).slice(0, 200)}`);
	}
	const leaks = leakedSecrets(answer.text, secrets, request);
	if (leaks.length) problems.push(`answer leaks: ${leaks.join(', ')}`);
	for (const items of executions) {
		let text: string;
		try {
			text = JSON.stringify(items);
		} catch {
			// nested deeper than JSON.stringify's stack: no secret can be in what was sent
			text = '';
		}
		if (text.includes(secrets.appSecret)) problems.push('items leak the app secret');
		if (text.includes(secrets.verifyToken)) problems.push('items leak the verify token');
	}
	if (({} as Record<string, unknown>).polluted !== undefined)
		problems.push('Object.prototype polluted');
	void c;
	return problems;
}

/** What an in-process trigger host offers a hostile case: its URL and the executions it started. */
export interface InProcessHost {
	url: string;
	executions: ReadonlyArray<{ outputs: Array<Array<{ json: unknown }>> }>;
}

/**
 * Sends one hostile case at a trigger run in this process and judges the answer and the
 * executions it started (shared by the jest suite and `npm run reliability`).
 */
export async function runInProcessCase(
	host: InProcessHost,
	c: HostileCase,
	secrets: Secrets,
): Promise<{ answer: Answer | Error; executions: number; problems: string[] }> {
	const request = c.request(secrets);
	const before = host.executions.length;
	let answer: Answer | Error;
	try {
		answer = await send(host.url, request);
	} catch (error) {
		answer = error as Error;
	}
	// an execution is recorded right after the answer: let that turn of the event loop run
	await new Promise((resolve) => setImmediate(resolve));
	const started = host.executions
		.slice(before)
		.map((e) => e.outputs.flat().map((i) => i.json as Record<string, any>));
	return {
		answer,
		executions: started.length,
		problems: judge(c, c.expect, answer, started, secrets, request),
	};
}
