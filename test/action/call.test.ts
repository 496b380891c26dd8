// The Call resource (Meta's Calling API): every call action is POST /{phone-number-id}/calls
// with its `action`; the permission read and the calling settings. Mocks are shaped as Meta's
// Calling API reference shows its answers and errors.
import type { IDataObject } from 'n8n-workflow';
import type nock from 'nock';

import { graph, graphError, PROOF, versionPath } from './support/graph';
import { runNode } from './support/runner';
import { useGraphMocks } from './support/setup';

useGraphMocks();

const PHONE_NUMBER_ID = '106540352242922';
const CALL_ID = 'wacid.HBgLMTY1MDU1NTEyMzQVAgARGCAyODRQIAFRoA';
/** An SDP as a media system hands it over, here with bare LF line ends as expressions leave them. */
const SDP_LF =
	'v=0\no=- 7669997803033704573 2 IN IP4 127.0.0.1\ns=-\nt=0 0\na=group:BUNDLE audio\nm=audio 9 UDP/TLS/RTP/SAVPF 111\nc=IN IP4 0.0.0.0\na=rtpmap:111 opus/48000/2';
const SDP_CRLF = `${SDP_LF.split('\n').join('\r\n')}\r\n`;
const SUCCESS = { messaging_product: 'whatsapp', success: true };

const run = (operation: string, parameters: Record<string, unknown> = {}, continueOnFail = false) =>
	runNode({
		parameters: { resource: 'call', operation, phoneNumberId: PHONE_NUMBER_ID, ...parameters },
		continueOnFail,
	});

function expectCallAction(body: nock.DataMatcherMap, answer: IDataObject = SUCCESS, status = 200) {
	return graph()
		.post(versionPath(`/${PHONE_NUMBER_ID}/calls`), body)
		.query({ appsecret_proof: PROOF })
		.reply(status, answer);
}

describe('Call actions on a user-initiated call', () => {
	it('Pre-Accept sends the SDP answer with CRLF line ends', async () => {
		expectCallAction({
			messaging_product: 'whatsapp',
			call_id: CALL_ID,
			action: 'pre_accept',
			session: { sdp_type: 'answer', sdp: SDP_CRLF },
		});
		const { items, error } = await run('preAccept', { callId: CALL_ID, sdp: SDP_LF });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([{ callId: CALL_ID, ...SUCCESS }]);
	});

	it('Accept sends the SDP answer and the tracking data', async () => {
		expectCallAction({
			messaging_product: 'whatsapp',
			call_id: CALL_ID,
			action: 'accept',
			session: { sdp_type: 'answer', sdp: SDP_CRLF },
			biz_opaque_callback_data: 'ticket-42',
		});
		const { items, error } = await run('accept', {
			callId: ` ${CALL_ID} `,
			sdp: SDP_CRLF,
			options: { bizOpaqueCallbackData: 'ticket-42' },
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ callId: CALL_ID, ...SUCCESS });
	});

	it.each(['reject', 'terminate'])('%s sends only the call ID and the action', async (action) => {
		expectCallAction({ messaging_product: 'whatsapp', call_id: CALL_ID, action });
		const { items, error } = await run(action, { callId: CALL_ID });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ callId: CALL_ID, ...SUCCESS });
	});

	it.each([
		[
			'wamid.HBgLMTY1MDU1NTEyMzQVAgAR',
			'Call ID must be a WhatsApp call ID such as wacid.HBgL…, got "wamid.HBgLMTY1MDU1NTEyMzQVAgAR"',
		],
		[
			'wacid.abc/../../me',
			'Call ID must be a WhatsApp call ID such as wacid.HBgL…, got "wacid.abc/../../me"',
		],
	])('refuses call ID %j before any request', async (callId, message) => {
		const { error } = await run('reject', { callId });
		expect(error?.message).toBe(message);
		expect(error?.description).toMatch(/^Nothing was sent/);
	});

	it.each([
		['   ', 'SDP Answer is empty'],
		['o=- 1 2 IN IP4 127.0.0.1', 'SDP Answer is not an SDP: it must start with v=0'],
		[
			'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\nm=video 9 UDP/TLS/RTP/SAVPF 96',
			'SDP Answer has no audio media line (m=audio): WhatsApp calls carry audio only',
		],
	])('Accept refuses SDP %j before any request', async (sdp, message) => {
		const { error } = await run('accept', { callId: CALL_ID, sdp });
		expect(error?.message).toBe(message);
	});

	it('refuses tracking data over 512 characters', async () => {
		const { error } = await run('accept', {
			callId: CALL_ID,
			sdp: SDP_LF,
			options: { bizOpaqueCallbackData: 'x'.repeat(513) },
		});
		expect(error?.message).toBe('Tracking Data is 513 characters; WhatsApp allows at most 512');
	});

	it("surfaces Meta's SDP validation error as Meta sent it", async () => {
		expectCallAction(
			{
				messaging_product: 'whatsapp',
				call_id: CALL_ID,
				action: 'accept',
				session: { sdp_type: 'answer', sdp: SDP_CRLF },
			},
			graphError(100, 'Invalid parameter', {
				type: 'OAuthException',
				error_data: { details: 'SDP answer is missing the DTLS fingerprint' },
			}),
			400,
		);
		const { items, error } = await run('accept', { callId: CALL_ID, sdp: SDP_LF }, true);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ code: 100 });
		expect(JSON.stringify(items[0].json)).toContain('SDP answer is missing the DTLS fingerprint');
	});
});

