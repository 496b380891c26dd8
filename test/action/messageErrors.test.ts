import type { IDataObject } from 'n8n-workflow';

import { MESSAGING_ERRORS } from '../../nodes/shared/transport/messagingErrors';
import { graph, versionPath } from './support/graph';
import {
	CUSTOMER_PHONE,
	CUSTOMER_TO,
	expectSend,
	messageModeItem,
	PHONE_NUMBER_ID,
	refuseSend,
	SENT_WAMID,
} from './support/messages';
import { runNode } from './support/runner';
import { useGraphMocks } from './support/setup';

useGraphMocks();

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const toPhone = {
	recipientMode: 'phone',
	senderPhoneNumberId: byId(PHONE_NUMBER_ID),
	recipientPhoneNumber: CUSTOMER_PHONE,
};

async function send(
	operation: string,
	parameters: Record<string, unknown>,
	options: { items?: IDataObject[]; continueOnFail?: boolean } = {},
) {
	return await runNode({
		parameters: { resource: 'message', operation, ...toPhone, ...parameters },
		...options,
	});
}

describe("Message: Meta's error codes come with a plain explanation and the fix", () => {
	const cases: Array<[number, string, RegExp]> = [
		[
			131047,
			'(#131047) Re-engagement message',
			/customer-service window is closed.*Fix: Send an approved template message/,
		],
		[131026, '(#131026) Message undeliverable', /not on WhatsApp.*Fix: Check the number/],
		[
			131049,
			'(#131049) This message was not delivered to maintain healthy ecosystem engagement.',
			/per-customer limit on marketing messages.*Fix: Do not resend at once/,
		],
		[
			131056,
			'(#131056) (Business Account, Consumer Account) pair rate limit hit',
			/this one customer.*Fix: Wait before messaging this customer again/,
		],
		[
			131062,
			'(#131062) Business-scoped User ID recipients are not supported for this message.',
			/business-scoped user ID.*Fix: Send it to the customer's phone number/,
		],
		[
			131009,
			'(#131009) Parameter value is not valid',
			/malformed phone number.*Fix: Check the value/,
		],
		[
			100,
			'(#100) Invalid parameter',
			/parameter Meta does not accept.*Fix: Check the parameter Meta's message names/,
		],
		[130429, '(#130429) Rate limit hit', /throughput.*Fix: Send more slowly/],
		[
			131053,
			'(#131053) Media upload error',
			/could not use the media.*Fix: Use a public https link/,
		],
		[
			368,
			'(#368) Temporarily blocked for policies violations',
			/broke a WhatsApp policy.*Fix: See WhatsApp Manager/,
		],
	];

	it.each(cases)(
		'%i: the item says what happened and what to do',
		async (code, message, explained) => {
			refuseSend(code, message, "Meta's own detail text.");
			const { items, error } = await send('sendText', { text: 'Hi' }, { continueOnFail: true });
			expect(error).toBeUndefined();
			const entry = MESSAGING_ERRORS.get(code)!;
			expect(items[0].json).toMatchObject({
				code,
				explanation: entry.explanation,
				fix: entry.fix,
				details: "Meta's own detail text.",
			});
			expect(String(items[0].json.description)).toMatch(explained);
			expect(String(items[0].json.description)).toContain(
				"Meta's details: Meta's own detail text.",
			);
		},
	);

	it('stops the node with the explanation when it does not continue on fail', async () => {
		refuseSend(
			131047,
			'(#131047) Re-engagement message',
			'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
		);
		const { error } = await send('sendText', { text: 'Hi' });
		expect(error?.description).toMatch(
			/24 hours have passed.*Fix: Send an approved template message/,
		);
		expect(error?.context).toMatchObject({ graphErrorCode: 131047 });
	});
});

