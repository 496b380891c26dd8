import type { InProcessTrigger } from '../../scripts/lib/inProcessN8n';
import { hostileCases, runInProcessCase, send } from '../../scripts/reliability/hostile';
import { APP_SECRET, VERIFY_TOKEN, startTrigger } from '../trigger/support';

const secrets = { appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN };
const cases = hostileCases().filter((c) => !c.realOnly);

describe('hostile inputs against the trigger run by n8n-core (in-process)', () => {
	let host: InProcessTrigger;
	beforeAll(async () => {
		// answered with the receipt (Confirm Receipt to Meta: when the execution is created), which these checks read
		host = await startTrigger();
	});
	afterAll(async () => await host.close());

	test('the table has at least 30 kinds of hostile input', () => {
		expect(cases.length).toBeGreaterThanOrEqual(30);
		expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
	});

	test('every kind names the reason its answer must give, in-process and on a real n8n', () => {
		const missing = hostileCases().flatMap((c) => [
			...(c.realOnly || c.expect.reason !== undefined ? [] : [`${c.name} (in-process)`]),
			...({ ...c.expect, ...(c.real ?? {}) }.reason !== undefined ? [] : [`${c.name} (real n8n)`]),
		]);
		expect(missing).toEqual([]);
	});

	test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
		const { problems } = await runInProcessCase(host, c, secrets);
		expect(problems).toEqual([]);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
	});

	test('the server is still up and accepts a good delivery afterwards', async () => {
		const good = cases.find((c) => c.name.startsWith('signature digest in upper-case'))!;
		const answer = await send(host.url, good.request(secrets));
		expect(answer.status).toBe(200);
	});
});
