import type { IDataObject } from 'n8n-workflow';

import { searchBusinessPhoneNumbers } from '../../nodes/shared/methods/listSearch';
import nock from '../support/nock';
import { graph, PROOF, versionPath } from './support/graph';
import {
	changeItem,
	contractItem,
	CUSTOMER_BSUID,
	CUSTOMER_PARENT_BSUID,
	CUSTOMER_PHONE,
	CUSTOMER_TO,
	expectSend,
	INBOUND_WAMID,
	messageModeItem,
	PHONE_NUMBER_ID,
	sendAnswer,
	SENT_WAMID,
} from './support/messages';
import { createLoadOptionsContext, runNode } from './support/runner';
import { useGraphMocks } from './support/setup';

useGraphMocks();

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const toPhone = {
	recipientMode: 'phone',
	senderPhoneNumberId: byId(PHONE_NUMBER_ID),
	recipientPhoneNumber: CUSTOMER_TO,
};
const to = { recipient_type: 'individual', to: CUSTOMER_TO };

async function send(operation: string, parameters: Record<string, unknown>, items?: IDataObject[]) {
	return await runNode({ parameters: { resource: 'message', operation, ...parameters }, items });
}

describe('Message > Send Text', () => {
	it('sends to a phone number with `to` and outputs the wamid and how Meta resolved the contact', async () => {
		expectSend(
			{ ...to, type: 'text', text: { body: 'Hello', preview_url: true } },
			sendAnswer(CUSTOMER_TO, 'phone', 'accepted'),
		);
		const { items, error } = await send('sendText', {
			...toPhone,
			text: 'Hello',
			options: { previewUrl: true },
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({
			messageId: SENT_WAMID,
			messageStatus: 'accepted',
			type: 'text',
			phoneNumberId: PHONE_NUMBER_ID,
			input: CUSTOMER_TO,
			waId: CUSTOMER_PHONE,
			userId: null,
			response: sendAnswer(CUSTOMER_TO, 'phone', 'accepted'),
		});
	});

	it('sends to a BSUID with `recipient` and no `to`', async () => {
		expectSend(
			{
				recipient_type: 'individual',
				recipient: CUSTOMER_BSUID,
				type: 'text',
				text: { body: 'Hi' },
			},
			sendAnswer(CUSTOMER_BSUID, 'bsuid'),
		);
		const { items, error } = await send('sendText', {
			recipientMode: 'userId',
			senderPhoneNumberId: byId(PHONE_NUMBER_ID),
			recipientUserId: CUSTOMER_BSUID,
			text: 'Hi',
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			messageId: SENT_WAMID,
			input: CUSTOMER_BSUID,
			userId: CUSTOMER_BSUID,
			waId: null,
		});
	});

	it('sends to a parent BSUID with `recipient`', async () => {
		expectSend(
			{
				recipient_type: 'individual',
				recipient: CUSTOMER_PARENT_BSUID,
				type: 'text',
				text: { body: 'Hi' },
			},
			sendAnswer(CUSTOMER_PARENT_BSUID, 'bsuid'),
		);
		const { error } = await send('sendText', {
			recipientMode: 'parentUserId',
			senderPhoneNumberId: byId(PHONE_NUMBER_ID),
			recipientParentUserId: CUSTOMER_PARENT_BSUID,
			text: 'Hi',
		});
		expect(error).toBeUndefined();
	});

	it('quotes a message and passes tracking data', async () => {
		expectSend({
			...to,
			context: { message_id: INBOUND_WAMID },
			biz_opaque_callback_data: 'order-17',
			type: 'text',
			text: { body: 'Yes' },
		});
		const { items } = await send('sendText', {
			...toPhone,
			text: 'Yes',
			options: { quotedMessageId: INBOUND_WAMID, bizOpaqueCallbackData: 'order-17' },
		});
		expect(items[0].json.quotedMessageId).toBe(INBOUND_WAMID);
	});
});

describe('Message > reply to a trigger item', () => {
	it.each([
		['a message-mode item', messageModeItem()],
		['a per-change item of field messages', changeItem()],
		[
			"an item with the trigger's customer and messageId",
			contractItem({ phone: CUSTOMER_PHONE, userId: CUSTOMER_BSUID, parentUserId: null }),
		],
	])(
		'answers the phone number of %s from the number it arrived on, quoting it',
		async (_, item) => {
			expectSend({
				...to,
				context: { message_id: INBOUND_WAMID },
				type: 'text',
				text: { body: 'Thanks!' },
			});
			const { items, error } = await send(
				'sendText',
				{ quoteTriggerMessage: true, text: 'Thanks!' },
				[item],
			);
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({
				messageId: SENT_WAMID,
				quotedMessageId: INBOUND_WAMID,
				phoneNumberId: PHONE_NUMBER_ID,
			});
		},
	);

	it.each([
		['a message-mode item', messageModeItem({ userId: CUSTOMER_BSUID })],
		['a per-change item', changeItem({ userId: CUSTOMER_BSUID })],
		[
			"an item with the trigger's customer",
			contractItem({ phone: null, userId: CUSTOMER_BSUID, parentUserId: CUSTOMER_PARENT_BSUID }),
		],
	])('answers the BSUID of a customer known only by BSUID in %s', async (_, item) => {
		expectSend(
			{
				recipient_type: 'individual',
				recipient: CUSTOMER_BSUID,
				type: 'text',
				text: { body: 'Thanks!' },
			},
			sendAnswer(CUSTOMER_BSUID, 'bsuid'),
		);
		const { items, error } = await send('sendText', { text: 'Thanks!' }, [item]);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ userId: CUSTOMER_BSUID, waId: null });
	});

	it('answers a parent BSUID when that is all the item has', async () => {
		expectSend(
			{
				recipient_type: 'individual',
				recipient: CUSTOMER_PARENT_BSUID,
				type: 'text',
				text: { body: 'Hi' },
			},
			sendAnswer(CUSTOMER_PARENT_BSUID, 'bsuid'),
		);
		const { error } = await send('sendText', { text: 'Hi' }, [
			contractItem({ phone: null, userId: null, parentUserId: CUSTOMER_PARENT_BSUID }),
		]);
		expect(error).toBeUndefined();
	});

	it('reads the item from an expression that points elsewhere', async () => {
		expectSend({ ...to, type: 'text', text: { body: 'Hi' } });
		const { error } = await send('sendText', { text: 'Hi', triggerItem: '={{ $json.original }}' }, [
			{ original: messageModeItem() },
		]);
		expect(error).toBeUndefined();
	});

	it.each([
		[
			'an account alert item',
			{ field: 'account_alerts', wabaId: '1', value: { entity_type: 'WABA' } },
			/has no customer message/,
		],
		[
			'an item without phone number ID',
			{ kind: 'message', value: { from: CUSTOMER_PHONE, id: INBOUND_WAMID } },
			/has no phone number ID/,
		],
		['a message without sender', { ...messageModeItem({}), contact: null }, /names no customer/],
	])('refuses %s, naming Trigger Item, before any request', async (_, item, reason) => {
		const { error } = await send('sendText', { text: 'Hi' }, [item]);
		expect(error?.message).toMatch(/^Trigger Item is not a message to reply to: /);
		expect(error?.message).toMatch(reason);
	});
});