describe('Message: continue on fail', () => {
	it('one failed item never stops the others, and each output item pairs with its input', async () => {
		const other = messageModeItem({ phone: '4915123456789' });
		graph()
			.post(
				versionPath(`/${PHONE_NUMBER_ID}/messages`),
				(body: { to?: string }) => body.to === CUSTOMER_TO,
			)
			.query(true)
			.reply(400, {
				error: {
					message: '(#131047) Re-engagement message',
					type: 'OAuthException',
					code: 131047,
					fbtrace_id: 'AbC',
				},
			});
		expectSend({
			recipient_type: 'individual',
			// a trigger item's number is a WhatsApp ID: sent with its plus sign
			to: '+4915123456789',
			type: 'text',
			text: { body: 'Hi' },
		});
		const { items, error } = await runNode({
			parameters: { resource: 'message', operation: 'sendText', text: 'Hi' },
			items: [messageModeItem(), { not: 'a message' }, other],
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(
			items.map((i) => [i.pairedItem, i.json.code ?? i.json.messageId ?? i.json.error]),
		).toEqual([
			[{ item: 0 }, 131047],
			[
				{ item: 1 },
				'Trigger Item is not a message to reply to: it has no customer message (expected a messages item of the trigger)',
			],
			[{ item: 2 }, SENT_WAMID],
		]);
	});
});

describe('Message: what Meta would refuse is refused before the request, naming the parameter', () => {
	const long = (n: number) => 'x'.repeat(n);
	const button = (title: string, id = title) => ({ title, id });
	const row = (title: string, extra: Record<string, string> = {}) => ({
		title,
		id: title,
		...extra,
	});
	const interactive = (extra: Record<string, unknown>) => ({
		interactiveType: 'buttons',
		body: 'Pick one',
		buttons: { button: [button('A')] },
		...extra,
	});
	const list = (rows: unknown[], extra: Record<string, unknown> = {}) => ({
		interactiveType: 'list',
		body: 'Pick',
		listButtonText: 'Choose',
		rows: { row: rows },
		...extra,
	});

	const cases: Array<[string, string, Record<string, unknown>, string]> = [
		[
			'text over 4096',
			'sendText',
			{ text: long(4097) },
			'Text is 4097 characters; WhatsApp allows at most 4096',
		],
		['empty text', 'sendText', { text: '  ' }, 'Text is empty'],
		[
			'a phone number with letters',
			'sendText',
			{ text: 'Hi', recipientPhoneNumber: 'call me' },
			'Phone Number must be a phone number such as +16505551234 (+, country code, number), got "call me"',
		],
		[
			'a malformed BSUID',
			'sendText',
			{ text: 'Hi', recipientMode: 'userId', recipientUserId: '13491208655302741918' },
			'User ID (BSUID) must look like "US.13491208655302741918" (country code, period, ID), got "13491208655302741918"',
		],
		[
			'a sender that is not an ID',
			'sendText',
			{ text: 'Hi', senderPhoneNumberId: byId('={{ "+1 555" }}') },
			'From Phone Number must be a phone number ID, digits only, got "+1 555"',
		],
		[
			'tracking data over 512',
			'sendText',
			{ text: 'Hi', options: { bizOpaqueCallbackData: long(513) } },
			'Tracking Data is 513 characters; WhatsApp allows at most 512',
		],
		[
			'caption over 1024',
			'sendMedia',
			{
				mediaType: 'image',
				mediaSource: 'url',
				mediaUrl: 'https://www.example.com/a.png',
				caption: long(1025),
			},
			'Caption is 1025 characters; WhatsApp allows at most 1024',
		],
		[
			'a media URL that is not http(s)',
			'sendMedia',
			{ mediaType: 'image', mediaSource: 'url', mediaUrl: 'file:///etc/passwd' },
			'Media URL must be an http or https URL, got "file:///etc/passwd"',
		],
		[
			'a media ID that is not digits',
			'sendMedia',
			{ mediaType: 'image', mediaSource: 'id', mediaId: 'abc' },
			'Media ID must be digits only, got "abc"',
		],
		[
			'a media URL with a space in its host',
			'sendMedia',
			{ mediaType: 'image', mediaSource: 'url', mediaUrl: 'https://cdn example.com/a.png' },
			'Media URL must be an http or https URL, got "https://cdn example.com/a.png"',
		],
		[
			'a header media neither a media ID nor a link',
			'sendInteractive',
			interactive({ headerType: 'image', headerMedia: 'menu.png' }),
			'Header Media must be an http or https URL, got "menu.png"',
		],
		[
			'a header media link that is not http(s)',
			'sendInteractive',
			interactive({ headerType: 'image', headerMedia: 'ftp://files.example.com/menu.png' }),
			'Header Media must be an http or https URL, got "ftp://files.example.com/menu.png"',
		],
		[
			'no buttons',
			'sendInteractive',
			interactive({ buttons: {} }),
			'Buttons has 0 buttons; WhatsApp takes 1 to 3',
		],
		[
			'a button title over 20',
			'sendInteractive',
			interactive({ buttons: { button: [button(long(21), 'a')] } }),
			'Buttons 1: Title is 21 characters; WhatsApp allows at most 20',
		],
		[
			'a button ID over 256',
			'sendInteractive',
			interactive({ buttons: { button: [button('A', long(257))] } }),
			'Buttons 1: ID is 257 characters; WhatsApp allows at most 256',
		],
		[
			'two buttons with one title',
			'sendInteractive',
			interactive({ buttons: { button: [button('A', 'a'), button('A', 'b')] } }),
			'Buttons 2: Title "A" is used twice; button titles must differ',
		],
		[
			'interactive body over 1024',
			'sendInteractive',
			interactive({ body: long(1025) }),
			'Body is 1025 characters; WhatsApp allows at most 1024',
		],
		[
			'header over 60',
			'sendInteractive',
			interactive({ headerType: 'text', headerText: long(61) }),
			'Header Text is 61 characters; WhatsApp allows at most 60',
		],
		[
			'footer over 60',
			'sendInteractive',
			interactive({ footer: long(61) }),
			'Footer is 61 characters; WhatsApp allows at most 60',
		],
		[
			'11 list rows',
			'sendInteractive',
			list(Array.from({ length: 11 }, (_, i) => row(`r${i}`))),
			'The list has 11 rows; a WhatsApp list takes 1 to 10 in all',
		],
		[
			'a row title over 24',
			'sendInteractive',
			list([row(long(25))]),
			'Rows 1: Title is 25 characters; WhatsApp allows at most 24',
		],
		[
			'a row description over 72',
			'sendInteractive',
			list([row('a', { description: long(73) })]),
			'Rows 1: Description is 73 characters; WhatsApp allows at most 72',
		],
		[
			'a row ID over 200',
			'sendInteractive',
			list([{ title: 'a', id: long(201) }]),
			'Rows 1: ID is 201 characters; WhatsApp allows at most 200',
		],
		[
			'a section title over 24',
			'sendInteractive',
			list([row('a', { section: long(25) })]),
			'Rows 1: Section is 25 characters; WhatsApp allows at most 24',
		],
		[
			'sections without titles',
			'sendInteractive',
			list([row('a', { section: 'One' }), row('b')]),
			'Every section needs a title when the list has several sections',
		],
		[
			'a list button over 20',
			'sendInteractive',
			list([row('a')], { listButtonText: long(21) }),
			'Button Text is 21 characters; WhatsApp allows at most 20',
		],
		[
			'a CTA label over 20',
			'sendInteractive',
			{
				interactiveType: 'ctaUrl',
				body: 'Go',
				ctaDisplayText: long(21),
				ctaUrl: 'https://www.example.com',
			},
			'Button Text is 21 characters; WhatsApp allows at most 20',
		],
		[
			'a CTA URL that is not http(s)',
			'sendInteractive',
			{
				interactiveType: 'ctaUrl',
				body: 'Go',
				ctaDisplayText: 'Go',
				ctaUrl: 'javascript:alert(1)',
			},
			'URL must be an http or https URL, got "javascript:alert(1)"',
		],
		[
			'a Flow ID that is not digits',
			'sendInteractive',
			{ interactiveType: 'flow', body: 'Go', flowId: 'my-flow', flowCta: 'Go' },
			'Flow ID must be digits only, got "my-flow"',
		],
		[
			'Flow data that is not an object',
			'sendInteractive',
			{
				interactiveType: 'flow',
				body: 'Go',
				flowId: '1',
				flowCta: 'Go',
				flowOptions: { data: '[1]' },
			},
			'Flow Options > Initial Data (JSON) must be a JSON object',
		],
		[
			'a reaction that is not one emoji',
			'sendReaction',
			{ emoji: 'ok', reactToMessageId: 'wamid.X' },
			'Emoji must be exactly one emoji, got "ok"',
		],
		[
			'two emoji',
			'sendReaction',
			{ emoji: '👍👍', reactToMessageId: 'wamid.X' },
			'Emoji must be exactly one emoji, got "👍👍"',
		],
		[
			'a latitude out of range',
			'sendLocation',
			{ latitude: 91, longitude: 0 },
			'Latitude must be a number from -90 to 90',
		],
	];

	it('four buttons: n8n itself refuses to run the node (the editor allows three)', async () => {
		const { error } = await send(
			'sendInteractive',
			interactive({ buttons: { button: [button('A'), button('B'), button('C'), button('D')] } }),
			{ continueOnFail: true },
		);
		expect(error?.message).toMatch(/node has issues/);
	});

	it.each(cases)('%s', async (_, operation, parameters, message) => {
		// no Graph mock: a request would fail the test (nock refuses and reports unused mocks)
		const { items, error } = await send(operation, parameters, { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items[0].json.error).toBe(message);
	});
});
