// Calls in the Graph stand-in over loopback: a user's call pre-accepted, accepted and ended; a
// business-initiated call refused without permission (138006) and placed with it; the permission
// read and its expiry; the calling settings; then the node's Call resource against it.
import { MetaGraphStub } from '../../scripts/lib/metaGraphStub';
import { TEMPORARY_PERMISSION_SECONDS } from '../../scripts/lib/metaGraphCalls';
import { runNode } from '../action/support/runner';
import { configureGraphRetries, resetGraphRetries } from '../support/graphRetries';
import { call } from './call';

const APP = { id: '1234567890123456', secret: 'e2b0c44298fc1c149afbf4c8996fb924' };
const WABA = '102290129340398';
const NUMBER = '106540352242922';
const CUSTOMER = '16505551234';
const ANSWER =
	'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n';

describe('MetaGraphStub calls', () => {
	let stub: MetaGraphStub;
	let token: string;
	beforeEach(async () => {
		stub = await MetaGraphStub.start();
		stub.addApp(APP);
		token = stub.addSystemUserToken(APP.id);
		stub.addPhoneNumber(WABA, { id: NUMBER, displayPhoneNumber: '+1 555-078-3881' });
	});
	afterEach(async () => await stub.close());

	const act = (json: Record<string, unknown>) =>
		call(stub, 'POST', `/${NUMBER}/calls`, {
			token,
			json: { messaging_product: 'whatsapp', ...json },
		});

	it('takes a user-initiated call through pre-accept, accept and terminate', async () => {
		const { callId, value } = stub.calls.incoming(NUMBER, CUSTOMER);
		expect(value).toMatchObject({
			metadata: { phone_number_id: NUMBER, display_phone_number: '15550783881' },
			calls: [{ id: callId, from: CUSTOMER, event: 'connect', direction: 'USER_INITIATED' }],
		});
		const session = { sdp_type: 'answer', sdp: ANSWER };
		for (const action of ['pre_accept', 'accept', 'terminate']) {
			const answer = await act({
				call_id: callId,
				action,
				...(action === 'terminate' ? {} : { session }),
			});
			expect(answer).toMatchObject({
				status: 200,
				body: { messaging_product: 'whatsapp', success: true },
			});
		}
		expect(stub.calls.calls.get(callId)?.state).toBe('ENDED');
		const again = await act({ call_id: callId, action: 'terminate' });
		expect(again.status).toBe(400);
		expect(again.body.error).toMatchObject({
			code: 100,
			error_data: { details: 'The call has already ended' },
		});
	});

	it('refuses an SDP that is not one, with the reason in error_data.details', async () => {
		const { callId } = stub.calls.incoming(NUMBER, CUSTOMER);
		const answer = await act({
			call_id: callId,
			action: 'accept',
			session: { sdp_type: 'answer', sdp: 'hello' },
		});
		expect(answer.status).toBe(400);
		expect(answer.body.error).toMatchObject({
			code: 100,
			message: 'Invalid parameter',
			error_data: { details: 'session.sdp is not a valid SDP (RFC 8866)' },
		});
	});

	it('a rejected call cannot be accepted', async () => {
		const { callId } = stub.calls.incoming(NUMBER, CUSTOMER);
		expect((await act({ call_id: callId, action: 'reject' })).status).toBe(200);
		const accept = await act({
			call_id: callId,
			action: 'accept',
			session: { sdp_type: 'answer', sdp: ANSWER },
		});
		expect(accept.status).toBe(400);
	});

	it('places a business-initiated call only with permission, until the permission expires', async () => {
		const connect = () =>
			act({ to: CUSTOMER, action: 'connect', session: { sdp_type: 'offer', sdp: ANSWER } });
		const refused = await connect();
		expect(refused.status).toBe(400);
		expect(refused.body.error).toMatchObject({ code: 138006 });
		stub.calls.grantPermission(NUMBER, CUSTOMER);
		const placed = await connect();
		expect(placed.status).toBe(200);
		expect(placed.body.calls[0].id).toMatch(/^wacid\./);
		const read = await call(stub, 'GET', `/${NUMBER}/call_permissions?user_wa_id=${CUSTOMER}`, {
			token,
		});
		expect(read.body.permission).toMatchObject({ status: 'temporary' });
		expect(read.body.actions[1]).toMatchObject({
			action_name: 'start_call',
			can_perform_action: true,
			limits: [{ time_period: 'PT24H', max_allowed: 100, current_usage: 1 }],
		});
		const start = stub.calls.now();
		stub.calls.now = () => start + TEMPORARY_PERMISSION_SECONDS + 1;
		expect((await connect()).body.error).toMatchObject({ code: 138006 });
	});

	it('keeps the calling settings, replacing call_hours whole, and refuses calls while SIP is on', async () => {
		const hours = {
			status: 'ENABLED',
			timezone_id: 'Europe/Berlin',
			weekly_operating_hours: [{ day_of_week: 'MONDAY', open_time: '0900', close_time: '1700' }],
		};
		expect(
			(
				await call(stub, 'POST', `/${NUMBER}/settings`, {
					token,
					json: { calling: { call_hours: hours } },
				})
			).body,
		).toEqual({ success: true });
		await call(stub, 'POST', `/${NUMBER}/settings`, {
			token,
			json: {
				calling: {
					call_hours: { status: 'DISABLED' },
					sip: { status: 'ENABLED', servers: [{ hostname: 'sip.example.com' }] },
				},
			},
		});
		const read = await call(stub, 'GET', `/${NUMBER}/settings`, { token });
		expect(read.body.calling.call_hours).toEqual({ status: 'DISABLED' });
		const { callId } = stub.calls.incoming(NUMBER, CUSTOMER);
		const refused = await act({ call_id: callId, action: 'reject' });
		expect(refused.body.error).toMatchObject({ code: 100 });
	});

	describe('the Call resource against the stand-in', () => {
		beforeEach(() => configureGraphRetries({ maxAttempts: 1 }));
		afterEach(() => resetGraphRetries());
		const run = (parameters: Record<string, unknown>, continueOnFail = false) =>
			runNode({
				parameters: { resource: 'call', phoneNumberId: NUMBER, ...parameters },
				continueOnFail,
				credential: {
					accessToken: token,
					appSecret: undefined,
					apiVersion: 'v23.0',
					baseUrl: stub.url,
				},
			});

		it('accepts a call, and Start checks the permission first', async () => {
			const { callId } = stub.calls.incoming(NUMBER, CUSTOMER);
			const accepted = await run({
				operation: 'accept',
				callId,
				sdp: ANSWER.replace(/\r\n/g, '\n'),
			});
			expect(accepted.error).toBeUndefined();
			expect(stub.calls.calls.get(callId)).toMatchObject({
				state: 'ACCEPTED',
				businessSdp: ANSWER,
			});

			const start = {
				operation: 'start',
				customerPhone: `+${CUSTOMER}`,
				sdp: ANSWER,
				options: { checkPermission: true },
			};
			const refused = await run(start);
			expect(refused.error?.message).toMatch(/has not given this number permission/);
			stub.calls.grantPermission(NUMBER, CUSTOMER, { permanent: true });
			const placed = await run(start);
			expect(placed.error).toBeUndefined();
			expect(stub.calls.calls.get(String(placed.items[0].json.callId))).toMatchObject({
				direction: 'BUSINESS_INITIATED',
				customer: CUSTOMER,
			});
		});
	});
});