describe('Message > Send Media', () => {
	// a non-text byte makes nock hand the body over hex-encoded, as for any real file
	const FILE = Buffer.concat([
		Buffer.from('%PDF-1.4 test invoice'),
		Buffer.from([0xe2, 0xe3, 0xcf, 0xd3]),
	]);

	it('uploads binary data to the sending number, then sends its media ID with caption and file name', async () => {
		let uploaded = '';
		graph()
			.post(versionPath(`/${PHONE_NUMBER_ID}/media`), (body) => {
				uploaded = Buffer.from(String(body), 'hex').toString('latin1');
				return true;
			})
			.query({ appsecret_proof: PROOF })
			.reply(200, { id: '1037543291543636' });
		expectSend({
			...to,
			type: 'document',
			document: { id: '1037543291543636', caption: 'Your invoice', filename: 'invoice.pdf' },
		});
		const { items, error } = await runNode({
			parameters: {
				resource: 'message',
				operation: 'sendMedia',
				...toPhone,
				mediaType: 'document',
				mediaSource: 'binary',
				caption: 'Your invoice',
			},
			items: [
				{
					$binary: {
						data: {
							base64: FILE.toString('base64'),
							mimeType: 'application/pdf',
							fileName: 'invoice.pdf',
						},
					},
				},
			],
		});
		expect(error).toBeUndefined();
		expect(uploaded).toContain('name="messaging_product"\r\n\r\nwhatsapp');
		expect(uploaded).toContain('name="type"\r\n\r\napplication/pdf');
		expect(uploaded).toContain('%PDF-1.4 test invoice');
		expect(items[0].json.type).toBe('document');
	});

	it('uploads one file once per execution for the items that carry it, and each other file once', async () => {
		const uploaded: string[] = [];
		// nock offers other requests to these matchers too: only a multipart body is an upload
		const isUpload = (body: unknown) => {
			const text = Buffer.from(String(body), 'hex').toString('latin1');
			if (!text.includes('name="file"')) return false;
			uploaded.push(text);
			return true;
		};
		graph()
			.post(versionPath(`/${PHONE_NUMBER_ID}/media`), isUpload)
			.query({ appsecret_proof: PROOF })
			.reply(200, { id: '103754329154361' })
			.post(versionPath(`/${PHONE_NUMBER_ID}/media`), isUpload)
			.query({ appsecret_proof: PROOF })
			.reply(200, { id: '103754329154362' });
		const sent: unknown[] = [];
		graph()
			.post(versionPath(`/${PHONE_NUMBER_ID}/messages`), (body: { document?: unknown }) => {
				if (!body.document) return false;
				sent.push(body.document);
				return true;
			})
			.query({ appsecret_proof: PROOF })
			.times(3)
			.reply(200, sendAnswer(CUSTOMER_PHONE));
		const file = (data: Buffer) => ({
			$binary: {
				data: {
					base64: data.toString('base64'),
					mimeType: 'application/pdf',
					fileName: 'invoice.pdf',
				},
			},
		});
		const other = Buffer.concat([FILE, Buffer.from('2')]);
		const { error } = await runNode({
			parameters: {
				resource: 'message',
				operation: 'sendMedia',
				...toPhone,
				mediaType: 'document',
				mediaSource: 'binary',
			},
			items: [file(FILE), file(other), file(FILE)],
		});
		expect(error).toBeUndefined();
		expect(uploaded).toHaveLength(2);
		expect(uploaded[1]).toContain('%PDF-1.4 test invoice');
		expect(uploaded[1]).not.toEqual(uploaded[0]);
		expect(sent).toEqual([
			{ id: '103754329154361', filename: 'invoice.pdf' },
			{ id: '103754329154362', filename: 'invoice.pdf' },
			{ id: '103754329154361', filename: 'invoice.pdf' },
		]);
	});

	it.each([
		['image', { link: 'https://www.example.com/a.png', caption: 'Look' }],
		['video', { link: 'https://www.example.com/a.mp4', caption: 'Look' }],
		['audio', { link: 'https://www.example.com/a.ogg' }],
		['sticker', { link: 'https://www.example.com/a.webp' }],
	])('sends a %s from a URL (captions only where Meta takes them)', async (mediaType, media) => {
		expectSend({ ...to, type: mediaType, [mediaType]: media });
		const { error } = await send('sendMedia', {
			...toPhone,
			mediaType,
			mediaSource: 'url',
			mediaUrl: media.link,
			caption: 'Look',
		});
		expect(error).toBeUndefined();
	});

	it('sends a media ID as it is', async () => {
		expectSend({ ...to, type: 'image', image: { id: '1037543291543636' } });
		const { error } = await send('sendMedia', {
			...toPhone,
			mediaType: 'image',
			mediaSource: 'id',
			mediaId: '1037543291543636',
		});
		expect(error).toBeUndefined();
	});
});

