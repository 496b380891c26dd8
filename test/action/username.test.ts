// Phone Number > Get Username, Get Username Suggestions, Set Username and Release Username over
// real loopback HTTP against the Graph stand-in (scripts/lib/metaGraphUsername.ts): the requests
// Meta documents, its answers, Meta's format rules refused before the request naming the
// parameter, and Meta's 147005 (held by another number of the portfolio) explained.
import type { IDataObject } from 'n8n-workflow';

import { usernameProblem } from '../../nodes/WhatsAppBusinessAccount/actions/phoneNumber/setUsername.operation';
import { MetaGraphStub } from '../../scripts/lib/metaGraphStub';
import { configureGraphRetries, resetGraphRetries } from '../support/graphRetries';
import { runNode } from './support/runner';

const APP_ID = '1234567890123456';
const APP_SECRET = '0123456789abcdef0123456789abcdef';
const WABA = '102290129340398';
const NUMBER = '106540352242922';
const OTHER_NUMBER = '106540352242923';

let graph: MetaGraphStub;
let token: string;

beforeAll(() => configureGraphRetries({ maxAttempts: 1 }));
afterAll(() => resetGraphRetries());
beforeEach(async () => {
	graph = await MetaGraphStub.start();
	graph.addApp({ id: APP_ID, secret: APP_SECRET });
	token = graph.addSystemUserToken(APP_ID);
	graph.addPhoneNumber(WABA, { id: NUMBER, displayPhoneNumber: '+1 555-078-3881' });
	graph.addPhoneNumber(WABA, { id: OTHER_NUMBER, displayPhoneNumber: '+1 555-078-3882' });
});
afterEach(async () => await graph.close());

async function run(operation: string, parameters: IDataObject = {}, phoneNumberId = NUMBER) {
	const { items, error } = await runNode({
		parameters: { resource: 'phoneNumber', operation, phoneNumberId, ...parameters } as never,
		credential: {
			accessToken: token,
			appSecret: APP_SECRET,
			apiVersion: 'v23.0',
			baseUrl: graph.url,
		},
	});
	return { json: items.map((i) => i.json), error };
}
const set = (username: string, transferAction?: string, phoneNumberId = NUMBER) =>
	run('setUsername', { username, ...(transferAction ? { transferAction } : {}) }, phoneNumberId);
const usernameCalls = () => graph.requests.filter((r) => r.path === `/${NUMBER}/username`);

it('reads a number without a username as username null', async () => {
	const { json, error } = await run('getUsername');
	expect(error).toBeUndefined();
	expect(usernameCalls()[0].method).toBe('GET');
	expect(json).toEqual([{ username: null }]);
});

it('claims a username (without its @), reads it back reserved, then approved once live', async () => {
	const claimed = await set('@jaspers_market');
	expect(claimed.error).toBeUndefined();
	expect(usernameCalls()[0]).toMatchObject({
		method: 'POST',
		json: { username: 'jaspers_market', transfer_action: 'none' },
	});
	expect(claimed.json).toEqual([{ username: 'jaspers_market', status: 'reserved' }]);
	expect((await run('getUsername')).json).toEqual([
		{ username: 'jaspers_market', status: 'reserved' },
	]);
	graph.usernames.approve(NUMBER);
	expect((await run('getUsername')).json).toEqual([
		{ username: 'jaspers_market', status: 'approved' },
	]);
});

it('releases the username', async () => {
	await set('jaspers_market');
	const { json, error } = await run('releaseUsername');
	expect(error).toBeUndefined();
	expect(usernameCalls().at(-1)!.method).toBe('DELETE');
	expect(json).toEqual([{ success: true }]);
	expect(graph.usernames.of(NUMBER)).toBeUndefined();
});

it('lists the suggestions Meta reserved, and none as an empty list', async () => {
	expect((await run('getUsernameSuggestions')).json).toEqual([{ username_suggestions: [] }]);
	graph.usernames.suggest(NUMBER, ['jaspers_market', 'jaspersmarket']);
	const { json, error } = await run('getUsernameSuggestions');
	expect(error).toBeUndefined();
	expect(graph.requests.at(-1)!.path).toBe(`/${NUMBER}/username_suggestions`);
	expect(json).toEqual([{ username_suggestions: ['jaspers_market', 'jaspersmarket'] }]);
});

it("explains Meta's 147005 when another number of the portfolio holds the name, and Force Transfer moves it", async () => {
	await set('jaspers_market', 'none', OTHER_NUMBER);
	const { error } = await set('Jaspers_Market');
	expect((error as unknown as IDataObject).httpCode).toBe('400');
	expect(error?.description).toContain('Set Transfer to Force Transfer');
	expect(graph.usernames.of(OTHER_NUMBER)?.username).toBe('jaspers_market');

	const moved = await set('jaspers_market', 'force_transfer');
	expect(moved.error).toBeUndefined();
	expect(usernameCalls().at(-1)!.json).toEqual({
		username: 'jaspers_market',
		transfer_action: 'force_transfer',
	});
	expect(graph.usernames.of(NUMBER)).toEqual({ username: 'jaspers_market', status: 'reserved' });
	expect(graph.usernames.of(OTHER_NUMBER)).toBeUndefined();
});

it("explains Meta's 147001 for a name another business holds", async () => {
	graph.usernames.holdElsewhere('jaspers_market');
	const { error } = await set('jaspers_market');
	expect(error?.description).toContain('Get Username Suggestions');
	expect(graph.usernames.of(NUMBER)).toBeUndefined();
});

it.each([
	['ab', 'is 2 characters; WhatsApp takes 3 to 35'],
	['a'.repeat(36), 'is 36 characters; WhatsApp takes 3 to 35'],
	[
		'jasper-market',
		'has "-"; WhatsApp takes only English letters, digits, periods (.) and underscores (_)',
	],
	[
		'jaspér',
		'has "é"; WhatsApp takes only English letters, digits, periods (.) and underscores (_)',
	],
	['12_345', 'needs at least one letter'],
	['.jasper', 'starts or ends with a period; WhatsApp does not take that'],
	['jasper.', 'starts or ends with a period; WhatsApp does not take that'],
	['jasper..market', 'has two periods in a row; WhatsApp does not take that'],
	['wwwjasper', 'starts with "www"; WhatsApp does not take that'],
	['jaspers.COM', 'ends with ".com", like a web address; WhatsApp does not take that'],
	['jaspers.html', 'ends with ".html", like a web address; WhatsApp does not take that'],
])('refuses %j before any request', async (username, problem) => {
	const { error } = await set(username);
	expect(error?.message).toBe(`Username "${username}" ${problem}`);
	expect(usernameCalls()).toHaveLength(0);
});

it('refuses an empty username before any request', async () => {
	const { error } = await set('  ');
	expect(error?.message).toBe('Username is empty');
	expect(usernameCalls()).toHaveLength(0);
});

it('takes what Meta takes: periods inside, underscores, digits, a suffix not like a domain', () => {
	for (const ok of ['jaspers.market', 'j_1', 'Jaspers_Market_2026', 'shop.company', 'a'.repeat(35)])
		expect(usernameProblem(ok)).toBeUndefined();
});

it('the stand-in refuses what the node refuses (error 100), so a test cannot pass on a looser Meta', async () => {
	const res = await fetch(`${graph.url}/v23.0/${NUMBER}/username`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
		body: JSON.stringify({ username: 'www.jasper' }),
	});
	expect(res.status).toBe(400);
	expect(((await res.json()) as { error: { code: number } }).error.code).toBe(100);
});
