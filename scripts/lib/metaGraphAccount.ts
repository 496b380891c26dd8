/**
 * The WhatsApp Business Account's own calls in the Graph stand-in (scripts/lib/metaGraphStub.ts):
 * - GET /{waba-id} with `fields` (without: id, name, timezone_id, message_template_namespace;
 *   an unknown field is Meta's error 100), including `pricing_analytics` and
 *   `conversation_analytics` in Graph's field syntax (`.start(s).end(e).granularity(g)
 *   .dimensions([...])`...): the stored data points in the range, summed over the dimensions not
 *   asked for; POST /{waba-id} updates is_enabled_for_insights, template_auto_archival_enabled,
 *   disable_marketing_messages_on_cloud_api;
 * - GET /{waba-id}/template_analytics (error 200005 until insights are enabled);
 * - GET /{waba-id}/activities, GET/POST/DELETE /{waba-id}/assigned_users (`business` required
 *   to read; `user` and `tasks` to assign), all paged as Graph pages;
 * - a number's registration: POST /{phone-number-id}/register (the first PIN becomes the
 *   two-step PIN, another one is 133005), /deregister, /request_code (the code "sent" is in
 *   `codesSent`), /verify_code (that code, else 136025), POST /{phone-number-id} with `pin`;
 * - GET/POST /{phone-number-id}/whatsapp_business_profile.
 *
 *   graph.account.addAccount(wabaId, { name: "Jasper's Market", currency: 'USD' });
 *   graph.account.addBusinessUser('1972385232742140', 'Lucas Martin');
 *   graph.account.addDataPoints(wabaId, 'pricing_analytics', [{ start, end, country: 'US', volume: 12, cost: 0.3 }]);
 */
import { randomInt } from 'crypto';

import {
	ASSIGNED_USER_TASKS,
	BUSINESS_PROFILE_FIELDS,
	BUSINESS_PROFILE_WRITABLE,
	WABA_DEFAULT_FIELDS,
	WABA_FIELDS,
	WABA_WRITABLE_FLAGS,
} from '../../nodes/WhatsAppBusinessAccount/actions/schemas';
import type { MetaGraphMedia } from './metaGraphMedia';
import {
	GraphStubError,
	listParameter,
	unknownObject,
	type GraphState,
	type RecordedRequest,
	type StubAnswer,
	type StubPhoneNumber,
	type TokenInfo,
} from './metaGraphState';

type Obj = Record<string, unknown>;

// Meta's field lists, as the package's Graph schemas (schemas/graph/) record them
const WABA_FIELD_NAMES = Object.keys(WABA_FIELDS);
const UPDATABLE_WABA_FIELDS = Object.keys(WABA_WRITABLE_FLAGS);
const PROFILE_FIELDS = Object.keys(BUSINESS_PROFILE_FIELDS).filter(
	(f) => f !== 'messaging_product',
);
const PROFILE_WRITABLE = Object.keys(BUSINESS_PROFILE_WRITABLE);
/** What a dimension asked for is called in a data point. */
const DIMENSION_KEYS: Record<string, string> = {
	COUNTRY: 'country',
	PHONE: 'phone_number',
	PRICING_CATEGORY: 'pricing_category',
	PRICING_TYPE: 'pricing_type',
	TIER: 'tier',
	CONVERSATION_CATEGORY: 'conversation_category',
	CONVERSATION_TYPE: 'conversation_type',
	CONVERSATION_DIRECTION: 'conversation_direction',
};
const TEMPLATE_METRICS = ['sent', 'delivered', 'read', 'clicked', 'cost'];

export type AnalyticsKind = 'pricing_analytics' | 'conversation_analytics' | 'template_analytics';

export interface AssignedUser {
	id: string;
	name: string;
	tasks: string[];
}

export interface SentCode {
	phoneNumberId: string;
	codeMethod: string;
	language: string;
	code: string;
}

const required = (name: string) =>
	new GraphStubError(400, 100, `(#100) The parameter ${name} is required`);

/** `fields` split on the commas outside parentheses and brackets (analytics carry lists). */
function topLevelFields(value: string | undefined): string[] {
	const fields: string[] = [];
	let depth = 0;
	let current = '';
	for (const char of value ?? '') {
		if (char === '(' || char === '[') depth++;
		if (char === ')' || char === ']') depth--;
		if (char === ',' && depth === 0) {
			fields.push(current.trim());
			current = '';
		} else current += char;
	}
	if (current.trim()) fields.push(current.trim());
	return fields.filter(Boolean);
}

/** `pricing_analytics.start(1).end(2).dimensions(["COUNTRY"])` → name and parameters. */
function fieldExpansion(field: string): { name: string; params: Record<string, string> } {
	const name = field.split('.')[0];
	const params: Record<string, string> = {};
	for (const m of field.slice(name.length).matchAll(/\.(\w+)\(([^()]*)\)/g)) params[m[1]] = m[2];
	return { name, params };
}