describe('Message > Send Location, Contacts, Reaction', () => {
	it('sends a location with name and address', async () => {
		expectSend({
			...to,
			type: 'location',
			location: {
				latitude: 37.4421625,
				longitude: -122.1619496,
				name: 'Philz Coffee',
				address: '101 Forest Ave, Palo Alto, CA 94301',
			},
		});
		const { error } = await send('sendLocation', {
			...toPhone,
			latitude: 37.4421625,
			longitude: -122.1619496,
			options: { name: 'Philz Coffee', address: '101 Forest Ave, Palo Alto, CA 94301' },
		});
		expect(error).toBeUndefined();
	});

	it('sends a contact card', async () => {
		expectSend({
			...to,
			type: 'contacts',
			contacts: [
				{
					name: {
						formatted_name: 'Barbara J. Johnson',
						first_name: 'Barbara',
						last_name: 'Johnson',
					},
					phones: [{ phone: '+1 (940) 555-1234', type: 'WORK', wa_id: '19405551234' }],
					emails: [{ email: 'bjohnson@example.com', type: 'WORK' }],
					org: { company: 'Lucky Shrub', title: 'Manager' },
				},
			],
		});
		const { error } = await send('sendContacts', {
			...toPhone,
			formattedName: 'Barbara J. Johnson',
			phones: { phone: [{ phone: '+1 (940) 555-1234', type: 'WORK', wa_id: '19405551234' }] },
			options: {
				firstName: 'Barbara',
				lastName: 'Johnson',
				email: 'bjohnson@example.com',
				company: 'Lucky Shrub',
				title: 'Manager',
			},
		});
		expect(error).toBeUndefined();
	});

	it("reacts to the trigger item's message, and removes a reaction with an empty emoji", async () => {
		expectSend({ ...to, type: 'reaction', reaction: { message_id: INBOUND_WAMID, emoji: '👍' } });
		expectSend({ ...to, type: 'reaction', reaction: { message_id: INBOUND_WAMID, emoji: '' } });
		const reacted = await send('sendReaction', { emoji: '👍' }, [messageModeItem()]);
		const removed = await send('sendReaction', { reactionAction: 'remove' }, [messageModeItem()]);
		expect([reacted.error, removed.error]).toEqual([undefined, undefined]);
	});

	it('reacts to a message by ID for an explicit recipient', async () => {
		expectSend({ ...to, type: 'reaction', reaction: { message_id: INBOUND_WAMID, emoji: '🇧🇪' } });
		const { error } = await send('sendReaction', {
			...toPhone,
			emoji: '🇧🇪',
			reactToMessageId: INBOUND_WAMID,
		});
		expect(error).toBeUndefined();
	});
});

