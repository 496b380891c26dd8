// Free Text answers on the trigger's side (docs/design/send-and-wait.md, "Free Text"): the
// waiting question read from an execution as n8n's public API lists it (2.41.1's
// GET /executions?status=waiting&includeData=true), the question a text answers, and the POST
// of the text's delivery to that question's reference (a loopback server stands in for n8n).
import { createHash } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';

import type { ChangeItem } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/result';
import {
	numbersOfMessages,
	questionAnsweredBy,
	waitingTextQuestion,
} from '../../nodes/WhatsAppBusinessAccountTrigger/waiting/freeTextQuestions';
import {
	resumeWaitingQuestions,
	type PostDelivery,
} from '../../nodes/WhatsAppBusinessAccountTrigger/waiting/resumeQuestions';

const PHONE = '16505551234';
const OTHER = '16505559999';
const NUMBER_ID = '106540352242922';
const c = (id: string) => createHash('sha256').update(id).digest('base64url').slice(0, 16);
const reference = (
	executionId: string,
	options: { phone?: string; number?: string; q?: string } = {},
) =>
	`wa1 /webhook-waiting/${executionId}/5b1c3f0e-8a0d-4f5e-9b55-0c0f1f2a3b4c?t=text&c=${c(options.phone ?? PHONE)}&p=${options.number ?? NUMBER_ID}&q=${options.q ?? `wamid.Q${executionId}`}&signature=${'c3'.repeat(32)}`;

/** One execution of the public API's list, waiting on the node "Ask" with `json` as its output. */
function waitingExecution(id: string, json: Record<string, unknown>, status = 'waiting') {
	return {
		id,
		finished: false,
		mode: 'webhook',
		status,
		startedAt: '2026-12-07T16:00:00.000Z',
		stoppedAt: '2026-12-07T16:00:01.000Z',
		workflowId: 'wf1',
		waitTill: '3000-01-01T00:00:00.000Z',
		data: {
			startData: {},
			resultData: {
				lastNodeExecuted: 'Ask',
				runData: {
					Start: [{ startTime: 1, executionTime: 1, source: [], data: { main: [[{ json: {} }]] } }],
					Ask: [
						{
							startTime: 2,
							executionTime: 300,
							source: [{ previousNode: 'Start' }],
							executionStatus: 'waiting',
							data: { main: [[{ json, pairedItem: { item: 0 } }]] },
						},
					],
				},
			},
		},
	};
}

const freeTextOutput = (executionId: string, options: Parameters<typeof reference>[1] = {}) => ({
	waitingFor: 'freeText',
	questionMessageId: options.q ?? `wamid.Q${executionId}`,
	recipient: `+${options.phone ?? PHONE}`,
	phoneNumberId: options.number ?? NUMBER_ID,
	answerReference: reference(executionId, options),
});

const text = (from: string, quoted?: string) => ({
	...(quoted ? { context: { from: '15550783881', id: quoted } } : {}),
	from,
	id: `wamid.A${from}${quoted ?? ''}`,
	timestamp: '1796652131',
	type: 'text',
	text: { body: 'After 6 pm, please' },
});

describe('a waiting Free Text question, read from the public API', () => {
	test('is read from the waiting output of the last node', () => {
		expect(waitingTextQuestion(waitingExecution('51', freeTextOutput('51')))).toEqual({
			reference: reference('51'),
			executionId: '51',
			customerHash: c(PHONE),
			phoneNumberId: NUMBER_ID,
			questionMessageId: 'wamid.Q51',
		});
	});

	test.each([
		['a button question', { ...freeTextOutput('52'), waitingFor: 'approval' }, '52'],
		['no reference', { ...freeTextOutput('53'), answerReference: undefined }, '53'],
		['a reference of another execution', freeTextOutput('54'), '55'],
		[
			'a reference of a button (o=, no t=text)',
			{ ...freeTextOutput('56'), answerReference: reference('56').replace('t=text', 'o=text') },
			'56',
		],
	])('is not read from %s', (_, json, id) => {
		expect(waitingTextQuestion(waitingExecution(id, json))).toBeNull();
	});

	test('an execution that is not waiting, or has no data, has none', () => {
		expect(waitingTextQuestion(waitingExecution('57', freeTextOutput('57'), 'success'))).toBeNull();
		expect(waitingTextQuestion({ id: '58', status: 'waiting' })).toBeNull();
	});
});

