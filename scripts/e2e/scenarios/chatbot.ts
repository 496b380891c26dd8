// The chatbot example (examples/whatsapp-chatbot.json) imported into the real n8n and run
// against the stateful Graph stand-in (scripts/lib/metaGraphStub.ts with its messaging model): two signed deliveries reach the trigger's production URL, one from a customer
// with a phone number writing text, one from a customer known only by a BSUID (no `from`,
// only `from_user_id`) tapping the "Order status" button. Each is marked as read with the
// typing indicator and answered quoting it, through `to` and `recipient` respectively; the
// stand-in opens the 24-hour window on each inbound message (as Meta does) and refuses
// replies outside it, so an answer that arrives proves the whole path.
import * as crypto from 'crypto';

import { MetaGraphStub } from '../../lib/metaGraphStub';
import { postSigned } from '../../lib/metaSender';
import type { Answer } from '../../lib/n8n/client';
import type { N8n } from '../../lib/n8n/instance';
import { nodeOutput, TRIGGER_TYPE } from '../../lib/n8n/workflows';
import type { Check, Step } from '../lib/checks';
import { exampleWorkflow, standInCredentials } from '../lib/exampleImport';
import { waitForHandshake } from '../lib/published';
import { inboundMessageBody } from '../../lib/deliveries';

interface Customer {
	phone?: string;
	userId: string;
	name: string;
}

const APP = {
	id: '2345678901234567',
	secret: '5f4dcc3b5aa765d61d8327deb882cf99',
	name: 'E2E Chatbot',
};
const VERIFY_TOKEN = 'e2e-chatbot-4f1c9a2e';
const WABA = '102290129340398';
const NUMBER = { id: '106540352242922', displayPhoneNumber: '15550783881' };
const PHONE_CUSTOMER: Customer = {
	phone: '16505551234',
	userId: 'US.13491208655302741918',
	name: 'Sheena Nelson',
};
const BSUID_CUSTOMER: Customer = { userId: 'US.98765432109876543210', name: 'Nora' };

/** A messages change with one inbound message, as Meta sends it (BSUID fields included). */
function delivery(customer: Customer, wamid: string, message: Record<string, unknown>): string {
	return JSON.stringify(
		inboundMessageBody({
			wabaId: WABA,
			number: NUMBER,
			customer,
			message: { id: wamid, ...message },
		}),
	);
}