describe('Message > Send Interactive', () => {
	it('sends reply buttons with a text header and footer', async () => {
		expectSend({
			...to,
			type: 'interactive',
			interactive: {
				type: 'button',
				header: { type: 'text', text: 'Order 17' },
				body: { text: 'Change the delivery date?' },
				footer: { text: 'Lucky Shrub' },
				action: {
					buttons: [
						{ type: 'reply', reply: { id: 'yes', title: 'Yes' } },
						{ type: 'reply', reply: { id: 'No', title: 'No' } },
					],
				},
			},
		});
		const { error } = await send('sendInteractive', {
			...toPhone,
			interactiveType: 'buttons',
			headerType: 'text',
			headerText: 'Order 17',
			body: 'Change the delivery date?',
			footer: 'Lucky Shrub',
			buttons: { button: [{ title: 'Yes', id: 'yes' }, { title: 'No' }] },
		});
		expect(error).toBeUndefined();
	});

	it('sends reply buttons with an image header by media ID', async () => {
		expectSend({
			...to,
			type: 'interactive',
			interactive: {
				type: 'button',
				header: { type: 'image', image: { id: '1037543291543636' } },
				body: { text: 'Like it?' },
				action: { buttons: [{ type: 'reply', reply: { id: 'y', title: 'Yes' } }] },
			},
		});
		const { error } = await send('sendInteractive', {
			...toPhone,
			interactiveType: 'buttons',
			headerType: 'image',
			headerMedia: '1037543291543636',
			body: 'Like it?',
			buttons: { button: [{ title: 'Yes', id: 'y' }] },
		});
		expect(error).toBeUndefined();
	});

	it('groups list rows into sections by their section title', async () => {
		expectSend({
			...to,
			type: 'interactive',
			interactive: {
				type: 'list',
				header: { type: 'text', text: 'Menu' },
				body: { text: 'What can we do?' },
				action: {
					button: 'Choose',
					sections: [
						{
							title: 'Orders',
							rows: [
								{ id: 'track', title: 'Track an order', description: 'Where is my parcel?' },
								{ id: 'cancel', title: 'Cancel an order' },
							],
						},
						{ title: 'Help', rows: [{ id: 'agent', title: 'Talk to a person' }] },
					],
				},
			},
		});
		const { error } = await send('sendInteractive', {
			...toPhone,
			interactiveType: 'list',
			headerText: 'Menu',
			body: 'What can we do?',
			listButtonText: 'Choose',
			rows: {
				row: [
					{
						section: 'Orders',
						id: 'track',
						title: 'Track an order',
						description: 'Where is my parcel?',
					},
					{ section: 'Orders', id: 'cancel', title: 'Cancel an order' },
					{ section: 'Help', id: 'agent', title: 'Talk to a person' },
				],
			},
		});
		expect(error).toBeUndefined();
	});

	it('sends a call-to-action URL button', async () => {
		expectSend({
			...to,
			type: 'interactive',
			interactive: {
				type: 'cta_url',
				body: { text: 'Tap to see dates' },
				action: {
					name: 'cta_url',
					parameters: { display_text: 'See Dates', url: 'https://www.example.com/events' },
				},
			},
		});
		const { error } = await send('sendInteractive', {
			...toPhone,
			interactiveType: 'ctaUrl',
			body: 'Tap to see dates',
			ctaDisplayText: 'See Dates',
			ctaUrl: 'https://www.example.com/events',
		});
		expect(error).toBeUndefined();
	});

	it('sends a Flow that navigates to a screen with data', async () => {
		expectSend({
			...to,
			type: 'interactive',
			interactive: {
				type: 'flow',
				body: { text: 'Book a table' },
				action: {
					name: 'flow',
					parameters: {
						flow_message_version: '3',
						flow_id: '1234567890123456',
						flow_cta: 'Book!',
						flow_action: 'navigate',
						flow_token: 'session-17',
						mode: 'draft',
						flow_action_payload: { screen: 'BOOKING', data: { guests: 2 } },
					},
				},
			},
		});
		const { error } = await send('sendInteractive', {
			...toPhone,
			interactiveType: 'flow',
			body: 'Book a table',
			flowId: '1234567890123456',
			flowCta: 'Book!',
			flowOptions: {
				flowToken: 'session-17',
				mode: 'draft',
				screen: 'BOOKING',
				data: '{"guests":2}',
			},
		});
		expect(error).toBeUndefined();
	});

	it('sends a location request', async () => {
		expectSend({
			...to,
			type: 'interactive',
			interactive: {
				type: 'location_request_message',
				body: { text: 'Where should we deliver?' },
				action: { name: 'send_location' },
			},
		});
		const { error } = await send('sendInteractive', {
			...toPhone,
			interactiveType: 'locationRequest',
			body: 'Where should we deliver?',
		});
		expect(error).toBeUndefined();
	});
});

