/**
 * WhatsApp calls in the Graph stand-in (scripts/lib/metaGraphStub.ts), as Meta's Calling API
 * reference, its user- and business-initiated call guides and "Obtain user call permissions"
 * describe them:
 * - POST /{phone-number-id}/calls with `action`:
 *   - `connect` (`to`, `session` {sdp_type: offer, sdp}) → `{messaging_product, calls: [{id}]}`,
 *     a BUSINESS_INITIATED call, only to a customer who granted permission (138006) and within
 *     the 100 connected calls a pair may have in 24 hours;
 *   - `pre_accept`, `accept` (`call_id`, `session` {sdp_type: answer, sdp}), `reject`,
 *     `terminate` (`call_id`) → `{messaging_product, success: true}`, each in its place in the
 *     call's life (a rejected or ended call takes nothing more);
 *   an SDP that is not RFC 8866 text with an audio line is error 100 with the reason in
 *   `error_data.details`, as Meta reports SDP validation errors;
 * - GET /{phone-number-id}/call_permissions?user_wa_id= → the permission (no_permission,
 *   temporary with expiration_time, permanent) and the actions with their limits;
 * - GET and POST /{phone-number-id}/settings: the `calling` object; `call_hours` is replaced
 *   whole, the other settings one by one. With calling disabled, or SIP enabled ("you cannot
 *   use calling related endpoints"), call actions are refused (error 100).
 *
 *   const calls = graph.calls;
 *   const { callId, value } = calls.incoming(phoneNumberId, '16505551234'); // a user calls: the calls webhook value
 *   calls.grantPermission(phoneNumberId, '16505551234', { permanent: false });
 *   calls.calls.get(callId)?.state;              // RINGING, PRE_ACCEPTED, ACCEPTED, REJECTED, ENDED
 */
import { randomBytes } from 'crypto';

import {
	GraphStubError,
	type GraphState,
	type RecordedRequest,
	type StubAnswer,
} from './metaGraphState';

export type CallState = 'RINGING' | 'PRE_ACCEPTED' | 'ACCEPTED' | 'REJECTED' | 'ENDED';

export interface StandInCall {
	id: string;
	phoneNumberId: string;
	customer: string;
	direction: 'USER_INITIATED' | 'BUSINESS_INITIATED';
	state: CallState;
	/** The SDP the business sent (answer or offer), as received. */
	businessSdp?: string;
	bizOpaqueCallbackData?: string;
}

export interface CallPermission {
	permanent: boolean;
	/** Unix seconds; temporary permissions only. */
	expiresAt?: number;
}

/** Connected calls a business may place to one customer in 24 hours ("Obtain user call permissions"). */
export const CONNECTED_CALLS_PER_DAY = 100;
/** A temporary permission lasts 7 days from the customer's approval. */
export const TEMPORARY_PERMISSION_SECONDS = 7 * 86_400;
const DAY_SECONDS = 86_400;

const invalid = (details: string) =>
	new GraphStubError(400, 100, 'Invalid parameter', undefined, 'OAuthException', {
		details,
	});

/** An SDP as Meta takes it, or why not (Meta names SDP validation errors in the details). */
function sdpProblem(session: unknown, type: 'offer' | 'answer'): string | null {
	if (typeof session !== 'object' || session === null) return 'session is required';
	const { sdp_type: sdpType, sdp } = session as Record<string, unknown>;
	if (sdpType !== type) return `session.sdp_type must be ${type}`;
	if (typeof sdp !== 'string' || !sdp.startsWith('v=0\r\n'))
		return 'session.sdp is not a valid SDP (RFC 8866)';
	if (!/\r\nm=audio /.test(sdp)) return 'session.sdp has no audio media section';
	return null;
}

export class MetaGraphCalls {
	readonly calls = new Map<string, StandInCall>();
	/** `${phoneNumberId}/${waId}` → the customer's permission. */
	readonly permissions = new Map<string, CallPermission>();
	/** phoneNumberId → its `calling` settings. */
	readonly settings = new Map<string, Record<string, unknown>>();
	/** `${phoneNumberId}/${waId}` → the times (Unix seconds) of the business's calls to the customer. */
	private readonly placed = new Map<string, number[]>();
	/** The clock in Unix seconds, replaceable so tests can step past a permission's expiry. */
	now: () => number = () => Math.floor(Date.now() / 1000);

	constructor(private readonly graph: GraphState) {}

