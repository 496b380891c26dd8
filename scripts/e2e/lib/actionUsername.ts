// Issue 35's business username operations in the end-to-end run: the action workflow claims a
// username for the number, reads it and the suggestions back, then releases it, against the Graph
// stand-in's username part (scripts/lib/metaGraphUsername.ts), and asks a customer known only by
// a business-scoped user ID (as usernames leave them) for their number (request_contact_info);
// the checks on what it received, holds and n8n output.
import type { Execution } from '../../lib/n8n/client';
import { nodeOutput } from '../../lib/n8n/workflows';
import type { MetaGraphStub } from '../../lib/metaGraphStub';
import { PHONE_NUMBER_ID } from './actionGraph';
import type { ActionStep } from './actionOps';
import type { Check } from './checks';

const USERNAME = 'jaspers_market';
const SUGGESTIONS = [USERNAME, 'jaspersmarket'];
/** A customer with a username: the business knows their BSUID, not their phone number. */
const BSUID_ONLY = 'US.13491208655302741918';

/** The usernames Meta reserved for the number, and the BSUID-only customer's message. */
export function setUpUsername(graph: MetaGraphStub): void {
	graph.usernames.suggest(PHONE_NUMBER_ID, SUGGESTIONS);
	graph.messaging.recordInbound(PHONE_NUMBER_ID, { userId: BSUID_ONLY });
}

const username = (operation: string, parameters: Record<string, unknown> = {}) => ({
	resource: 'phoneNumber',
	operation,
	phoneNumberId: PHONE_NUMBER_ID,
	...parameters,
});

/** The steps, in the order the action workflow runs them after the older ones. */
export const USERNAME_STEPS: ActionStep[] = [
	{ name: 'Phone Number Get Username Suggestions', parameters: username('getUsernameSuggestions') },
	{
		name: 'Phone Number Set Username',
		parameters: username('setUsername', {
			username:
				"={{ $('Phone Number Get Username Suggestions').first().json.username_suggestions[0] }}",
			transferAction: 'none',
		}),
	},
	{ name: 'Phone Number Get Username', parameters: username('getUsername') },
	{ name: 'Phone Number Release Username', parameters: username('releaseUsername') },
	{
		name: 'Message Send Contact Info Request',
		parameters: {
			resource: 'message',
			operation: 'sendContactInfoRequest',
			recipientMode: 'userId',
			senderPhoneNumberId: { __rl: true, mode: 'id', value: PHONE_NUMBER_ID },
			recipientUserId: BSUID_ONLY,
			text: 'Please share your phone number so we can call you back',
		},
	},
];

/** Checks on what the stand-in received and holds, and what each username step output. */
export function checkUsername({
	execution,
	graph,
	check,
}: {
	execution: Execution | undefined;
	graph: MetaGraphStub;
	check: Check;
}): void {
	const out = (step: string) => nodeOutput(execution, step) ?? [];
	const claim = graph.requests.find(
		(r) => r.method === 'POST' && r.path === `/${PHONE_NUMBER_ID}/username`,
	);
	check(
		'Phone Number Get Username Suggestions, Set, Get, Release Username: the first suggestion claimed, read back reserved, released',
		JSON.stringify(out('Phone Number Get Username Suggestions')[0]?.username_suggestions) ===
			JSON.stringify(SUGGESTIONS) &&
			JSON.stringify(claim?.json) ===
				JSON.stringify({ username: USERNAME, transfer_action: 'none' }) &&
			out('Phone Number Set Username')[0]?.status === 'reserved' &&
			out('Phone Number Get Username')[0]?.username === USERNAME &&
			out('Phone Number Get Username')[0]?.status === 'reserved' &&
			out('Phone Number Release Username')[0]?.success === true &&
			graph.usernames.of(PHONE_NUMBER_ID) === undefined,
		JSON.stringify(out('Phone Number Get Username')),
	);
	const request = graph.messaging.sent.find(
		(m) =>
			(m.body.interactive as Record<string, unknown> | undefined)?.type === 'request_contact_info',
	);
	check(
		'Message Send Contact Info Request: request_contact_info to the BSUID, its wamid output',
		request?.body.recipient === BSUID_ONLY &&
			JSON.stringify(request?.body.interactive) ===
				JSON.stringify({
					type: 'request_contact_info',
					action: { name: 'request_contact_info' },
					body: { text: 'Please share your phone number so we can call you back' },
				}) &&
			out('Message Send Contact Info Request')[0]?.messageId === request?.wamid,
		JSON.stringify(request?.body),
	);
}
