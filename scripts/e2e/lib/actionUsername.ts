// Issue 35's business username operations in the end-to-end run: the action workflow claims a
// username for the number, reads it and the suggestions back, then releases it, against the Graph
// stand-in's username part (scripts/lib/metaGraphUsername.ts); the checks on what it received,
// holds and n8n output.
import type { Execution } from '../../lib/n8n/client';
import { nodeOutput } from '../../lib/n8n/workflows';
import type { MetaGraphStub } from '../../lib/metaGraphStub';
import { PHONE_NUMBER_ID } from './actionGraph';
import type { ActionStep } from './actionOps';
import type { Check } from './checks';

const USERNAME = 'jaspers_market';
const SUGGESTIONS = [USERNAME, 'jaspersmarket'];

/** The usernames Meta reserved for the number. */
export function setUpUsername(graph: MetaGraphStub): void {
	graph.usernames.suggest(PHONE_NUMBER_ID, SUGGESTIONS);
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
}
