// Message > Send Call Permission Request: Meta's interactive call_permission_request (the
// body text is the only part a business writes), sent like every other message.
import type { IDataObject } from 'n8n-workflow';

import { graph, graphError, PROOF, versionPath } from './support/graph';
import {
	CUSTOMER_BSUID,
	CUSTOMER_TO,
	expectSend,
	messageModeItem,
	PHONE_NUMBER_ID,
	sendAnswer,
	SENT_WAMID,
} from './support/messages';
import { runNode } from './support/runner';
import { useGraphMocks } from './support/setup';

useGraphMocks();

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const interactive = (text: string) => ({
	type: 'interactive',
	interactive: {
		type: 'call_permission_request',
		action: { name: 'call_permission_request' },
		body: { text },
	},
});

const send = (parameters: Record<string, unknown>, items?: IDataObject[]) =>
	runNode({
		parameters: { resource: 'message', operation: 'sendCallPermissionRequest', ...parameters },
		items,
	});

describe('Message > Send Call Permission Request', () => {
	it('sends the interactive request to a phone number', async () => {
		const text = 'We would like to call you about your order ON-12853.';
		expectSend({ recipient_type: 'individual', to: CUSTOMER_TO, ...interactive(text) });
		const { items, error } = await send({
			recipientMode: 'phone',
			senderPhoneNumberId: byId(PHONE_NUMBER_ID),
			recipientPhoneNumber: CUSTOMER_TO,
			text,
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ messageId: SENT_WAMID, type: 'interactive' });
	});

	it('answers a trigger item, to a customer known by BSUID only', async () => {
		expectSend(
			{
				recipient_type: 'individual',
				recipient: CUSTOMER_BSUID,
				...interactive('May we call you?'),
			},
			sendAnswer(CUSTOMER_BSUID, 'bsuid'),
		);
		const { error } = await send(
			{ recipientMode: 'triggerItem', triggerItem: '={{ $json }}', text: 'May we call you?' },
			[messageModeItem({ userId: CUSTOMER_BSUID })],
		);
		expect(error).toBeUndefined();
	});

	it('refuses an empty text and one over 1024 characters before sending', async () => {
		const base = {
			recipientMode: 'phone',
			senderPhoneNumberId: byId(PHONE_NUMBER_ID),
			recipientPhoneNumber: CUSTOMER_TO,
		};
		expect((await send({ ...base, text: '   ' })).error?.message).toBe('Text is empty');
		expect((await send({ ...base, text: 'x'.repeat(1025) })).error?.message).toBe(
			'Text is 1025 characters; WhatsApp allows at most 1024',
		);
	});

	it("surfaces Meta's refusal outside the customer-service window (131047) with its fix", async () => {
		graph()
			.post(versionPath(`/${PHONE_NUMBER_ID}/messages`))
			.query({ appsecret_proof: PROOF })
			.reply(400, graphError(131047, 'Re-engagement message'));
		const { items } = await runNode({
			parameters: {
				resource: 'message',
				operation: 'sendCallPermissionRequest',
				recipientMode: 'phone',
				senderPhoneNumberId: byId(PHONE_NUMBER_ID),
				recipientPhoneNumber: CUSTOMER_TO,
				text: 'May we call you?',
			},
			continueOnFail: true,
		});
		expect(items[0].json).toMatchObject({ code: 131047 });
		expect(String(items[0].json.fix)).toMatch(/template/);
	});
});