describe('Message > Mark as Read', () => {
	it("marks the trigger item's message as read with the typing indicator, from the number it arrived on", async () => {
		expectSend(
			{ status: 'read', message_id: INBOUND_WAMID, typing_indicator: { type: 'text' } },
			{ success: true },
		);
		const { items, error } = await send('markAsRead', { typingIndicator: true }, [
			changeItem({ userId: CUSTOMER_BSUID }),
		]);
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({
			success: true,
			messageId: INBOUND_WAMID,
			phoneNumberId: PHONE_NUMBER_ID,
			typingIndicator: true,
		});
	});

	it('marks a message by ID without the typing indicator', async () => {
		expectSend({ status: 'read', message_id: INBOUND_WAMID }, { success: true });
		const { items } = await send('markAsRead', {
			readMode: 'id',
			senderPhoneNumberId: byId(PHONE_NUMBER_ID),
			messageId: INBOUND_WAMID,
		});
		expect(items[0].json).toMatchObject({ success: true, typingIndicator: false });
	});

	it('refuses a status item: there is no customer message to mark', async () => {
		const status = {
			...messageModeItem(),
			kind: 'status',
			event: 'delivered',
			value: { id: 'wamid.OURS', status: 'delivered', recipient_id: CUSTOMER_PHONE },
		};
		const { error } = await send('markAsRead', {}, [status]);
		expect(error?.message).toBe(
			"Trigger Item is not a customer's message, so there is nothing to mark as read",
		);
	});
});