describe('the question a text answers', () => {
	const waiting = [
		waitingTextQuestion(waitingExecution('70', freeTextOutput('70')))!,
		waitingTextQuestion(waitingExecution('9', freeTextOutput('9')))!,
		waitingTextQuestion(waitingExecution('71', freeTextOutput('71', { phone: OTHER })))!,
		waitingTextQuestion(
			waitingExecution('72', freeTextOutput('72', { number: '106540352242999' })),
		)!,
	];

	test("the customer's next text answers the oldest question asked of them from that number", () => {
		expect(questionAnsweredBy(text(PHONE), NUMBER_ID, waiting)?.executionId).toBe('9');
		expect(questionAnsweredBy(text(OTHER), NUMBER_ID, waiting)?.executionId).toBe('71');
		expect(questionAnsweredBy(text(PHONE), '106540352242999', waiting)?.executionId).toBe('72');
	});

	test('a reply quoting a question answers that one', () => {
		expect(questionAnsweredBy(text(PHONE, 'wamid.Q70'), NUMBER_ID, waiting)?.executionId).toBe(
			'70',
		);
		// quoting another message: still the customer's next text
		expect(questionAnsweredBy(text(PHONE, 'wamid.OLD'), NUMBER_ID, waiting)?.executionId).toBe('9');
	});

	test('nothing for a customer not asked, a number not asked from, or a message that is not text', () => {
		expect(questionAnsweredBy(text('16505550000'), NUMBER_ID, waiting)).toBeNull();
		expect(questionAnsweredBy(text(PHONE), '106540352240000', waiting)).toBeNull();
		expect(questionAnsweredBy(text(PHONE), null, waiting)).toBeNull();
		expect(
			questionAnsweredBy({ ...text(PHONE), type: 'image', image: { id: '1' } }, NUMBER_ID, waiting),
		).toBeNull();
	});

	test("each message's number is read from its change's metadata", () => {
		const body = {
			object: 'whatsapp_business_account',
			entry: [
				{
					id: '1',
					changes: [
						{
							field: 'messages',
							value: { metadata: { phone_number_id: 'n1' }, messages: [{ id: 'm1' }] },
						},
						{
							field: 'messages',
							value: { metadata: { phone_number_id: 'n2' }, messages: [{ id: 'm2' }] },
						},
					],
				},
			],
		};
		expect([...numbersOfMessages(Buffer.from(JSON.stringify(body)))]).toEqual([
			['m1', 'n1'],
			['m2', 'n2'],
		]);
		expect(numbersOfMessages(Buffer.from('not json')).size).toBe(0);
	});
});

describe('resuming a Free Text question', () => {
	const item = (message: Record<string, unknown>): ChangeItem =>
		({
			field: 'messages',
			kind: 'message',
			wabaId: '1',
			time: null,
			event: 'text',
			value: message,
			validation: { valid: true, errors: [] },
			dedupKey: String(message.id),
		}) as unknown as ChangeItem;
	const DELIVERY = {
		rawBody: Buffer.from('{"object":"whatsapp_business_account"}'),
		signature: 'sha256=' + 'ab'.repeat(32),
	};
	const FAST = {
		firstDelayMs: 10,
		budgetMs: 50,
		sleep: async (ms: number) => await new Promise<void>((r) => setTimeout(r, ms)),
	};

	async function n8nStandIn() {
		const received: string[] = [];
		const server = http.createServer((req, res) => {
			received.push(req.url ?? '');
			req.resume();
			req.on('end', () =>
				res.writeHead(200, { 'content-type': 'application/json' }).end('{"resumed":true}'),
			);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		return { origin, received, close: async () => await new Promise((r) => server.close(r)) };
	}
	const post: PostDelivery = async (url, body, headers) => {
		const res = await fetch(url, { method: 'POST', body, headers });
		return {
			status: res.status,
			contentType: res.headers.get('content-type') ?? '',
			body: await res.text(),
		};
	};

	test("the text's delivery is POSTed to the question's reference, and the item names it", async () => {
		const n8n = await n8nStandIn();
		try {
			const asked: unknown[] = [];
			const result = await resumeWaitingQuestions(
				[item(text(PHONE)), item({ ...text(PHONE), type: 'image', image: { id: '1' } })],
				DELIVERY,
				n8n.origin,
				'resumeAndPassOn',
				post,
				FAST,
				async (message) => {
					asked.push(message);
					return reference('61');
				},
			);
			expect(asked).toHaveLength(1);
			expect(n8n.received).toEqual([reference('61').slice(4)]);
			expect(result.items[0].answersQuestion).toEqual({
				executionId: '61',
				questionMessageId: 'wamid.Q61',
				outcome: 'resumed',
				reason: null,
			});
			expect(result.items[1].answersQuestion).toBeUndefined();
		} finally {
			await n8n.close();
		}
	});

	test('a text no question waits for passes on unmarked; a lookup that fails asks Meta again', async () => {
		const plain = item(text(PHONE));
		const none = await resumeWaitingQuestions(
			[plain],
			DELIVERY,
			'http://127.0.0.1:9',
			'resumeAndPassOn',
			post,
			FAST,
			async () => null,
		);
		expect(none).toEqual({ items: [plain], retryLater: false });
		const failing = await resumeWaitingQuestions(
			[plain],
			DELIVERY,
			'http://127.0.0.1:9',
			'resumeAndPassOn',
			post,
			FAST,
			async () => {
				throw new Error("n8n's API answered 503");
			},
		);
		expect(failing.retryLater).toBe(true);
	});
});
