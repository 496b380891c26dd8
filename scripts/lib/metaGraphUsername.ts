/**
 * Business usernames in the Graph stand-in (scripts/lib/metaGraphStub.ts), as Meta's "Business
 * usernames" documents them for the Cloud API:
 * - GET /{phone-number-id}/username → `{username, status}`, `username` left out when the number
 *   has none; status `reserved` (not visible yet) or `approved` (visible);
 * - GET /{phone-number-id}/username_suggestions → `{data: [{username_suggestions: [...]}]}`;
 * - POST /{phone-number-id}/username (`username`, `transfer_action` none | force_transfer) →
 *   `{status}`; a name off Meta's format is error 100, a name another portfolio holds 147001,
 *   one another number of the stand-in (a single portfolio) holds 147005 unless force_transfer;
 * - DELETE /{phone-number-id}/username → `{success: true}`.
 * Names compare without regard to case, as Meta compares them.
 *
 *   graph.usernames.suggest(phoneNumberId, ['jaspers_market']);
 *   graph.usernames.holdElsewhere('taken_name');   // held by another business: 147001
 *   graph.usernames.approve(phoneNumberId);        // usernames went live in the region
 *   graph.usernames.of(phoneNumberId);             // { username, status } or undefined
 */
import { isObject } from './isObject';
import {
	GraphStubError,
	type GraphState,
	type RecordedRequest,
	type StubAnswer,
} from './metaGraphState';

export interface StandInUsername {
	username: string;
	status: 'reserved' | 'approved';
}

/** Meta's format, written as one pattern: 3-35 of [A-Za-z0-9._], a letter, no edge or double period, no www start. */
const FORMAT = /^(?!www)(?!\.)(?!.*\.\.)(?!.*\.$)(?=.*[a-z])[a-z0-9._]{3,35}$/i;
const DOMAIN_ENDING = /\.(com|org|net|int|edu|gov|mil|us|in|html)$/i;
const TRANSFER_ACTIONS = ['none', 'force_transfer'];

const invalidParameter = (message: string) => new GraphStubError(400, 100, `(#100) ${message}`);

export class MetaGraphUsername {
	/** phoneNumberId → its username. */
	private readonly names = new Map<string, StandInUsername>();
	private readonly suggestions = new Map<string, string[]>();
	/** Lower-cased names other businesses hold. */
	private readonly elsewhere = new Set<string>();

	constructor(private readonly graph: GraphState) {}

	of(phoneNumberId: string): StandInUsername | undefined {
		const held = this.names.get(phoneNumberId);
		return held && { ...held };
	}

	suggest(phoneNumberId: string, usernames: string[]): void {
		this.suggestions.set(phoneNumberId, [...usernames]);
	}

	holdElsewhere(username: string): void {
		this.elsewhere.add(username.toLowerCase());
	}

	approve(phoneNumberId: string): void {
		const held = this.names.get(phoneNumberId);
		if (held) held.status = 'approved';
	}

	route(r: RecordedRequest): StubAnswer | undefined {
		const [id, edge, ...rest] = r.path.split('/').filter(Boolean);
		if (rest.length || !this.graph.phoneNumbers.has(id)) return undefined;
		if (edge === 'username_suggestions' && r.method === 'GET')
			return [200, { data: [{ username_suggestions: this.suggestions.get(id) ?? [] }] }];
		if (edge !== 'username') return undefined;
		if (r.method === 'GET') return [200, { ...this.names.get(id) }];
		if (r.method === 'DELETE') {
			this.names.delete(id);
			return [200, { success: true }];
		}
		if (r.method !== 'POST')
			throw invalidParameter(`Unsupported ${r.method.toLowerCase()} request.`);
		return this.claim(id, isObject(r.json) ? r.json : r.body);
	}

	private claim(id: string, body: Record<string, unknown>): StubAnswer {
		const { username, transfer_action: transfer = 'none' } = body;
		if (typeof username !== 'string' || !username)
			throw invalidParameter('The parameter username is required');
		if (!FORMAT.test(username) || DOMAIN_ENDING.test(username))
			throw invalidParameter(`Param username "${username}" is not a valid username`);
		if (typeof transfer !== 'string' || !TRANSFER_ACTIONS.includes(transfer))
			throw invalidParameter('Param transfer_action must be one of {none, force_transfer}');
		const wanted = username.toLowerCase();
		if (this.elsewhere.has(wanted))
			throw new GraphStubError(400, 147001, 'Username is not available');
		const holder = [...this.names].find(
			([other, held]) => other !== id && held.username.toLowerCase() === wanted,
		);
		if (holder) {
			if (transfer !== 'force_transfer')
				throw new GraphStubError(
					400,
					147005,
					'Username is used by another phone number in the same business portfolio; use transfer_action force_transfer to move it',
				);
			this.names.delete(holder[0]);
		}
		const claimed: StandInUsername = { username, status: 'reserved' };
		this.names.set(id, claimed);
		return [200, { status: claimed.status }];
	}
}