describe('Message: the From Phone Number picker (list mode)', () => {
	it('lists the phone numbers of every account the token can see, filtered by number or name', async () => {
		const numbers = (list: Array<[string, string]>) => ({
			data: list.map(([id, display]) => ({
				id,
				display_phone_number: display,
				verified_name: "Jasper's Market",
			})),
		});
		graph()
			.get(versionPath('/me/businesses'))
			.query({
				fields:
					'id,owned_whatsapp_business_accounts.limit(100){id,name,phone_numbers.limit(100){id,display_phone_number,verified_name}},client_whatsapp_business_accounts.limit(100){id,name,phone_numbers.limit(100){id,display_phone_number,verified_name}}',
				limit: '25',
				appsecret_proof: PROOF,
			})
			.reply(200, {
				data: [
					{
						id: '1234567890123456',
						owned_whatsapp_business_accounts: {
							data: [
								{
									id: '102290129340398',
									phone_numbers: numbers([
										[PHONE_NUMBER_ID, '+1 555-078-3881'],
										['106540352242923', '+49 30 901820'],
									]),
								},
							],
						},
						client_whatsapp_business_accounts: {
							data: [
								{
									id: '103000000000001',
									phone_numbers: numbers([[PHONE_NUMBER_ID, '+1 555-078-3881']]),
								},
							],
						},
					},
				],
				paging: { cursors: { before: 'QQ', after: 'QQ' } },
			});
		const context = createLoadOptionsContext({
			parameters: { resource: 'message', operation: 'sendText' },
		});
		const result = await searchBusinessPhoneNumbers.call(context, '555');
		expect(result).toEqual({
			results: [{ name: "+1 555-078-3881 (Jasper's Market)", value: PHONE_NUMBER_ID }],
			paginationToken: undefined,
		});
	});
});

// Issue 30, finding 4: the sending number of a reply comes from the item; it becomes the path
// of the POST, so it is checked as strictly as From Phone Number and nothing goes out otherwise.
describe("Message: a trigger item's phone number ID is checked like From Phone Number", () => {
	/** Any POST to Graph, to show that none was made. */
	const trapSends = () => graph().post(/.*/).query(true).reply(200, sendAnswer(CUSTOMER_TO));

	it.each([
		[
			'a message-mode item whose phoneNumberId is "me" (POST /me/messages)',
			{ ...messageModeItem(), phoneNumberId: 'me' },
			`Trigger Item's phoneNumberId must be a phone number ID, digits only, got "me"`,
		],
		[
			'a per-change item whose metadata names a path',
			(() => {
				const item = changeItem();
				item.value.metadata = { ...item.value.metadata, phone_number_id: '102290129340398/../me' };
				return item;
			})(),
			`Trigger Item's value.metadata.phone_number_id must be a phone number ID, digits only, got "102290129340398/../me"`,
		],
		[
			'a message-mode item without phoneNumberId whose metadata has a query',
			{
				...messageModeItem(),
				phoneNumberId: undefined,
				metadata: { phone_number_id: `${PHONE_NUMBER_ID}?fields=id` },
			},
			`Trigger Item's metadata.phone_number_id must be a phone number ID, digits only, got "${PHONE_NUMBER_ID}?fields=id"`,
		],
	])('refuses %s, and sends nothing', async (_, item, message) => {
		const trap = trapSends();
		const { error } = await send('sendText', { text: 'Hi' }, [item]);
		expect(error?.message).toBe(message);
		expect(error?.description).toMatch(/^Nothing was sent\. Point Trigger Item at/);
		expect(trap.isDone()).toBe(false);
		nock.cleanAll();
	});

	it('refuses it for Mark as Read too, and sends nothing', async () => {
		const trap = trapSends();
		const { error } = await send('markAsRead', {}, [{ ...messageModeItem(), phoneNumberId: 'me' }]);
		expect(error?.message).toBe(
			`Trigger Item's phoneNumberId must be a phone number ID, digits only, got "me"`,
		);
		expect(trap.isDone()).toBe(false);
		nock.cleanAll();
	});

	it('refuses a customer phone in the item that is not a WhatsApp ID, naming where it was read', async () => {
		const trap = trapSends();
		const item = contractItem({ phone: '1650555&to=1', userId: null, parentUserId: null });
		const { error } = await send('sendText', { text: 'Hi' }, [item]);
		expect(error?.message).toBe(
			`Trigger Item's customer.phone must be a WhatsApp ID (digits, country code first), got "1650555&to=1"`,
		);
		expect(trap.isDone()).toBe(false);
		nock.cleanAll();
	});

	it('takes a numeric phone number ID from the item as its digits', async () => {
		expectSend({ ...to, type: 'text', text: { body: 'Hi' } });
		const { error } = await send('sendText', { text: 'Hi' }, [
			{ ...messageModeItem(), phoneNumberId: Number(PHONE_NUMBER_ID) },
		]);
		expect(error).toBeUndefined();
	});
});

