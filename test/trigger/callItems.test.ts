/**
 * Calls in the trigger, Output "One Item per Message or Status": each call event and each call
 * status of a calls change is an item with the call ID, the direction, the customer (phone
 * and/or BSUID), the event and the SDP the media system needs; an answer to a call permission
 * request is a message item that says whether permission was granted and until when. The
 * deliveries are the fixtures reproducing Meta's documented examples.
 */
import { processDelivery } from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/processDelivery';
import {
	DEFAULT_DELIVERY_OPTIONS,
	type OutputMode,
} from '../../nodes/WhatsAppBusinessAccountTrigger/delivery/options';
import { signBody } from '../../nodes/shared/webhook/signature';
import { fixture } from './support';

const SECRET = 'call-items-test-secret';

function items(file: string, outputMode: OutputMode = 'message'): Array<Record<string, any>> {
	const raw = fixture(file);
	const result = processDelivery(raw, { 'x-hub-signature-256': signBody(raw, SECRET) }, SECRET, {
		...DEFAULT_DELIVERY_OPTIONS,
		outputMode,
	});
	expect(result.status).toBe(200);
	return JSON.parse(JSON.stringify(result.outputs?.[0] ?? [])) as Array<Record<string, any>>;
}

const customer = (
	phone: string | null,
	name: string | null,
	userId: string | null = null,
	parentUserId: string | null = null,
) => ({
	phone,
	userId,
	parentUserId,
	username: null,
	name,
});

describe('calls changes, one item per call event or status', () => {
	it('a user-initiated connect carries the caller and the SDP offer', () => {
		const [item, ...rest] = items('webhooks/calls/connect-user-initiated.json');
		expect(rest).toEqual([]);
		expect(item).toMatchObject({
			field: 'calls',
			kind: 'call',
			event: 'connect',
			callId: 'wacid.HBgLMTY1MDU1NTEyMzQVAgARGCAyODRQIAFRoA',
			direction: 'USER_INITIATED',
			phoneNumberId: '106540352242922',
			displayPhoneNumber: '15550783881',
			customer: customer('16505551234', 'Sheena Nelson'),
			sdpAnswer: null,
			validation: { valid: true },
		});
		expect(item.sdpOffer).toMatch(/^v=0\r\n/);
		expect(item.sdpOffer).toContain('m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n');
		expect(item.dedupKey).toMatch(/^calls:calls:/);
	});

	it('a terminate carries no SDP, and its value keeps the duration', () => {
		const [item] = items('webhooks/calls/terminate.json');
		expect(item).toMatchObject({
			kind: 'call',
			event: 'terminate',
			direction: 'USER_INITIATED',
			customer: customer('16505551234', 'Sheena Nelson'),
			sdpOffer: null,
			sdpAnswer: null,
			value: { status: 'COMPLETED', duration: 110 },
		});
	});

	it('a status of a business-initiated call names the callee, by BSUID too', () => {
		const [ringing] = items('webhooks/calls/status-ringing.json');
		expect(ringing).toMatchObject({
			kind: 'call_status',
			event: 'RINGING',
			callId: 'wacid.HBgLMTIxODU1NTI4MjgVAgARGCAyODRQIAFRoA',
			direction: 'BUSINESS_INITIATED',
			customer: customer('12185552828', null),
			value: { biz_opaque_callback_data: 'TRx334DUDFTI4Mj' },
		});
		const [accepted] = items('webhooks/calls/status-accepted-bsuid.json');
		expect(accepted).toMatchObject({
			event: 'ACCEPTED',
			customer: customer(
				'163155536021',
				null,
				'US.13491208655302741918',
				'US.ENT.11815799212886844830',
			),
		});
	});

	it('two deliveries of the same event have one key; another event of the call another', () => {
		const [connect] = items('webhooks/calls/connect-user-initiated.json');
		const [again] = items('webhooks/calls/connect-user-initiated.json');
		const [terminate] = items('webhooks/calls/terminate.json');
		expect(again.dedupKey).toBe(connect.dedupKey);
		expect(terminate.dedupKey).not.toBe(connect.dedupKey);
	});

	it('Output One Item per Change keeps a calls change one item, as before', () => {
		const [item, ...rest] = items('webhooks/calls/connect-user-initiated.json', 'change');
		expect(rest).toEqual([]);
		expect(item).toMatchObject({ field: 'calls', event: 'connect' });
		expect(item.callId).toBeUndefined();
	});
});

describe('call permission replies', () => {
	it('a message item says the permission was granted, not permanent, until when, by whom', () => {
		const [item] = items('webhooks/messages/interactive-call-permission-reply.json');
		expect(item).toMatchObject({
			kind: 'message',
			event: 'interactive',
			customer: { phone: '16505551234' },
			callPermission: {
				granted: true,
				permanent: false,
				expiresAt: new Date(1750021183 * 1000).toISOString(),
				source: 'user_action',
			},
		});
	});

	it('a refusal says not granted, with no expiry', () => {
		const raw = fixture('webhooks/messages/interactive-call-permission-reply.json')
			.toString('utf8')
			.replace('"response": "accept"', '"response": "reject"')
			.replace(/\s*"expiration_timestamp": \d+,/, '');
		const result = processDelivery(
			Buffer.from(raw),
			{ 'x-hub-signature-256': signBody(Buffer.from(raw), SECRET) },
			SECRET,
			{ ...DEFAULT_DELIVERY_OPTIONS, outputMode: 'message' },
		);
		const [item] = JSON.parse(JSON.stringify(result.outputs?.[0] ?? [])) as Array<
			Record<string, any>
		>;
		expect(item.callPermission).toEqual({
			granted: false,
			permanent: false,
			expiresAt: null,
			source: 'user_action',
		});
	});

	it('other messages carry no callPermission key', () => {
		const text = items('webhooks/messages/text.json');
		expect(text.length).toBeGreaterThan(0);
		for (const item of text) expect(item).not.toHaveProperty('callPermission');
	});
});
