// Message > Send Contact Info Request: the interactive request_contact_info (the body text is the
// only part a business writes; WhatsApp adds its Share contact info button), sent like every
// other message, as Meta's Cloud API takes it (the shape Kapso's v24.0 proxy and Gupshup's Cloud
// API passthrough document).
import type { IDataObject } from 'n8n-workflow';

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
		type: 'request_contact_info',
		action: { name: 'request_contact_info' },
		body: { text },
	},
});

const send = (parameters: Record<string, unknown>, items?: IDataObject[]) =>
	runNode({
		parameters: { resource: 'message', operation: 'sendContactInfoRequest', ...parameters },
		items,
	});

describe('Message > Send Contact Info Request', () => {
	it('sends the interactive request to a phone number', async () => {
		const text = 'Please share your phone number so we can call you back.';
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

	it('asks a customer known by BSUID only (the reason to ask), answering the trigger item', async () => {
		expectSend(
			{
				recipient_type: 'individual',
				recipient: CUSTOMER_BSUID,
				...interactive('May we have your number?'),
			},
			sendAnswer(CUSTOMER_BSUID, 'bsuid'),
		);
		const { error } = await send(
			{
				recipientMode: 'triggerItem',
				triggerItem: '={{ $json }}',
				text: 'May we have your number?',
			},
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
});