const PERMISSION_GRANTED = {
	messaging_product: 'whatsapp',
	permission: { status: 'temporary', expiration_time: 1745343479 },
	actions: [
		{
			action_name: 'send_call_permission_request',
			can_perform_action: true,
			limits: [
				{ time_period: 'PT24H', max_allowed: 1, current_usage: 0 },
				{ time_period: 'P7D', max_allowed: 2, current_usage: 1 },
			],
		},
		{
			action_name: 'start_call',
			can_perform_action: true,
			limits: [{ time_period: 'PT24H', max_allowed: 100, current_usage: 3 }],
		},
	],
};

function expectPermissionRead(answer: IDataObject, userWaId = '16505551234') {
	return graph()
		.get(versionPath(`/${PHONE_NUMBER_ID}/call_permissions`))
		.query({ user_wa_id: userWaId, appsecret_proof: PROOF })
		.reply(200, answer);
}

describe('Call permissions and business-initiated calls', () => {
	it('Get Permission reads the permission and adds its expiry as a date', async () => {
		expectPermissionRead(PERMISSION_GRANTED);
		const { items, error } = await run('getPermission', { customerPhone: '+1 650-555-1234' });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({
			userWaId: '16505551234',
			...PERMISSION_GRANTED,
			permissionExpiresAt: '2025-04-22T17:37:59.000Z',
		});
	});

	it('Get Permission takes a WhatsApp ID without +, and refuses a local number', async () => {
		expectPermissionRead({
			messaging_product: 'whatsapp',
			permission: { status: 'no_permission' },
			actions: [],
		});
		expect((await run('getPermission', { customerPhone: '16505551234' })).error).toBeUndefined();
		const { error } = await run('getPermission', { customerPhone: '(650) 555-1234' });
		expect(error?.message).toBe(
			'Customer Phone Number must be a WhatsApp ID (digits, country code first), got "(650) 555-1234"',
		);
	});

	it('Start sends the SDP offer to the customer and outputs the new call ID', async () => {
		const callId = 'wacid.HBgLMTIxODU1NTI4MjgVAgARGCAyODRQIAFRoA';
		expectCallAction(
			{
				messaging_product: 'whatsapp',
				to: '16505551234',
				action: 'connect',
				session: { sdp_type: 'offer', sdp: SDP_CRLF },
			},
			{ messaging_product: 'whatsapp', calls: [{ id: callId }] },
		);
		const { items, error } = await run('start', { customerPhone: '+16505551234', sdp: SDP_LF });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({
			callId,
			to: '16505551234',
			messaging_product: 'whatsapp',
			calls: [{ id: callId }],
		});
	});

	it('Start with Check Permission First calls when Meta allows it', async () => {
		expectPermissionRead(PERMISSION_GRANTED);
		expectCallAction(
			{
				messaging_product: 'whatsapp',
				to: '16505551234',
				action: 'connect',
				session: { sdp_type: 'offer', sdp: SDP_CRLF },
			},
			{ messaging_product: 'whatsapp', calls: [{ id: CALL_ID }] },
		);
		const { error } = await run('start', {
			customerPhone: '+16505551234',
			sdp: SDP_LF,
			options: { checkPermission: true },
		});
		expect(error).toBeUndefined();
	});

	it('Start with Check Permission First does not call a customer without permission', async () => {
		expectPermissionRead({
			messaging_product: 'whatsapp',
			permission: { status: 'no_permission' },
			actions: [{ action_name: 'start_call', can_perform_action: false }],
		});
		const { error } = await run('start', {
			customerPhone: '+16505551234',
			sdp: SDP_LF,
			options: { checkPermission: true },
		});
		expect(error?.message).toMatch(
			/^The customer has not given this number permission to call them/,
		);
		expect(error?.description).toMatch(/^No call was placed/);
	});

	it('Start with Check Permission First names the connected-call limit Meta reports', async () => {
		expectPermissionRead({
			messaging_product: 'whatsapp',
			permission: { status: 'permanent' },
			actions: [
				{
					action_name: 'start_call',
					can_perform_action: false,
					limits: [
						{
							time_period: 'PT24H',
							max_allowed: 100,
							current_usage: 100,
							limit_expiration_time: 1745622600,
						},
					],
				},
			],
		});
		const { error } = await run('start', {
			customerPhone: '+16505551234',
			sdp: SDP_LF,
			options: { checkPermission: true },
		});
		expect(error?.message).toBe(
			'Meta does not allow a call to this customer now (connected-call limit reached: 100 of 100 in 24 hours, until 2025-04-25T23:10:00.000Z)',
		);
	});

	it("surfaces Meta's refusal of a call without permission (138006)", async () => {
		expectCallAction(
			{
				messaging_product: 'whatsapp',
				to: '16505551234',
				action: 'connect',
				session: { sdp_type: 'offer', sdp: SDP_CRLF },
			},
			graphError(138006, 'No approved call permission from the recipient'),
			400,
		);
		const { items } = await run('start', { customerPhone: '+16505551234', sdp: SDP_LF }, true);
		expect(items[0].json).toMatchObject({ code: 138006 });
		expect(String(items[0].json.fix)).toMatch(/call permission request/i);
	});
});