// Issue 30, finding 6. Meta ("WhatsApp user phone number formats", Cloud API phone numbers
// reference): "If the plus sign is omitted, your business phone number's country calling
// code is prepended to the customer's phone number." The + decides, so it is kept.
describe('Message: phone numbers as Meta reads them', () => {
	it.each([
		['+1 650-555-1234', '+16505551234'],
		['+44 20 7946 0958', '+442079460958'],
		// the UK's written trunk prefix after the country code is not dialled
		['+44 (0)20 7946 0958', '+442079460958'],
		['+49.151.23456789', '+4915123456789'],
		// without +, Meta reads a local number of the sending number's country: it stays so
		['(650) 555-1234', '6505551234'],
		['16505551234', '16505551234'],
	])('sends a typed %s as to: %s', async (typed, sent) => {
		expectSend(
			{ recipient_type: 'individual', to: sent, type: 'text', text: { body: 'Hi' } },
			sendAnswer(sent),
		);
		const { items, error } = await send('sendText', {
			...toPhone,
			recipientPhoneNumber: typed,
			text: 'Hi',
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ input: sent, waId: sent.replace('+', '') });
	});

	it.each([
		['a message-mode item (value.from)', messageModeItem()],
		['a per-change item (value.messages[0].from)', changeItem()],
		[
			"an item with the trigger's customer",
			contractItem({ phone: CUSTOMER_PHONE, userId: null, parentUserId: null }),
		],
		[
			'a status item (recipient_id)',
			{
				...messageModeItem(),
				kind: 'status',
				value: { id: 'wamid.OURS', status: 'read', recipient_id: CUSTOMER_PHONE },
			},
		],
	])('sends the WhatsApp ID of %s with its +, so Meta adds no country code', async (_, item) => {
		expectSend({
			recipient_type: 'individual',
			to: CUSTOMER_TO,
			type: 'text',
			text: { body: 'Hi' },
		});
		const { error } = await send('sendText', { text: 'Hi' }, [item]);
		expect(error).toBeUndefined();
	});

	it('leaves a BSUID from the item as it is: it is not a phone number', async () => {
		expectSend(
			{
				recipient_type: 'individual',
				recipient: CUSTOMER_BSUID,
				type: 'text',
				text: { body: 'Hi' },
			},
			sendAnswer(CUSTOMER_BSUID, 'bsuid'),
		);
		const { error } = await send('sendText', { text: 'Hi' }, [
			messageModeItem({ userId: CUSTOMER_BSUID }),
		]);
		expect(error).toBeUndefined();
	});

	it('refuses a typed number with fewer than 7 digits, naming the parameter', async () => {
		const { error } = await send('sendText', {
			...toPhone,
			recipientPhoneNumber: '+1 555',
			text: 'Hi',
		});
		expect(error?.message).toBe('Phone Number must have 7 to 15 digits, got "+1 555"');
	});
});
