// Meta's Messages API as nock mocks: POST /{phone-number-id}/messages answered with Meta's
// documented success body, and trigger items of the shapes the Message resource replies to.
import { graph, graphError, PROOF, versionPath } from './graph';

export const PHONE_NUMBER_ID = '106540352242922';
/** The customer's WhatsApp ID, as webhooks carry it (`wa_id`, `from`): digits, country code first. */
export const CUSTOMER_PHONE = '16505551234';
/** The same number as the node sends it in `to`: E.164, with the plus sign Meta asks for. */
export const CUSTOMER_TO = `+${CUSTOMER_PHONE}`;
export const CUSTOMER_BSUID = 'US.13491208655302741918';
export const CUSTOMER_PARENT_BSUID = 'US.ENT.11815799212886844830';
export const INBOUND_WAMID = 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=';
export const SENT_WAMID = 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA';

/** Meta's success body: the contact as resolved (wa_id for a phone, user_id for a BSUID) and the wamid. */
export function sendAnswer(
	input: string,
	kind: 'phone' | 'bsuid' = 'phone',
	messageStatus?: string,
) {
	return {
		messaging_product: 'whatsapp',
		contacts: [
			kind === 'phone' ? { input, wa_id: input.replace(/[^0-9]/g, '') } : { input, user_id: input },
		],
		messages: [{ id: SENT_WAMID, ...(messageStatus ? { message_status: messageStatus } : {}) }],
	};
}

/** Expects one send with exactly this body, and records it. */
export function expectSend(
	body: Record<string, unknown>,
	answer: unknown = sendAnswer(CUSTOMER_TO),
	phoneNumberId = PHONE_NUMBER_ID,
) {
	return graph()
		.post(versionPath(`/${phoneNumberId}/messages`), { messaging_product: 'whatsapp', ...body })
		.query({ appsecret_proof: PROOF })
		.reply(200, answer);
}

/** Expects one send (any body) that Meta refuses with this code. */
export function refuseSend(
	code: number,
	message: string,
	details?: string,
	phoneNumberId = PHONE_NUMBER_ID,
) {
	return graph()
		.post(versionPath(`/${phoneNumberId}/messages`))
		.query({ appsecret_proof: PROOF })
		.reply(
			400,
			graphError(code, message, {
				...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}),
			}),
		);
}

const inboundText = (from: Record<string, string>) => ({
	...from,
	id: INBOUND_WAMID,
	timestamp: '1749416383',
	type: 'text',
	text: { body: 'menu' },
});

/** The trigger's message-mode item (Output: one item per message) as it is emitted today. */
export function messageModeItem(
	customer: { phone?: string; userId?: string } = { phone: CUSTOMER_PHONE },
) {
	const from = {
		...(customer.phone ? { from: customer.phone } : {}),
		...(customer.userId ? { from_user_id: customer.userId } : {}),
	};
	const contact = {
		profile: { name: 'Sheena Nelson' },
		...(customer.phone ? { wa_id: customer.phone } : {}),
		...(customer.userId ? { user_id: customer.userId } : {}),
	};
	return {
		field: 'messages',
		wabaId: '102290129340398',
		time: 1749416383,
		phoneNumberId: PHONE_NUMBER_ID,
		displayPhoneNumber: '15550783881',
		kind: 'message',
		event: 'text',
		contact,
		metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
		value: inboundText(from),
		validation: { valid: true, issues: [] },
		dedupKey: `messages:message:${INBOUND_WAMID}`,
	};
}

/** The trigger's default per-change item of field messages. */
export function changeItem(
	customer: { phone?: string; userId?: string } = { phone: CUSTOMER_PHONE },
) {
	const one = messageModeItem(customer);
	return {
		field: 'messages',
		wabaId: '102290129340398',
		time: 1749416383,
		event: 'text',
		value: {
			messaging_product: 'whatsapp',
			metadata: one.metadata,
			contacts: [one.contact],
			messages: [one.value],
		},
		validation: { valid: true, issues: [] },
		dedupKey: 'messages:change:abc',
	};
}

/** A message-mode item with the trigger's reply fields (`customer`, `messageId`). */
export function contractItem(customer: {
	phone: string | null;
	userId: string | null;
	parentUserId: string | null;
}) {
	return {
		...messageModeItem({}),
		messageId: INBOUND_WAMID,
		customer: { ...customer, username: null, name: 'Sheena Nelson' },
	};
}
