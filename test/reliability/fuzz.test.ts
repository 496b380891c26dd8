// Property-based fuzzing of the webhook path (fast-check): random bodies and headers never
// crash the server, never get a 5xx, never start an execution without a valid signature;
// random valid deliveries always give one item per change.
import fc from 'fast-check';

import type { InProcessTrigger } from '../../scripts/lib/inProcessN8n';
import { send } from '../../scripts/reliability/hostile';
import { signBody } from '../../nodes/shared/webhook/signature';
import { DEFAULT_DELIVERY_OPTIONS } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/options';
import { processDelivery } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/processDelivery';
import { APP_SECRET, VERIFY_TOKEN, startTrigger } from '../trigger/support';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

let host: InProcessTrigger;
beforeAll(async () => {
	// answered with the receipt (Confirm Receipt to Meta: when the execution is created), which these checks read
	host = await startTrigger();
});
afterAll(async () => await host.close());

const contentType = fc.constantFrom(
	'application/json',
	'text/plain',
	'application/octet-stream',
	'application/x-www-form-urlencoded',
	undefined,
);

/** Signature header values: absent, junk, near-misses, and now and then the right one. */
const signatureFor = (body: Buffer) =>
	fc.oneof(
		fc.constant(undefined),
		fc.string(),
		fc.stringMatching(/^sha256=[0-9a-f]{0,70}$/),
		fc.constant(signBody(body, 'another-secret')),
		fc.constant(signBody(body, APP_SECRET).toUpperCase()),
		fc.constant(signBody(body, APP_SECRET).slice(0, -1)),
	);

/** Bodies that look more or less like deliveries, as JSON values and as raw bytes. */
const jsonish = fc.oneof(
	fc.jsonValue(),
	fc.record({
		object: fc.oneof(fc.constant('whatsapp_business_account'), fc.string()),
		entry: fc.jsonValue(),
	}),
	fc.record({
		object: fc.constant('whatsapp_business_account'),
		entry: fc.array(
			fc.record({
				id: fc.jsonValue(),
				time: fc.jsonValue(),
				changes: fc.oneof(
					fc.jsonValue(),
					fc.array(fc.record({ field: fc.jsonValue(), value: fc.jsonValue() })),
				),
			}),
		),
	}),
);
const rawBody = fc.oneof(
	jsonish.map((v) => Buffer.from(JSON.stringify(v) ?? '')),
	fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
	fc.string().map((s) => Buffer.from(s)),
);

const validText = fc.string({ maxLength: 40 });
const change = fc.oneof(
	fc.record({
		field: fc.constant('message_template_status_update'),
		value: fc.record({
			event: fc.constantFrom('APPROVED', 'REJECTED', 'PAUSED', 'SOMETHING_NEW'),
			message_template_id: fc.nat(),
			message_template_name: validText,
			message_template_language: fc.constant('en_US'),
			reason: fc.constant('NONE'),
		}),
	}),
	fc.record({
		field: fc.constant('messages'),
		value: fc.record({
			messaging_product: fc.constant('whatsapp'),
			metadata: fc.record({
				display_phone_number: fc.constant('15550783881'),
				phone_number_id: fc.constant('106540352242922'),
			}),
			statuses: fc.array(
				fc.record({
					id: fc.uuid().map((u) => `wamid.${u}`),
					status: fc.constantFrom('sent', 'delivered', 'read', 'failed'),
					timestamp: fc.nat().map(String),
					recipient_id: fc.constant('16505551234'),
				}),
				{ minLength: 1, maxLength: 3 },
			),
		}),
	}),
	fc.record({ field: fc.stringMatching(/^[a-z_]{1,20}$/), value: fc.jsonValue() }),
);
const validDelivery = fc.record({
	object: fc.constant('whatsapp_business_account'),
	entry: fc.array(
		fc.record({
			id: fc.stringMatching(/^\d{1,15}$/),
			time: fc.nat(),
			changes: fc.array(change, { maxLength: 5 }),
		}),
		{ minLength: 1, maxLength: 4 },
	),
});

