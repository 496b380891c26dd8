// The trigger's side of Send and Wait for Response: the answers found in a delivery are POSTed
// to a loopback server standing in for n8n's /webhook-waiting/, answering as n8n does (the
// answers the proof run saw: docs/design/send-and-wait.md), and what it answers is read into
// the items' answersQuestion, or into "Meta, send it again".
import * as http from 'http';
import type { AddressInfo } from 'net';

import type { ChangeItem } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/result';
import {
	readN8nAnswer,
	resumeWaitingQuestions,
	type PostDelivery,
	type RetrySettings,
} from '../../nodes/WhatsAppBusinessAccountTrigger/waiting/resumeQuestions';

type Reply = { status: number; type: string; body: string };
const JSON_TYPE = 'application/json; charset=utf-8';
const HTML_TYPE = 'text/html; charset=utf-8';

/** n8n's waiting endpoint as a script: each execution id answers with its next reply. */
async function startN8nStandIn(scripts: Record<string, Reply[]>) {
	const received: Array<{ url: string; body: string; signature: string | undefined }> = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({
				url: req.url ?? '',
				body: Buffer.concat(chunks).toString('utf8'),
				signature: req.headers['x-hub-signature-256'] as string | undefined,
			});
			const executionId = (req.url ?? '').split('/')[2];
			const script = scripts[executionId] ?? [];
			const reply = script.length > 1 ? script.shift()! : script[0];
			if (!reply) {
				res.destroy();
				return;
			}
			res.writeHead(reply.status, { 'content-type': reply.type }).end(reply.body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return { origin, received, close: async () => await new Promise((r) => server.close(r)) };
}

/** The POST as the node makes it, here over fetch. */
const post: PostDelivery = async (url, body, headers) => {
	const res = await fetch(url, { method: 'POST', body, headers });
	return {
		status: res.status,
		contentType: res.headers.get('content-type') ?? '',
		body: await res.text(),
	};
};

const FAST: RetrySettings = {
	firstDelayMs: 10,
	budgetMs: 100,
	sleep: async (ms) => await new Promise((r) => setTimeout(r, ms)),
};

const ref = (executionId: string) =>
	`wa1 /webhook-waiting/${executionId}/node-1?o=approve&c=abcdefghijklmnop&signature=${'0'.repeat(64)}`;

/** A per-message item answering `executionId` (or an ordinary text when null). */
function messageItem(executionId: string | null): ChangeItem {
	return {
		field: 'messages',
		kind: 'message',
		wabaId: '1',
		time: null,
		event: executionId ? 'interactive' : 'text',
		value: executionId
			? {
					context: { id: `wamid.Q${executionId}` },
					type: 'interactive',
					interactive: {
						type: 'button_reply',
						button_reply: { id: ref(executionId), title: 'OK' },
					},
				}
			: { type: 'text', text: { body: 'hello' } },
		validation: { valid: true, errors: [] },
		dedupKey: `k${executionId}`,
	} as unknown as ChangeItem;
}

const DELIVERY = {
	rawBody: Buffer.from('{"object":"whatsapp_business_account"}'),
	signature: 'sha256=' + 'ab'.repeat(32),
};

describe("reading n8n's answers", () => {
	test.each<[string, Reply, unknown]>([
		[
			'our node resumed',
			{ status: 200, type: JSON_TYPE, body: '{"resumed":true}' },
			{ outcome: 'resumed', reason: null },
		],
		[
			'our node refused',
			{ status: 200, type: JSON_TYPE, body: '{"resumed":false,"reason":"notFromAskedCustomer"}' },
			{ outcome: 'refused', reason: 'notFromAskedCustomer' },
		],
		[
			'our node had resumed it (1.x claim)',
			{ status: 200, type: JSON_TYPE, body: '{"resumed":false,"reason":"alreadyAnswered"}' },
			{ outcome: 'alreadyAnswered', reason: 'alreadyAnswered' },
		],
		[
			"n8n's no-action-required page",
			{ status: 200, type: HTML_TYPE, body: '<html>No action required</html>' },
			{ outcome: 'alreadyAnswered', reason: null },
		],
		[
			'a bad URL signature (2.x page)',
			{ status: 401, type: HTML_TYPE, body: '<html>invalid</html>' },
			{ outcome: 'refused', reason: 'signature' },
		],
		[
			'no such execution',
			{ status: 404, type: JSON_TYPE, body: '{"code":404}' },
			{ outcome: 'notWaiting', reason: null },
		],
		[
			'finished with error',
			{
				status: 409,
				type: JSON_TYPE,
				body: '{"message":"The execution \\"7\\" has finished with error."}',
			},
			{ outcome: 'notWaiting', reason: 'finished' },
		],
		[
			'running already',
			{
				status: 409,
				type: JSON_TYPE,
				body: '{"message":"The execution \\"7\\" is running already."}',
			},
			'retry',
		],
		['a lost claim (2.x)', { status: 500, type: JSON_TYPE, body: '{}' }, 'retry'],
	])('%s', (_, reply, expected) => {
		expect(
			readN8nAnswer({ status: reply.status, contentType: reply.type, body: reply.body }),
		).toEqual(expected);
	});
});

describe('resuming through the waiting endpoint', () => {
	test("POSTs Meta's bytes and signature to the reference and marks the item; other items pass untouched", async () => {
		const n8n = await startN8nStandIn({
			'41': [{ status: 200, type: JSON_TYPE, body: '{"resumed":true}' }],
		});
		try {
			const text = messageItem(null);
			const result = await resumeWaitingQuestions(
				[text, messageItem('41')],
				DELIVERY,
				n8n.origin,
				'resumeAndPassOn',
				post,
				FAST,
			);
			expect(result.retryLater).toBe(false);
			expect(result.items[0]).toBe(text);
			expect(result.items[1].answersQuestion).toEqual({
				executionId: '41',
				questionMessageId: 'wamid.Q41',
				outcome: 'resumed',
				reason: null,
			});
			expect(n8n.received).toEqual([
				{
					url: ref('41').slice(4),
					body: DELIVERY.rawBody.toString(),
					signature: DELIVERY.signature,
				},
			]);
		} finally {
			await n8n.close();
		}
	});

	test('"running already" is retried until n8n has saved the execution as waiting', async () => {
		const running = {
			status: 409,
			type: JSON_TYPE,
			body: '{"message":"The execution \\"42\\" is running already."}',
		};
		const n8n = await startN8nStandIn({
			'42': [running, running, { status: 200, type: JSON_TYPE, body: '{"resumed":true}' }],
		});
		try {
			const result = await resumeWaitingQuestions(
				[messageItem('42')],
				DELIVERY,
				n8n.origin,
				'resumeAndPassOn',
				post,
				FAST,
			);
			expect(result.items[0].answersQuestion).toMatchObject({ outcome: 'resumed' });
			expect(n8n.received).toHaveLength(3);
		} finally {
			await n8n.close();
		}
	});

	test('n8n failing beyond the retries, or unreachable: retry later (Meta gets 503), nothing emitted', async () => {
		const n8n = await startN8nStandIn({ '43': [{ status: 500, type: JSON_TYPE, body: '{}' }] });
		try {
			const failing = await resumeWaitingQuestions(
				[messageItem('43')],
				DELIVERY,
				n8n.origin,
				'resumeAndPassOn',
				post,
				FAST,
			);
			expect(failing.retryLater).toBe(true);
			// 10 + 20 + 40 ms fit the 100 ms budget, the next pause does not: four attempts
			expect(n8n.received).toHaveLength(4);
		} finally {
			await n8n.close();
		}
		const unreachable = await resumeWaitingQuestions(
			[messageItem('44')],
			DELIVERY,
			n8n.origin,
			'resumeAndPassOn',
			post,
			FAST,
		);
		expect(unreachable.retryLater).toBe(true);
	});

	test('Resume and Drop leaves the answers out; Ignore POSTs nothing', async () => {
		const n8n = await startN8nStandIn({
			'45': [{ status: 200, type: JSON_TYPE, body: '{"resumed":true}' }],
		});
		try {
			const text = messageItem(null);
			const dropped = await resumeWaitingQuestions(
				[messageItem('45'), text],
				DELIVERY,
				n8n.origin,
				'resumeAndDrop',
				post,
				FAST,
			);
			expect(dropped.items).toEqual([text]);
			expect(n8n.received).toHaveLength(1);
			const ignored = await resumeWaitingQuestions(
				[messageItem('45')],
				DELIVERY,
				n8n.origin,
				'ignore',
				post,
				FAST,
			);
			expect(ignored.items[0].answersQuestion).toBeUndefined();
			expect(n8n.received).toHaveLength(1);
		} finally {
			await n8n.close();
		}
	});
});