describe('Calling settings', () => {
	const settingsPath = versionPath(`/${PHONE_NUMBER_ID}/settings`);

	it('Get Settings reads the settings of the number', async () => {
		const answer = {
			calling: {
				status: 'ENABLED',
				call_icon_visibility: 'DEFAULT',
				callback_permission_status: 'ENABLED',
				call_hours: {
					status: 'ENABLED',
					timezone_id: 'America/Manaus',
					weekly_operating_hours: [
						{ day_of_week: 'MONDAY', open_time: '0400', close_time: '1020' },
					],
					holiday_schedule: [{ date: '2026-01-01', start_time: '0000', end_time: '2359' }],
				},
				sip: { status: 'DISABLED' },
			},
		};
		graph().get(settingsPath).query({ appsecret_proof: PROOF }).reply(200, answer);
		const { items, error } = await run('getSettings');
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual(answer);
	});

	it('Update Settings sends the calling object Meta documents', async () => {
		const calling = {
			status: 'ENABLED',
			call_icon_visibility: 'DEFAULT',
			callback_permission_status: 'ENABLED',
			call_hours: {
				status: 'ENABLED',
				timezone_id: 'America/Manaus',
				weekly_operating_hours: [
					{ day_of_week: 'MONDAY', open_time: '0400', close_time: '1020' },
					{ day_of_week: 'TUESDAY', open_time: '0108', close_time: '1020' },
				],
				holiday_schedule: [{ date: '2026-01-01', start_time: '0000', end_time: '2359' }],
			},
			sip: {
				status: 'ENABLED',
				servers: [
					{ hostname: 'sip.example.com', port: 5061, request_uri_user_params: { KEY1: 'VALUE1' } },
				],
			},
		};
		graph()
			.post(settingsPath, { calling })
			.query({ appsecret_proof: PROOF })
			.reply(200, { success: true });
		const { items, error } = await run('updateSettings', {
			callingSettings: {
				status: 'ENABLED',
				callIconVisibility: 'DEFAULT',
				callbackPermissionStatus: 'ENABLED',
				callHoursStatus: 'ENABLED',
				timezoneId: 'America/Manaus',
				weeklyHours: {
					hours: [
						{ dayOfWeek: 'MONDAY', openTime: '04:00', closeTime: '1020' },
						{ dayOfWeek: 'TUESDAY', openTime: '0108', closeTime: '10:20' },
					],
				},
				holidays: { holiday: [{ date: '2026-01-01', startTime: '0000', endTime: '2359' }] },
				sipStatus: 'ENABLED',
				sipServers: {
					server: [
						{ hostname: 'sip.example.com', port: 5061, requestUriUserParams: '{"KEY1":"VALUE1"}' },
					],
				},
			},
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ success: true, calling });
	});

	it('Update Settings sends only what was added', async () => {
		graph()
			.post(settingsPath, { calling: { status: 'DISABLED' } })
			.query({ appsecret_proof: PROOF })
			.reply(200, { success: true });
		const { error } = await run('updateSettings', { callingSettings: { status: 'DISABLED' } });
		expect(error).toBeUndefined();
	});

	it.each([
		[{}, 'Nothing to update: add a setting under Calling Settings'],
		[
			{ timezoneId: 'Europe/Berlin' },
			'Set Call Hours to Enabled or Disabled along with its time zone, hours or holidays: Meta replaces the call hours as a whole',
		],
		[
			{ callHoursStatus: 'ENABLED', timezoneId: 'Europe/Berlin' },
			'Call Hours Enabled needs a Time Zone and at least one entry in Weekly Hours: Meta replaces the call hours as a whole',
		],
		[
			{
				callHoursStatus: 'ENABLED',
				timezoneId: 'Mars/Olympus',
				weeklyHours: { hours: [{ dayOfWeek: 'MONDAY', openTime: '0900', closeTime: '1700' }] },
			},
			'Time Zone "Mars/Olympus" is not a time zone such as Europe/Berlin or America/Manaus',
		],
		[
			{
				callHoursStatus: 'ENABLED',
				timezoneId: 'Europe/Berlin',
				weeklyHours: { hours: [{ dayOfWeek: 'FRIDAY', openTime: '1700', closeTime: '0900' }] },
			},
			'Weekly Hours (FRIDAY): the end (0900) must be after the start (1700)',
		],
		[
			{
				callHoursStatus: 'ENABLED',
				timezoneId: 'Europe/Berlin',
				weeklyHours: { hours: [{ dayOfWeek: 'FRIDAY', openTime: '2500', closeTime: '2600' }] },
			},
			'Weekly Hours (FRIDAY): "2500" is not a time such as 0900 or 17:30',
		],
		[
			{ callHoursStatus: 'DISABLED', holidays: { holiday: [{ date: '25.12.2026' }] } },
			'Holidays: "25.12.2026" is not a date such as 2026-12-25',
		],
		[{ sipStatus: 'ENABLED' }, 'SIP Enabled needs a SIP server: Meta sends the calls to it'],
		[
			{
				sipStatus: 'ENABLED',
				sipServers: { server: [{ hostname: 'sip.example.com', requestUriUserParams: '[1]' }] },
			},
			'SIP server Request URI User Params must be a JSON object such as {"KEY1": "VALUE1"}',
		],
	])('Update Settings refuses %j before any request', async (callingSettings, message) => {
		const { error } = await run('updateSettings', { callingSettings });
		expect(error?.message).toBe(message);
		expect(error?.description).toBe('Nothing was changed at Meta.');
	});
});