/** Points in [start, end], summed over the dimensions not asked for (as Graph aggregates them). */
function aggregate(
	points: Obj[],
	params: Record<string, string>,
	metrics: string[],
): Obj[] | undefined {
	for (const name of ['start', 'end', 'granularity'])
		if (params[name] === undefined) throw required(name);
	const start = Number(params.start);
	const end = Number(params.end);
	const kept = listParameter(params.dimensions).map((d) => DIMENSION_KEYS[d.toUpperCase()] ?? d);
	const countries = listParameter(params.country_codes);
	const phones = listParameter(params.phone_numbers);
	const groups = new Map<string, Obj>();
	for (const point of points) {
		if (Number(point.start) < start || Number(point.end) > end) continue;
		if (countries.length && !countries.includes(String(point.country))) continue;
		if (phones.length && !phones.includes(String(point.phone_number))) continue;
		const node: Obj = { start: point.start, end: point.end };
		for (const key of kept) if (key in point) node[key] = point[key];
		const key = JSON.stringify(node);
		const group = groups.get(key) ?? node;
		for (const metric of metrics)
			if (typeof point[metric] === 'number')
				group[metric] = ((group[metric] as number) ?? 0) + (point[metric] as number);
		groups.set(key, group);
	}
	return [...groups.values()];
}

export class MetaGraphAccount {
	/** wabaId → the account's fields. */
	readonly accounts = new Map<string, Obj>();
	/** The business's people: user id → name (whom a WABA can be assigned to). */
	readonly businessUsers = new Map<string, string>();
	/** wabaId → user id → the user's tasks on it. */
	readonly assignedUsers = new Map<string, Map<string, AssignedUser>>();
	/** wabaId → analytics kind → stored data points. */
	readonly dataPoints = new Map<string, Map<AnalyticsKind, Obj[]>>();
	/** wabaId → activities, newest first. */
	readonly activities = new Map<string, Obj[]>();
	/** The verification codes request_code "sent". */
	readonly codesSent: SentCode[] = [];
	/** The code request_code sends, replaceable so a test knows what the phone receives. */
	newCode: () => string = () => String(randomInt(100000, 1000000));
	private readonly pendingCodes = new Map<string, string>();

	constructor(
		private readonly graph: GraphState,
		/** The media part: a profile picture is an upload session's handle. */
		private readonly media: MetaGraphMedia,
	) {}

	addAccount(wabaId: string, fields: Obj = {}): Obj {
		this.graph.addWaba(wabaId);
		const account = { ...this.accounts.get(wabaId), ...fields, id: wabaId };
		this.accounts.set(wabaId, account);
		return account;
	}

	addBusinessUser(id: string, name: string): void {
		this.businessUsers.set(id, name);
	}

	assignUser(wabaId: string, userId: string, tasks: string[]): void {
		const name = this.businessUsers.get(userId);
		if (name === undefined) throw new Error(`No business user ${userId}`);
		const users = this.assignedUsers.get(wabaId) ?? new Map<string, AssignedUser>();
		users.set(userId, { id: userId, name, tasks: [...tasks] });
		this.assignedUsers.set(wabaId, users);
	}

	addDataPoints(wabaId: string, kind: AnalyticsKind, points: Obj[]): void {
		const kinds = this.dataPoints.get(wabaId) ?? new Map<AnalyticsKind, Obj[]>();
		kinds.set(kind, [...(kinds.get(kind) ?? []), ...points]);
		this.dataPoints.set(wabaId, kinds);
	}

	addActivities(wabaId: string, activities: Obj[]): void {
		this.activities.set(wabaId, [...(this.activities.get(wabaId) ?? []), ...activities]);
	}

	/** The calls this module answers, or undefined for the stand-in's other routes. */
	route(r: RecordedRequest, caller: TokenInfo): StubAnswer | undefined {
		const segments = r.path.split('/').filter(Boolean);
		const params = { ...r.query, ...r.body };
		const wabaId = this.graph.wabas.has(segments[0]) ? segments[0] : undefined;
		const number = this.graph.phoneNumbers.get(segments[0] ?? '');
		const ours =
			(wabaId &&
				(segments.length === 1 ||
					['assigned_users', 'template_analytics', 'activities'].includes(segments[1]))) ||
			(number &&
				((segments.length === 1 && r.method === 'POST' && params.pin !== undefined) ||
					['register', 'deregister', 'request_code', 'verify_code'].includes(segments[1]) ||
					segments[1] === 'whatsapp_business_profile'));
		if (!ours || segments.length > 2) return undefined;
		if (caller.type !== 'SYSTEM_USER')
			throw new GraphStubError(400, 200, '(#200) Permissions error');
		if (wabaId) return this.wabaEdge(r, wabaId, segments[1], params);
		return this.numberEdge(r, number!, segments[1], params);
	}

