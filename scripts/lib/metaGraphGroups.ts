/**
 * WhatsApp groups in the Graph stand-in (scripts/lib/metaGraphStub.ts), as Meta's Groups API
 * reference ("Group management", the Groups Query, Invite Link, Join Requests and Participants
 * APIs) and "Get started with Groups API" describe them:
 * - POST /{phone-number-id}/groups (`subject` ≤ 128 characters, trimmed, `description` ≤ 2048,
 *   `join_approval_mode` auto_approve | approval_required) → `{messaging_product, request_id}`;
 *   the group exists at once here, and `lifecycleValue(requestId)` is the group_lifecycle_update
 *   webhook value Meta sends with its ID and invite link; at most 10,000 groups per number;
 * - GET /{phone-number-id}/groups → `{data: {groups: [{id, subject, created_at}]}, paging}`;
 * - GET /{group-id} (`fields`), POST /{group-id} (subject, description), DELETE /{group-id};
 * - GET and POST /{group-id}/invite_link (POST replaces the link);
 * - GET /{group-id}/join_requests (paged), POST (approve) and DELETE (reject) with
 *   `join_requests` → the approved or rejected IDs and the failed ones with their errors;
 * - DELETE /{group-id}/participants with `participants: [{user}]`, at most 8.
 * A group holds at most 8 participants besides the business.
 *
 *   const groups = graph.groups;
 *   const { groupId } = groups.created(requestId)!;
 *   groups.requestToJoin(groupId, '16505551234');   // a join request, for a group that needs approval
 */
import { randomBytes } from 'crypto';

import {
	GraphStubError,
	type GraphState,
	type RecordedRequest,
	type StubAnswer,
} from './metaGraphState';

export const MAX_GROUPS_PER_NUMBER = 10_000;
export const MAX_PARTICIPANTS = 8;

export interface StandInGroup {
	id: string;
	phoneNumberId: string;
	requestId: string;
	subject: string;
	description: string;
	joinApprovalMode: 'auto_approve' | 'approval_required';
	createdAt: number;
	inviteLink: string;
	participants: string[];
	/** join request ID → WhatsApp ID and when. */
	joinRequests: Map<string, { waId: string; createdAt: number }>;
	suspended: boolean;
}

const invalid = (details: string) =>
	new GraphStubError(400, 100, 'Invalid parameter', undefined, 'OAuthException', { details });

const link = () => `https://chat.whatsapp.com/${randomBytes(16).toString('base64url')}`;
const now = () => Math.floor(Date.now() / 1000);

export class MetaGraphGroups {
	readonly groups = new Map<string, StandInGroup>();

	constructor(private readonly graph: GraphState) {}

	/** The group a create request made, once Meta made it. */
	created(requestId: string): (StandInGroup & { groupId: string }) | undefined {
		const group = [...this.groups.values()].find((g) => g.requestId === requestId);
		return group && { ...group, groupId: group.id };
	}

	/** The group_lifecycle_update webhook value Meta sends when the group is made. */
	lifecycleValue(requestId: string): Record<string, unknown> {
		const group = this.created(requestId);
		if (!group) throw new Error(`No group from request ${requestId}`);
		const number = this.graph.phoneNumbers.get(group.phoneNumberId)!;
		return {
			messaging_product: 'whatsapp',
			metadata: {
				display_phone_number: number.displayPhoneNumber.replace(/[^0-9]/g, ''),
				phone_number_id: group.phoneNumberId,
			},
			groups: [
				{
					timestamp: String(group.createdAt),
					group_id: group.id,
					type: 'group_create',
					request_id: requestId,
					subject: group.subject,
					invite_link: group.inviteLink,
					join_approval_mode: group.joinApprovalMode,
				},
			],
		};
	}

	/** A WhatsApp user opens the invite link: joins, or asks to when the group needs approval. */
	requestToJoin(groupId: string, waId: string): string | undefined {
		const group = this.groups.get(groupId);
		if (!group) throw new Error(`No group ${groupId}`);
		if (group.joinApprovalMode === 'auto_approve') {
			this.join(group, waId);
			return undefined;
		}
		const id = randomBytes(12).toString('base64url');
		group.joinRequests.set(id, { waId, createdAt: now() });
		return id;
	}

	private join(group: StandInGroup, waId: string): boolean {
		if (group.participants.includes(waId)) return true;
		if (group.participants.length >= MAX_PARTICIPANTS) return false;
		group.participants.push(waId);
		return true;
	}

	/** The calls this part answers, or undefined for the stand-in's other routes. */
	route(r: RecordedRequest): StubAnswer | undefined {
		const [id, edge, ...rest] = r.path.split('/').filter(Boolean);
		if (rest.length || !id) return undefined;
		if (edge === 'groups' && this.graph.phoneNumbers.has(id)) {
			if (r.method === 'POST') return this.create(id, r);
			if (r.method === 'GET') return this.list(id, r);
			return undefined;
		}
		const group = this.groups.get(id);
		if (!group) return undefined;
		const json = (r.json ?? {}) as Record<string, unknown>;
		if (r.method !== 'GET' && r.method !== 'DELETE' && json.messaging_product !== 'whatsapp')
			throw invalid('messaging_product must be whatsapp');
		if (edge === undefined) {
			if (r.method === 'GET') return [200, this.node(group, r.query.fields)];
			if (r.method === 'POST') return this.update(group, json);
			if (r.method === 'DELETE') {
				this.groups.delete(group.id);
				return [200, { success: true }];
			}
		}
		if (edge === 'invite_link') {
			if (r.method === 'POST') group.inviteLink = link();
			if (r.method === 'POST' || r.method === 'GET')
				return [200, { messaging_product: 'whatsapp', invite_link: group.inviteLink }];
		}
		if (edge === 'join_requests') {
			if (r.method === 'GET')
				return [
					200,
					this.graph.page(
						[...group.joinRequests].map(([joinRequestId, request]) => ({
							join_request_id: joinRequestId,
							wa_id: request.waId,
							creation_timestamp: request.createdAt,
						})),
						r,
					),
				];
			if (r.method === 'POST' || r.method === 'DELETE')
				return this.answerJoinRequests(group, json, r.method === 'POST');
		}
		if (edge === 'participants' && r.method === 'DELETE') return this.remove(group, json);
		throw new GraphStubError(400, 100, `Unsupported ${r.method.toLowerCase()} request.`);
	}