export async function chatbotChecks(
	n8n: N8n,
	{ check, step }: { check: Check; step: Step },
): Promise<void> {
	step('Chatbot example (examples/whatsapp-chatbot.json) against the Graph stand-in');
	const graph = await MetaGraphStub.start();
	try {
		graph.addApp(APP);
		const token = graph.addSystemUserToken(APP.id);
		graph.addPhoneNumber(WABA, NUMBER);
		const credentials = await standInCredentials(n8n, 'Chatbot', {
			graphUrl: graph.url,
			app: APP,
			token,
			verifyToken: VERIFY_TOKEN,
		});
		const workflow = exampleWorkflow('whatsapp-chatbot.json', credentials);
		const created = await n8n.importWorkflow(workflow);
		const trigger = workflow.nodes.find((n) => n.type === TRIGGER_TYPE) as Answer;
		const url = `${n8n.baseUrl}/webhook/${trigger.webhookId}/webhook`;
		const ready = await waitForHandshake(url, VERIFY_TOKEN);
		check('chatbot: example imported and published', ready === 200, url);

		const conversations: Array<{
			who: string;
			customer: Customer;
			message: Record<string, unknown>;
			field: 'to' | 'recipient';
			/** What the reply body carries in `field`. */
			sent: string;
			/** How Meta's answer names the customer: wa_id (digits) or user_id. */
			value: string | undefined;
			answer: 'button' | 'list';
		}> = [
			{
				who: 'a customer with a phone number, writing text',
				customer: PHONE_CUSTOMER,
				message: { type: 'text', text: { body: 'Hello!' } },
				field: 'to',
				// the wa_id from the delivery goes out with its +, so Meta adds no country code
				sent: `+${PHONE_CUSTOMER.phone}`,
				value: PHONE_CUSTOMER.phone,
				answer: 'button',
			},
			{
				who: 'a customer known only by BSUID, tapping "Order status"',
				customer: BSUID_CUSTOMER,
				message: {
					type: 'interactive',
					interactive: {
						type: 'button_reply',
						button_reply: { id: 'order_status', title: 'Order status' },
					},
				},
				field: 'recipient',
				sent: BSUID_CUSTOMER.userId!,
				value: BSUID_CUSTOMER.userId,
				answer: 'list',
			},
		];
		for (const [index, c] of conversations.entries()) {
			const wamid = `wamid.E2E${crypto.randomBytes(12).toString('hex')}`;
			// Meta opens the customer-service window when the customer writes; the delivery follows
			graph.messaging.recordInbound(
				NUMBER.id,
				{ ...(c.customer.phone ? { phone: c.customer.phone } : {}), userId: c.customer.userId },
				{ wamid },
			);
			const body = delivery(c.customer, wamid, c.message);
			const res = await postSigned(url, body, APP.secret);
			const executions = await n8n.waitForExecutions(created.id, index + 1, {
				timeoutMs: 60_000,
				settleMs: 800,
			});
			const execution = executions.sort((a, b) => Number(a.id) - Number(b.id))[index];
			const read = graph.messaging.reads.find((r) => r.messageId === wamid);
			check(
				`chatbot: ${c.who}: delivery accepted, execution succeeded`,
				res.status === 200 && execution?.status === 'success',
				`${res.status}, execution ${execution?.status} ${JSON.stringify(execution?.data?.resultData?.error?.message ?? '')}`,
			);
			check(
				`chatbot: ${c.who}: marked as read with the typing indicator on the number it arrived on`,
				read?.typingIndicator === true && read.phoneNumberId === NUMBER.id,
				JSON.stringify(read ?? graph.messaging.reads),
			);
			const reply = graph.messaging.sent.find(
				(m) => (m.body as Answer).context?.message_id === wamid,
			);
			const replyBody = reply?.body as Answer;
			const other = c.field === 'to' ? 'recipient' : 'to';
			check(
				`chatbot: ${c.who}: answered through \`${c.field}\` only, quoting the message, with ${c.answer === 'button' ? 'three reply buttons' : 'a list of order actions'}`,
				reply &&
					replyBody[c.field] === c.sent &&
					replyBody[other] === undefined &&
					replyBody.type === 'interactive' &&
					replyBody.interactive.type === c.answer &&
					(c.answer === 'button'
						? replyBody.interactive.action.buttons.length === 3 &&
							replyBody.interactive.body.text.includes(c.customer.name)
						: replyBody.interactive.action.sections.flatMap((s: { rows: unknown[] }) => s.rows)
								.length === 3),
				reply
					? JSON.stringify(reply.body).slice(0, 400)
					: `no reply quoting ${wamid}; sent ${graph.messaging.sent.length}`,
			);
			const out: Array<Record<string, Answer>> =
				nodeOutput(
					execution,
					c.answer === 'button' ? 'Answer with Buttons' : 'Answer with Order List',
				) ?? [];
			check(
				`chatbot: ${c.who}: the reply node outputs the wamid and Meta's ${c.field === 'to' ? 'wa_id' : 'user_id'}`,
				out.length === 1 &&
					out[0].messageId === reply?.wamid &&
					(c.field === 'to' ? out[0].waId === c.value : out[0].userId === c.value),
				JSON.stringify(out[0] ?? {}).slice(0, 300),
			);
		}
		check(
			'chatbot: two answers and two read receipts in all, nothing refused',
			graph.messaging.sent.length === 2 && graph.messaging.reads.length === 2,
			`${graph.messaging.sent.length} sent, ${graph.messaging.reads.length} read`,
		);
	} finally {
		await graph.close();
	}
}