	private wabaEdge(
		r: RecordedRequest,
		wabaId: string,
		edge: string | undefined,
		params: Record<string, string>,
	): StubAnswer {
		if (edge === undefined && r.method === 'GET') return [200, this.wabaNode(wabaId, r.query)];
		if (edge === undefined && r.method === 'POST') return this.updateWaba(wabaId, params);
		if (edge === 'assigned_users') return this.assignedUsersEdge(r, wabaId, params);
		if (edge === 'template_analytics' && r.method === 'GET')
			return this.templateAnalytics(r, wabaId);
		if (edge === 'activities' && r.method === 'GET') {
			const fields = listParameter(r.query.fields);
			const data = (this.activities.get(wabaId) ?? []).map((a) =>
				fields.length ? Object.fromEntries([...fields, 'id'].map((f) => [f, a[f]])) : a,
			);
			return [200, this.graph.page(data, r)];
		}
		throw new GraphStubError(400, 100, `Unsupported ${r.method.toLowerCase()} request.`);
	}

	private wabaNode(wabaId: string, query: Record<string, string>): Obj {
		const account = this.accounts.get(wabaId) ?? { id: wabaId };
		const fields = query.fields ? topLevelFields(query.fields) : WABA_DEFAULT_FIELDS;
		const node: Obj = {};
		for (const field of fields) {
			const { name, params } = fieldExpansion(field);
			if (name === 'pricing_analytics' || name === 'conversation_analytics') {
				const metrics =
					name === 'pricing_analytics' ? ['volume', 'cost'] : ['conversation', 'cost'];
				const stored = this.dataPoints.get(wabaId)?.get(name) ?? [];
				node[name] = { data: [{ data_points: aggregate(stored, params, metrics) }] };
			} else if (!WABA_FIELD_NAMES.includes(name)) {
				throw new GraphStubError(
					400,
					100,
					`(#100) Tried accessing nonexisting field (${name}) on node type (WhatsAppBusinessAccount)`,
				);
			} else if (account[name] !== undefined) node[name] = account[name];
		}
		node.id = wabaId;
		return node;
	}

	private updateWaba(wabaId: string, params: Record<string, string>): StubAnswer {
		const given = UPDATABLE_WABA_FIELDS.filter((f) => params[f] !== undefined);
		if (!given.length)
			throw new GraphStubError(
				400,
				100,
				`(#100) At least one of ${UPDATABLE_WABA_FIELDS.join(', ')} is required`,
			);
		const update: Obj = {};
		for (const field of given) {
			if (params[field] !== 'true' && params[field] !== 'false')
				throw new GraphStubError(400, 100, `(#100) Param ${field} must be a boolean`);
			update[field] = params[field] === 'true';
		}
		this.addAccount(wabaId, update);
		return [200, { success: true }];
	}

	private assignedUsersEdge(
		r: RecordedRequest,
		wabaId: string,
		params: Record<string, string>,
	): StubAnswer {
		const users = this.assignedUsers.get(wabaId) ?? new Map<string, AssignedUser>();
		if (r.method === 'GET') {
			if (!params.business) throw required('business');
			return [200, this.graph.page([...users.values()], r)];
		}
		if (!params.user) throw required('user');
		if (r.method === 'DELETE') {
			users.delete(params.user);
			return [200, { success: true }];
		}
		if (r.method !== 'POST')
			throw new GraphStubError(400, 100, `Unsupported ${r.method.toLowerCase()} request.`);
		if (!params.tasks) throw required('tasks');
		const tasks = listParameter(params.tasks);
		const wrong = tasks.findIndex((t) => !ASSIGNED_USER_TASKS.includes(t));
		if (!tasks.length || wrong >= 0)
			throw new GraphStubError(
				400,
				100,
				`(#100) Param tasks[${Math.max(wrong, 0)}] must be one of {${ASSIGNED_USER_TASKS.join(', ')}}`,
			);
		if (!this.businessUsers.has(params.user)) throw unknownObject('POST', params.user);
		this.assignUser(wabaId, params.user, tasks);
		return [200, { success: true }];
	}

