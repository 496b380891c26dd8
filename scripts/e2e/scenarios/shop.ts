// The shop example (examples/whatsapp-shop.json) imported into the real n8n and run against the
// stateful Graph stand-in with a catalog connected to the account (scripts/lib/metaGraphCommerce.ts):
// a customer writes "Menu" and gets the product list from the catalog; the same customer sends
// a cart, which the trigger turns into typed line items with a total: the order is confirmed in
// the chat, quoting it, and Order Lines outputs one item per product (`line`, beside the message
// ID and the customer).
import * as crypto from 'crypto';

import { MetaGraphStub } from '../../lib/metaGraphStub';
import { postSigned } from '../../lib/metaSender';
import type { Answer } from '../../lib/n8n/client';
import type { N8n } from '../../lib/n8n/instance';
import { nodeOutput, TRIGGER_TYPE } from '../../lib/n8n/workflows';
import { inboundMessageBody } from '../../lib/deliveries';
import type { Check, Step } from '../lib/checks';
import { exampleWorkflow, standInCredentials } from '../lib/exampleImport';
import { waitForHandshake } from '../lib/published';

const APP = {
	id: '3456789012345678',
	secret: '9e107d9d372bb6826bd81d3542a419d6',
	name: 'E2E Shop',
};
const VERIFY_TOKEN = 'e2e-shop-7d2b41c0';
const WABA = '102290129340398';
const NUMBER = { id: '106540352242922', displayPhoneNumber: '15550783881' };
const CATALOG = '194836987003835';
const CUSTOMER = { phone: '16505551234', userId: 'US.13491208655302741918', name: 'Sheena Nelson' };

/** A messages change with one inbound message from the customer, as Meta sends it. */
function delivery(wamid: string, message: Record<string, unknown>): string {
	return JSON.stringify(
		inboundMessageBody({
			wabaId: WABA,
			number: NUMBER,
			customer: CUSTOMER,
			message: { id: wamid, ...message },
		}),
	);
}

export async function shopChecks(
	n8n: N8n,
	{ check, step }: { check: Check; step: Step },
): Promise<void> {
	step('Shop example (examples/whatsapp-shop.json) against the Graph stand-in');
	const graph = await MetaGraphStub.start();
	try {
		graph.addApp(APP);
		const token = graph.addSystemUserToken(APP.id);
		graph.addPhoneNumber(WABA, NUMBER);
		graph.commerce.addCatalog(WABA, CATALOG, ['di9ozbzfi4', 'nqryix03ez', 'tea-green']);
		const credentials = await standInCredentials(n8n, 'Shop', {
			graphUrl: graph.url,
			app: APP,
			token,
			verifyToken: VERIFY_TOKEN,
		});
		const workflow = exampleWorkflow('whatsapp-shop.json', credentials);
		const created = await n8n.importWorkflow(workflow);
		const trigger = workflow.nodes.find((n) => n.type === TRIGGER_TYPE) as Answer;
		const url = `${n8n.baseUrl}/webhook/${trigger.webhookId}/webhook`;
		const ready = await waitForHandshake(url, VERIFY_TOKEN);
		check('shop: example imported and published', ready === 200, url);

		const customer = { phone: CUSTOMER.phone, userId: CUSTOMER.userId };
		const send = async (index: number, message: Record<string, unknown>) => {
			const wamid = `wamid.E2E${crypto.randomBytes(12).toString('hex')}`;
			// Meta opens the customer-service window when the customer writes; the delivery follows
			graph.messaging.recordInbound(NUMBER.id, customer, { wamid });
			const res = await postSigned(url, delivery(wamid, message), APP.secret);
			const executions = await n8n.waitForExecutions(created.id, index + 1, {
				timeoutMs: 60_000,
				settleMs: 800,
			});
			const execution = executions.sort((a, b) => Number(a.id) - Number(b.id))[index];
			return { wamid, res, execution };
		};

		const menu = await send(0, { type: 'text', text: { body: 'Menu' } });
		const list = graph.messaging.sent.find(
			(m) => (m.body.interactive as Answer | undefined)?.type === 'product_list',
		);
		const listBody = list?.body as Answer;
		check(
			'shop: "Menu" gets the product list from the catalog, to the customer who wrote',
			menu.res.status === 200 &&
				menu.execution?.status === 'success' &&
				listBody?.to === `+${CUSTOMER.phone}` &&
				listBody?.interactive?.action?.catalog_id === CATALOG &&
				listBody?.interactive?.action?.sections?.length === 2 &&
				nodeOutput(menu.execution, 'Send Menu')?.[0]?.messageId === list?.wamid,
			JSON.stringify(listBody ?? graph.messaging.sent.map((m) => m.body)).slice(0, 400),
		);

		const order = await send(1, {
			type: 'order',
			order: {
				catalog_id: CATALOG,
				text: 'Before noon, please',
				product_items: [
					{ product_retailer_id: 'di9ozbzfi4', quantity: 2, item_price: 7.99, currency: 'USD' },
					{ product_retailer_id: 'tea-green', quantity: 1, item_price: 4.5, currency: 'USD' },
				],
			},
		});
		const confirmation = graph.messaging.sent.find(
			(m) => (m.body as Answer).context?.message_id === order.wamid,
		);
		const text = String((confirmation?.body as Answer | undefined)?.text?.body ?? '');
		check(
			'shop: the order is confirmed quoting it, line by line with its total',
			order.res.status === 200 &&
				order.execution?.status === 'success' &&
				text ===
					'Thank you, Sheena Nelson! Your order:\n2 × di9ozbzfi4: 15.98 USD\n1 × tea-green: 4.50 USD\nTotal: 20.48 USD',
			JSON.stringify(text || order.execution?.data?.resultData?.error?.message || ''),
		);
		const lines = nodeOutput(order.execution, 'Order Lines') ?? [];
		check(
			'shop: Order Lines makes one item per product, with the customer and the order message',
			lines.length === 2 &&
				JSON.stringify(
					lines.map((l) => {
						const line = l.line as Answer;
						return [line?.productRetailerId, line?.quantity, line?.amount];
					}),
				) === '[["di9ozbzfi4",2,15.98],["tea-green",1,4.5]]' &&
				lines.every(
					(l) =>
						l.messageId === order.wamid &&
						(l.customer as Answer | undefined)?.phone === CUSTOMER.phone,
				),
			JSON.stringify(lines).slice(0, 400),
		);
		check(
			'shop: two messages sent in all, nothing refused',
			graph.messaging.sent.length === 2,
			`${graph.messaging.sent.length} sent`,
		);
	} finally {
		await graph.close();
	}
}
