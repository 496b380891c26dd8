import type { InProcessTrigger } from '../../scripts/lib/inProcessN8n';
import { get, startTrigger, VERIFY_TOKEN } from './support';

describe("Meta's verification handshake (GET)", () => {
	let host: InProcessTrigger;
	beforeAll(async () => {
		host = await startTrigger();
	});
	afterAll(async () => await host.close());

	test('a matching token gets the challenge back as plain text, and starts nothing', async () => {
		const answer = await get(
			host,
			`hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`,
		);
		expect(answer.status).toBe(200);
		expect(answer.contentType).toMatch(/^text\/plain/);
		expect(answer.text).toBe('1158201444');
		expect(host.executions).toHaveLength(0);
	});

	test.each([
		[
			'a wrong token',
			`hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1`,
			'hub.verify_token does not match',
		],
		[
			'a token that is a prefix of the right one',
			`hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN.slice(0, 5)}&hub.challenge=1`,
			'does not match',
		],
		[
			'a wrong mode',
			`hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`,
			'hub.mode must be "subscribe"',
		],
		['no mode', `hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`, 'hub.mode must be "subscribe"'],
		[
			'no challenge',
			`hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}`,
			'hub.challenge is missing',
		],
		['no token', `hub.mode=subscribe&hub.challenge=1`, 'hub.verify_token is missing'],
		[
			'a repeated token',
			`hub.mode=subscribe&hub.verify_token=x&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`,
			'hub.verify_token must be given once',
		],
	])('%s is refused with 403 and a reason', async (_name, query, reason) => {
		const answer = await get(host, query);
		expect(answer.status).toBe(403);
		expect(answer.text).toContain(reason);
		expect(answer.text).not.toContain(VERIFY_TOKEN);
		expect(host.executions).toHaveLength(0);
	});
});