	/** A customer calls the number: the call, and the `calls` webhook value Meta sends for it. */
	incoming(
		phoneNumberId: string,
		from: string,
		sdpOffer = 'v=0\r\no=- 7669997803033704573 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:111 opus/48000/2\r\n',
	): { callId: string; value: Record<string, unknown> } {
		const number = this.graph.phoneNumbers.get(phoneNumberId);
		if (!number) throw new Error(`No number ${phoneNumberId} in the stand-in`);
		const call = this.newCall(phoneNumberId, from, 'USER_INITIATED');
		const display = number.displayPhoneNumber.replace(/[^0-9]/g, '');
		return {
			callId: call.id,
			value: {
				messaging_product: 'whatsapp',
				metadata: { display_phone_number: display, phone_number_id: phoneNumberId },
				contacts: [{ profile: { name: 'Stand-in Caller' }, wa_id: from }],
				calls: [
					{
						id: call.id,
						from,
						to: display,
						event: 'connect',
						timestamp: String(this.now()),
						direction: 'USER_INITIATED',
						session: { sdp_type: 'offer', sdp: sdpOffer },
					},
				],
			},
		};
	}

	/** The customer approves a permission request (or calls with callback permission on). */
	grantPermission(phoneNumberId: string, waId: string, { permanent = false } = {}): void {
		this.permissions.set(`${phoneNumberId}/${waId}`, {
			permanent,
			...(permanent ? {} : { expiresAt: this.now() + TEMPORARY_PERMISSION_SECONDS }),
		});
	}

	/** The calls this part answers, or undefined for the stand-in's other routes. */
	route(r: RecordedRequest): StubAnswer | undefined {
		const [id, edge, ...rest] = r.path.split('/').filter(Boolean);
		if (rest.length || !id || !this.graph.phoneNumbers.has(id)) return undefined;
		if (edge === 'calls' && r.method === 'POST') return this.action(id, r);
		if (edge === 'call_permissions' && r.method === 'GET') return this.permission(id, r);
		if (edge === 'settings' && r.method === 'GET') return [200, { calling: this.settingsOf(id) }];
		if (edge === 'settings' && r.method === 'POST') return this.updateSettings(id, r);
		return undefined;
	}

	private settingsOf(phoneNumberId: string): Record<string, unknown> {
		let settings = this.settings.get(phoneNumberId);
		if (!settings) {
			settings = {
				status: 'ENABLED',
				call_icon_visibility: 'DEFAULT',
				callback_permission_status: 'DISABLED',
				call_hours: { status: 'DISABLED' },
				sip: { status: 'DISABLED' },
			};
			this.settings.set(phoneNumberId, settings);
		}
		return settings;
	}

	private updateSettings(phoneNumberId: string, r: RecordedRequest): StubAnswer {
		const json = r.json as { calling?: Record<string, unknown> } | undefined;
		const calling = json?.calling;
		if (typeof calling !== 'object' || calling === null) throw invalid('calling is required');
		const settings = this.settingsOf(phoneNumberId);
		const hours = calling.call_hours as Record<string, unknown> | undefined;
		if (hours?.status === 'ENABLED') {
			const weekly = hours.weekly_operating_hours;
			if (typeof hours.timezone_id !== 'string' || !Array.isArray(weekly) || weekly.length === 0)
				throw invalid('call_hours needs timezone_id and weekly_operating_hours when enabled');
		}
		// call_hours is replaced as a whole; the other settings one by one
		Object.assign(settings, calling);
		return [200, { success: true }];
	}

	private permissionKey = (phoneNumberId: string, waId: string) => `${phoneNumberId}/${waId}`;

	private currentPermission(phoneNumberId: string, waId: string): CallPermission | undefined {
		const permission = this.permissions.get(this.permissionKey(phoneNumberId, waId));
		if (permission && !permission.permanent && (permission.expiresAt ?? 0) <= this.now())
			return undefined;
		return permission;
	}

	private callsToday(phoneNumberId: string, waId: string): number[] {
		const since = this.now() - DAY_SECONDS;
		return (this.placed.get(this.permissionKey(phoneNumberId, waId)) ?? []).filter(
			(t) => t > since,
		);
	}

	private permission(phoneNumberId: string, r: RecordedRequest): StubAnswer {
		const waId = r.query.user_wa_id;
		if (!waId) throw invalid('user_wa_id is required');
		const permission = this.currentPermission(phoneNumberId, waId);
		const today = this.callsToday(phoneNumberId, waId);
		const full = today.length >= CONNECTED_CALLS_PER_DAY;
		return [
			200,
			{
				messaging_product: 'whatsapp',
				permission: !permission
					? { status: 'no_permission' }
					: permission.permanent
						? { status: 'permanent' }
						: { status: 'temporary', expiration_time: permission.expiresAt },
				actions: [
					{
						action_name: 'send_call_permission_request',
						can_perform_action: true,
						limits: [
							{ time_period: 'PT24H', max_allowed: 1, current_usage: 0 },
							{ time_period: 'P7D', max_allowed: 2, current_usage: 0 },
						],
					},
					{
						action_name: 'start_call',
						can_perform_action: Boolean(permission) && !full,
						limits: [
							{
								time_period: 'PT24H',
								max_allowed: CONNECTED_CALLS_PER_DAY,
								current_usage: today.length,
								...(full ? { limit_expiration_time: today[0] + DAY_SECONDS } : {}),
							},
						],
					},
				],
			},
		];
	}