	private text(value: unknown, name: string, max: number): string {
		const text = typeof value === 'string' ? value.trim() : '';
		if ([...text].length > max) throw invalid(`${name} must be at most ${max} characters`);
		return text;
	}

	private create(phoneNumberId: string, r: RecordedRequest): StubAnswer {
		const json = (r.json ?? {}) as Record<string, unknown>;
		if (json.messaging_product !== 'whatsapp') throw invalid('messaging_product must be whatsapp');
		const subject = this.text(json.subject, 'subject', 128);
		if (!subject) throw invalid('subject is required');
		const mode = json.join_approval_mode ?? 'auto_approve';
		if (mode !== 'auto_approve' && mode !== 'approval_required')
			throw invalid('join_approval_mode must be auto_approve or approval_required');
		const count = [...this.groups.values()].filter((g) => g.phoneNumberId === phoneNumberId).length;
		if (count >= MAX_GROUPS_PER_NUMBER)
			throw invalid(`A business number can have at most ${MAX_GROUPS_PER_NUMBER} groups`);
		const requestId = randomBytes(16).toString('hex');
		const group: StandInGroup = {
			id: Buffer.from(`capi_group:${phoneNumberId}:${randomBytes(6).toString('hex')}`)
				.toString('base64')
				.replace(/[+/=]/g, ''),
			phoneNumberId,
			requestId,
			subject,
			description: this.text(json.description, 'description', 2048),
			joinApprovalMode: mode,
			createdAt: now(),
			inviteLink: link(),
			participants: [],
			joinRequests: new Map(),
			suspended: false,
		};
		this.groups.set(group.id, group);
		return [200, { messaging_product: 'whatsapp', request_id: requestId }];
	}

	private list(phoneNumberId: string, r: RecordedRequest): StubAnswer {
		const groups = [...this.groups.values()]
			.filter((g) => g.phoneNumberId === phoneNumberId)
			.map((g) => ({ id: g.id, subject: g.subject, created_at: g.createdAt }));
		const { data, paging } = this.graph.page(groups, r);
		return [200, { data: { groups: data }, paging }];
	}

	private node(group: StandInGroup, fields?: string): Record<string, unknown> {
		const all: Record<string, unknown> = {
			subject: group.subject,
			description: group.description,
			join_approval_mode: group.joinApprovalMode,
			suspended: group.suspended,
			creation_timestamp: group.createdAt,
			participants: group.participants.map((waId) => ({ wa_id: waId })),
			total_participant_count: group.participants.length,
		};
		const wanted = fields ? fields.split(',').map((f) => f.trim()) : Object.keys(all);
		const node: Record<string, unknown> = { id: group.id, messaging_product: 'whatsapp' };
		for (const field of wanted) if (field in all) node[field] = all[field];
		return node;
	}

	private update(group: StandInGroup, json: Record<string, unknown>): StubAnswer {
		if (json.subject !== undefined) {
			const subject = this.text(json.subject, 'subject', 128);
			if (!subject) throw invalid('subject must not be empty');
			group.subject = subject;
		}
		if (json.description !== undefined)
			group.description = this.text(json.description, 'description', 2048);
		return [200, { success: true }];
	}

	private answerJoinRequests(
		group: StandInGroup,
		json: Record<string, unknown>,
		approve: boolean,
	): StubAnswer {
		const ids = json.join_requests;
		if (!Array.isArray(ids) || ids.length === 0) throw invalid('join_requests is required');
		const done: string[] = [];
		const failed: unknown[] = [];
		for (const id of ids.map(String)) {
			const request = group.joinRequests.get(id);
			const error = !request
				? 'Join request not found'
				: approve && !this.join(group, request.waId)
					? `The group already has ${MAX_PARTICIPANTS} participants`
					: null;
			if (error) {
				failed.push({
					join_request_id: id,
					errors: [
						{
							code: 100,
							message: 'Invalid parameter',
							title: 'Invalid parameter',
							error_data: { details: error },
						},
					],
				});
				continue;
			}
			group.joinRequests.delete(id);
			done.push(id);
		}
		return [
			200,
			{
				messaging_product: 'whatsapp',
				[approve ? 'approved_join_requests' : 'rejected_join_requests']: done,
				...(failed.length ? { failed_join_requests: failed } : {}),
			},
		];
	}

	private remove(group: StandInGroup, json: Record<string, unknown>): StubAnswer {
		const participants = json.participants;
		if (!Array.isArray(participants) || participants.length === 0)
			throw invalid('participants is required');
		if (participants.length > MAX_PARTICIPANTS)
			throw invalid(`At most ${MAX_PARTICIPANTS} participants can be removed at a time`);
		for (const p of participants) {
			const user = String((p as { user?: unknown }).user ?? '');
			group.participants = group.participants.filter((waId) => waId !== user);
		}
		return [200, { success: true }];
	}
}