	private templateAnalytics(r: RecordedRequest, wabaId: string): StubAnswer {
		if (this.accounts.get(wabaId)?.is_enabled_for_insights !== true)
			throw new GraphStubError(
				400,
				200005,
				'Template Insights are not available yet for this WhatsApp Business account',
			);
		const q = r.query;
		for (const name of ['start', 'end', 'granularity', 'template_ids'])
			if (q[name] === undefined) throw required(name);
		const ids = listParameter(q.template_ids);
		const metrics = q.metric_types
			? listParameter(q.metric_types).map((m) => m.toLowerCase())
			: TEMPLATE_METRICS;
		const points = (this.dataPoints.get(wabaId)?.get('template_analytics') ?? [])
			.filter(
				(p) =>
					ids.includes(String(p.template_id)) &&
					Number(p.start) >= Number(q.start) &&
					Number(p.end) <= Number(q.end),
			)
			.map((p) =>
				Object.fromEntries(
					Object.entries(p).filter(
						([key]) => !TEMPLATE_METRICS.includes(key) || metrics.includes(key),
					),
				),
			);
		const group = { granularity: q.granularity, product_type: 'cloud_api', data_points: points };
		return [200, this.graph.page([group], r)];
	}

	private numberEdge(
		r: RecordedRequest,
		number: StubPhoneNumber,
		edge: string | undefined,
		params: Record<string, string>,
	): StubAnswer {
		const success: StubAnswer = [200, { success: true }];
		const sixDigits = (pin: string | undefined) => {
			if (pin === undefined) throw required('pin');
			if (!/^[0-9]{6}$/.test(pin))
				throw new GraphStubError(400, 100, '(#100) Param pin must be a 6-digit number');
			return pin;
		};
		if (edge === 'whatsapp_business_profile') return this.profileEdge(r, number);
		if (r.method !== 'POST')
			throw new GraphStubError(400, 100, `Unsupported ${r.method.toLowerCase()} request.`);
		if (edge === undefined) {
			number.twoStepPin = sixDigits(params.pin);
			return success;
		}
		if (edge === 'register') {
			if (params.messaging_product !== 'whatsapp') throw required('messaging_product');
			const pin = sixDigits(params.pin);
			if (number.twoStepPin !== undefined && number.twoStepPin !== pin)
				throw new GraphStubError(400, 133005, '(#133005) Two step verification PIN Mismatch');
			number.twoStepPin = pin;
			number.registered = true;
			return success;
		}
		if (edge === 'deregister') {
			number.registered = false;
			return success;
		}
		if (edge === 'request_code') {
			if (!['SMS', 'VOICE'].includes(params.code_method ?? ''))
				throw new GraphStubError(400, 100, '(#100) Param code_method must be one of {SMS, VOICE}');
			if (!params.language) throw required('language');
			const code = this.newCode();
			this.pendingCodes.set(number.id, code);
			this.codesSent.push({
				phoneNumberId: number.id,
				codeMethod: params.code_method,
				language: params.language,
				code,
			});
			return success;
		}
		// verify_code: the code last sent to this number
		if (!params.code) throw required('code');
		if (this.pendingCodes.get(number.id) !== params.code)
			throw new GraphStubError(400, 136025, '(#136025) Verification code error');
		this.pendingCodes.delete(number.id);
		number.fields.code_verification_status = 'VERIFIED';
		return success;
	}

	private profileEdge(r: RecordedRequest, number: StubPhoneNumber): StubAnswer {
		if (r.method === 'GET') {
			const fields = listParameter(r.query.fields);
			const wanted = fields.length ? fields : PROFILE_FIELDS;
			const profile: Obj = {};
			for (const field of wanted)
				if (number.profile[field] !== undefined) profile[field] = number.profile[field];
			return [200, { data: [{ ...profile, messaging_product: 'whatsapp' }] }];
		}
		if (r.method !== 'POST')
			throw new GraphStubError(400, 100, `Unsupported ${r.method.toLowerCase()} request.`);
		const body = (r.json ?? r.body) as Obj;
		if (body.messaging_product !== 'whatsapp') throw required('messaging_product');
		const update: Obj = {};
		for (const [key, value] of Object.entries(body)) {
			if (['messaging_product', 'access_token', 'appsecret_proof'].includes(key)) continue;
			if (key === 'profile_picture_handle') {
				const known = [...this.media.sessions.values()].some((s) => s.handle === value);
				if (!known)
					throw new GraphStubError(400, 100, '(#100) Param profile_picture_handle is not valid');
				update.profile_picture_url = `${this.graph.url}/profile_picture/${number.id}`;
			} else if (key === 'websites') {
				if (!Array.isArray(value) || value.length > 2)
					throw new GraphStubError(400, 100, '(#100) Param websites must be an array of at most 2');
				update.websites = value;
			} else if (PROFILE_WRITABLE.includes(key)) {
				update[key] = value;
			} else {
				throw new GraphStubError(400, 100, `(#100) Param ${key} is not a valid parameter`);
			}
		}
		Object.assign(number.profile, update);
		return [200, { success: true }];
	}
}
