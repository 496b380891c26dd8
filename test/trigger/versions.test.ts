import type { INodeParameters } from 'n8n-workflow';

import type { InProcessTrigger } from '../../scripts/lib/inProcessN8n';
import { chatbotConversation } from '../../scripts/bench/campaign';
import { WhatsAppBusinessAccountTrigger } from '../../nodes/WhatsAppBusinessAccountTrigger/WhatsAppBusinessAccountTrigger.node';
import { DEFAULT_DELIVERY_OPTIONS } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/options';
import { processDelivery } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/processDelivery';
import { SIGNATURE_HEADER, signBody } from '../../nodes/shared/webhook/signature';
import { APP_SECRET, delivery, fixture, lastItems, post, startTrigger } from './support';

/**
 * A trigger as a user has it: a node added in the editor (1.1) or a saved version-1 workflow;
 * answered with the receipt (Confirm Receipt to Meta: when the execution is created), which these checks read.
 */
async function trigger(typeVersion: number, parameters: INodeParameters = {}) {
	return await startTrigger(parameters, { typeVersion, asAddedInEditor: true });
}

const STATUS_READ = fixture('webhooks/messages/status-read.json');
const TEXT = fixture('webhooks/messages/text.json');

describe('trigger versions', () => {
	test('1.1 is the default for new nodes; 1 stays loadable', () => {
		const { description } = new WhatsAppBusinessAccountTrigger();
		expect(description.version).toEqual([1, 1.1]);
		expect(description.defaultVersion).toBe(1.1);
		const include = description.properties.find((p) => p.name === 'includeStatuses');
		expect(include).toMatchObject({
			type: 'boolean',
			default: false,
			displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } },
		});
	});

	describe('version 1.1 as added in the editor', () => {
		let host: InProcessTrigger;
		beforeAll(async () => (host = await trigger(1.1)));
		afterAll(async () => await host.close());

		test('a status delivery is answered 200 with its receipt and starts no execution', async () => {
			const before = host.executions.length;
			const answer = await post(host, STATUS_READ);
			expect(answer.status).toBe(200);
			expect(answer.json).toEqual({ received: true, changes: 1, items: 0 });
			expect(host.executions.length).toBe(before);
		});

		test('an inbound message starts an execution', async () => {
			const before = host.executions.length;
			const answer = await post(host, TEXT);
			expect(answer.json).toEqual({ received: true, changes: 1, items: 1 });
			expect(host.executions.length).toBe(before + 1);
			expect(lastItems(host)[0].value.messages[0].type).toBe('text');
		});

		test('a batch of a message and statuses keeps the message only; other fields are untouched', async () => {
			const statuses = JSON.parse(STATUS_READ.toString()).entry[0].changes[0];
			const message = JSON.parse(TEXT.toString()).entry[0].changes[0];
			const template = {
				field: 'message_template_status_update',
				value: {
					event: 'APPROVED',
					message_template_id: 1,
					message_template_name: 'x',
					message_template_language: 'en_US',
					reason: 'NONE',
				},
			};
			const answer = await post(host, delivery([statuses, message, template]));
			expect(answer.json).toEqual({ received: true, changes: 3, items: 2 });
			expect(lastItems(host).map((i) => i.field)).toEqual([
				'messages',
				'message_template_status_update',
			]);
		});

		test('the signature is checked over the raw bytes for a content type n8n leaves to the node', async () => {
			const before = host.executions.length;
			const signed = await post(host, TEXT, {
				headers: { 'content-type': 'application/octet-stream' },
			});
			expect(signed.status).toBe(200);
			expect(host.executions.length).toBe(before + 1);
			const forged = await post(host, TEXT, {
				headers: { 'content-type': 'application/octet-stream' },
				signature: signBody(Buffer.from('other'), APP_SECRET),
			});
			expect(forged.status).toBe(401);
			expect(host.executions.length).toBe(before + 1);
		});
	});

	test('1.1 with Include Message Statuses on executes every status', async () => {
		const host = await trigger(1.1, { includeStatuses: true });
		try {
			expect((await post(host, STATUS_READ)).json).toEqual({
				received: true,
				changes: 1,
				items: 1,
			});
			expect(host.executions.length).toBe(1);
		} finally {
			await host.close();
		}
	});

	test('1.1 with statuses chosen under Options keeps those statuses only, in both output modes', async () => {
		for (const outputMode of ['change', 'message']) {
			const host = await trigger(1.1, { outputMode, options: { messageStatuses: ['failed'] } });
			try {
				expect((await post(host, STATUS_READ)).json).toMatchObject({ items: 0 });
				expect(
					(await post(host, fixture('webhooks/messages/status-failed.json'))).json,
				).toMatchObject({ items: 1 });
				expect(host.executions.length).toBe(1);
			} finally {
				await host.close();
			}
		}
	});

	test('statuses left out in every output mode: a delivery of statuses only gives no items, a message still does', () => {
		for (const outputMode of ['change', 'message', 'delivery'] as const) {
			const options = { ...DEFAULT_DELIVERY_OPTIONS, outputMode, includeStatuses: false };
			const run = (raw: Buffer) =>
				processDelivery(
					raw,
					{ [SIGNATURE_HEADER]: signBody(raw, APP_SECRET) },
					APP_SECRET,
					options,
				);
			expect(run(STATUS_READ)).toEqual({
				status: 200,
				body: { received: true, changes: 1, items: 0 },
			});
			expect(run(TEXT).outputs?.[0]).toHaveLength(1);
		}
	});

	test('a saved version-1 node keeps executing every status, as before', async () => {
		const host = await trigger(1);
		try {
			expect((await post(host, STATUS_READ)).json).toEqual({
				received: true,
				changes: 1,
				items: 1,
			});
			expect(
				(await post(host, TEXT, { headers: { 'content-type': 'application/octet-stream' } }))
					.status,
			).toBe(200);
			expect(host.executions.length).toBe(2);
		} finally {
			await host.close();
		}
	});

	test('a 10-message chatbot conversation starts 40 executions on version 1 and 10 on 1.1', async () => {
		const conversation = chatbotConversation(10);
		expect(conversation).toHaveLength(40);
		const counts: Record<string, number> = {};
		for (const version of [1, 1.1]) {
			const host = await trigger(version);
			try {
				for (const d of conversation) expect((await post(host, d.raw)).status).toBe(200);
				counts[version] = host.executions.length;
			} finally {
				await host.close();
			}
		}
		expect(counts).toEqual({ 1: 40, 1.1: 10 });
	});
});