describe('fuzzing the webhook path (fast-check)', () => {
	test('random bodies and headers: no crash, no 5xx, and no execution without the right signature', async () => {
		await fc.assert(
			fc.asyncProperty(
				rawBody.chain((body) => fc.tuple(fc.constant(body), signatureFor(body), contentType)),
				async ([body, signature, type]) => {
					const headers: Record<string, string> = {};
					if (type) headers['content-type'] = type;
					if (signature !== undefined) headers['x-hub-signature-256'] = signature;
					const before = host.executions.length;
					const answer = await send(host.url, { method: 'POST', headers, body });
					await new Promise((resolve) => setImmediate(resolve));
					expect(answer.status).toBeLessThan(500);
					expect(answer.text).not.toContain(APP_SECRET);
					const rightSignature =
						signature !== undefined && signature.toLowerCase() === signBody(body, APP_SECRET);
					if (!rightSignature) {
						expect(host.executions.length).toBe(before);
						expect([401, 422]).toContain(answer.status);
					}
				},
			),
			{ numRuns: RUNS },
		);
	});

	test('random signed bodies: no crash, no 5xx; an execution only for a 200 with items', async () => {
		await fc.assert(
			fc.asyncProperty(rawBody, contentType, async (body, type) => {
				const headers: Record<string, string> = {
					'x-hub-signature-256': signBody(body, APP_SECRET),
				};
				if (type) headers['content-type'] = type;
				const before = host.executions.length;
				const answer = await send(host.url, { method: 'POST', headers, body });
				await new Promise((resolve) => setImmediate(resolve));
				expect(answer.status).toBeLessThan(500);
				const started = host.executions.length - before;
				if (answer.status !== 200) expect(started).toBe(0);
				else expect(started).toBe(JSON.parse(answer.text).items > 0 ? 1 : 0);
				expect(({} as Record<string, unknown>).polluted).toBeUndefined();
			}),
			{ numRuns: RUNS },
		);
	});

	test('random valid deliveries: exactly one item per change, keys as the trigger computes them', async () => {
		await fc.assert(
			fc.asyncProperty(validDelivery, async (delivery) => {
				const body = Buffer.from(JSON.stringify(delivery));
				const before = host.executions.length;
				const answer = await send(host.url, {
					method: 'POST',
					headers: {
						'content-type': 'application/json',
						'x-hub-signature-256': signBody(body, APP_SECRET),
					},
					body,
				});
				await new Promise((resolve) => setImmediate(resolve));
				const changes = delivery.entry.reduce((n, e) => n + e.changes.length, 0);
				expect(answer.status).toBe(200);
				expect(JSON.parse(answer.text)).toEqual({ received: true, changes, items: changes });
				const started = host.executions.slice(before);
				expect(started).toHaveLength(changes > 0 ? 1 : 0);
				const items = started.flatMap((e) =>
					e.outputs.flat().map((i) => i.json as Record<string, any>),
				);
				expect(items).toHaveLength(changes);
				const local = processDelivery(
					body,
					{ 'x-hub-signature-256': signBody(body, APP_SECRET) },
					APP_SECRET,
					DEFAULT_DELIVERY_OPTIONS,
				);
				expect(items.map((i) => i.dedupKey)).toEqual(
					(local.outputs ?? [[], []]).flat().map((i) => i.dedupKey),
				);
				expect(items.map((i) => i.field)).toEqual(
					delivery.entry.flatMap((e) => e.changes.map((c) => c.field)),
				);
			}),
			{ numRuns: RUNS },
		);
	});

	test('random GET queries: no crash, no 5xx, the challenge only for the right token', async () => {
		const param = fc.oneof(
			fc.constantFrom('hub.mode', 'hub.verify_token', 'hub.challenge', 'hub[mode]', 'hub'),
			fc.string({ maxLength: 10 }),
		);
		const value = fc.oneof(
			fc.constantFrom('subscribe', VERIFY_TOKEN, '', '1158201444'),
			fc.string({ maxLength: 20 }),
		);
		await fc.assert(
			fc.asyncProperty(fc.array(fc.tuple(param, value), { maxLength: 6 }), async (pairs) => {
				const query = new URLSearchParams(pairs).toString();
				const answer = await send(host.url, { method: 'GET', query, headers: {} });
				expect(answer.status).toBeLessThan(500);
				const get = (name: string) => pairs.filter(([k]) => k === name).map(([, v]) => v);
				const ok =
					get('hub.mode').length === 1 &&
					get('hub.mode')[0] === 'subscribe' &&
					get('hub.verify_token').length === 1 &&
					get('hub.verify_token')[0] === VERIFY_TOKEN &&
					get('hub.challenge').length === 1 &&
					get('hub.challenge')[0] !== '';
				if (!ok) {
					expect(answer.status).toBe(403);
					expect(answer.text).not.toContain(VERIFY_TOKEN);
				}
			}),
			{ numRuns: RUNS },
		);
	});
});