	private newCall(
		phoneNumberId: string,
		customer: string,
		direction: StandInCall['direction'],
	): StandInCall {
		const id = `wacid.${randomBytes(24).toString('base64url')}`;
		const call: StandInCall = { id, phoneNumberId, customer, direction, state: 'RINGING' };
		this.calls.set(id, call);
		return call;
	}

	private action(phoneNumberId: string, r: RecordedRequest): StubAnswer {
		const body = (r.json ?? {}) as Record<string, unknown>;
		if (body.messaging_product !== 'whatsapp') throw invalid('messaging_product must be whatsapp');
		const settings = this.settingsOf(phoneNumberId);
		if ((settings.sip as { status?: string } | undefined)?.status === 'ENABLED')
			throw invalid('Calling endpoints are not available while SIP is enabled for this number');
		if (settings.status !== 'ENABLED')
			throw invalid('Calling is not enabled for this phone number');
		const opaque =
			typeof body.biz_opaque_callback_data === 'string' ? body.biz_opaque_callback_data : undefined;
		if (opaque !== undefined && [...opaque].length > 512)
			throw invalid('biz_opaque_callback_data is longer than 512 characters');
		if (body.action === 'connect') return this.connect(phoneNumberId, body, opaque);
		const call = typeof body.call_id === 'string' ? this.calls.get(body.call_id) : undefined;
		if (!call || call.phoneNumberId !== phoneNumberId)
			throw invalid('call_id is not a call of this number');
		const ended = call.state === 'REJECTED' || call.state === 'ENDED';
		switch (body.action) {
			case 'pre_accept':
			case 'accept': {
				const problem = sdpProblem(body.session, 'answer');
				if (problem) throw invalid(problem);
				if (call.direction !== 'USER_INITIATED' || ended || call.state === 'ACCEPTED')
					throw invalid(
						`The call cannot be ${body.action === 'accept' ? 'accepted' : 'pre-accepted'} now`,
					);
				call.state = body.action === 'accept' ? 'ACCEPTED' : 'PRE_ACCEPTED';
				call.businessSdp = (body.session as { sdp: string }).sdp;
				if (opaque !== undefined) call.bizOpaqueCallbackData = opaque;
				break;
			}
			case 'reject':
				if (call.direction !== 'USER_INITIATED' || ended || call.state === 'ACCEPTED')
					throw invalid('Only a ringing user-initiated call can be rejected');
				call.state = 'REJECTED';
				break;
			case 'terminate':
				if (ended) throw invalid('The call has already ended');
				call.state = 'ENDED';
				break;
			default:
				throw invalid('action must be one of connect, pre_accept, accept, reject, terminate');
		}
		return [200, { messaging_product: 'whatsapp', success: true }];
	}

	private connect(
		phoneNumberId: string,
		body: Record<string, unknown>,
		opaque: string | undefined,
	): StubAnswer {
		const to = typeof body.to === 'string' ? body.to.replace(/^\+/, '') : '';
		if (!/^[0-9]{7,15}$/.test(to)) throw invalid('to must be a WhatsApp user phone number');
		const problem = sdpProblem(body.session, 'offer');
		if (problem) throw invalid(problem);
		if (!this.currentPermission(phoneNumberId, to))
			throw new GraphStubError(
				400,
				138006,
				'No approved call permission from the recipient',
				undefined,
				'OAuthException',
			);
		const today = this.callsToday(phoneNumberId, to);
		if (today.length >= CONNECTED_CALLS_PER_DAY)
			throw invalid('Connected calls limit reached for this user');
		const call = this.newCall(phoneNumberId, to, 'BUSINESS_INITIATED');
		call.businessSdp = (body.session as { sdp: string }).sdp;
		if (opaque !== undefined) call.bizOpaqueCallbackData = opaque;
		this.placed.set(this.permissionKey(phoneNumberId, to), [...today, this.now()]);
		return [200, { messaging_product: 'whatsapp', calls: [{ id: call.id }] }];
	}
}
