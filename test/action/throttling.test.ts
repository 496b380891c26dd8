import {
	configureGraphRetries,
	getGraphRetrySettings,
	resetGraphRetries,
} from '../support/graphRetries';
import {
	bucUsage,
	byId,
	graph,
	graphError,
	PROOF,
	versionPath,
	WABA_ID,
	wabaDefaultAnswer,
} from './support/graph';
import { runNode } from './support/runner';
import { useGraphMocks } from './support/setup';

const { sleeps } = useGraphMocks();

const path = versionPath(`/${WABA_ID}`);
const getAccount = () =>
	runNode({
		parameters: { resource: 'account', operation: 'get', wabaId: byId(WABA_ID), fields: ['id'] },
	});
const call = () => graph().get(path).query({ fields: 'id', appsecret_proof: PROOF });
const throttled = (code = 80008) =>
	graphError(
		code,
		'There have been too many calls to this WhatsApp Business account. Wait a bit and try again.',
		{
			is_transient: true,
		},
	);

describe('Throttling', () => {
	it.each([4, 17, 32, 613, 80007, 80008])(
		'code %i is retried with back-off, then succeeds',
		async (code) => {
			call().reply(400, throttled(code));
			call().reply(200, wabaDefaultAnswer);
			const { items, error } = await getAccount();
			expect(error).toBeUndefined();
			expect(items[0].json).toEqual(wabaDefaultAnswer);
			expect(sleeps).toEqual([1_000]);
		},
	);

	it('transient codes 1 and 2 are retried too', async () => {
		call().reply(500, graphError(2, 'Service temporarily unavailable', { is_transient: true }));
		call().reply(500, graphError(1, 'An unknown error occurred', { is_transient: true }));
		call().reply(200, wabaDefaultAnswer);
		const { error } = await getAccount();
		expect(error).toBeUndefined();
		expect(sleeps).toEqual([1_000, 2_000]);
	});

	it('waits what X-Business-Use-Case-Usage asks for', async () => {
		configureGraphRetries({ maxDelayMs: 120_000 });
		call().reply(400, throttled(), { 'X-Business-Use-Case-Usage': bucUsage(1) });
		call().reply(200, wabaDefaultAnswer);
		const { error } = await getAccount();
		expect(error).toBeUndefined();
		expect(sleeps).toEqual([60_000]);
	});

	it("fails at once, with Meta's estimate, when the wait is beyond the cap", async () => {
		call()
			.once()
			.reply(400, throttled(), { 'X-Business-Use-Case-Usage': bucUsage(5) });
		const { error } = await getAccount();
		expect(sleeps).toEqual([]);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(
			/^Meta is rate-limiting calls to this WhatsApp Business Account/,
		);
		expect(error?.description).toMatch(/Meta expects access back in about 5 minutes\./);
		expect(error?.context).toMatchObject({
			graphErrorCode: 80008,
			graphErrorClass: 'throttling',
			attempts: 1,
		});
	});

	it('gives up after the last try with a clear error', async () => {
		call().times(3).reply(400, throttled(4));
		const { error } = await getAccount();
		expect(sleeps).toEqual([1_000, 2_000]);
		expect(error?.message).toBe(
			'Meta is rate-limiting calls to this WhatsApp Business Account: There have been too many calls to this WhatsApp Business account. Wait a bit and try again. (gave up after 3 tries)',
		);
		expect(error?.context).toMatchObject({
			graphErrorCode: 4,
			attempts: 3,
			fbtraceId: 'AbCdEfGhIjKlMnOp',
		});
	});

	it('HTTP 429 without an envelope is throttling, honouring Retry-After', async () => {
		call().reply(429, 'Too Many Requests', { 'Retry-After': '3' });
		call().reply(200, wabaDefaultAnswer);
		const { error } = await getAccount();
		expect(error).toBeUndefined();
		expect(sleeps).toEqual([3_000]);
	});

	it('HTTP 429 exhausted', async () => {
		call().times(3).reply(429, 'Too Many Requests');
		const { error } = await getAccount();
		expect(sleeps).toEqual([1_000, 2_000]);
		expect(error?.message).toMatch(/rate-limiting.*\(gave up after 3 tries\)$/);
		expect(error?.httpCode).toBe('429');
	});

	it("uses n8n's sleep by default (kept short here)", async () => {
		resetGraphRetries();
		const settings = getGraphRetrySettings();
		expect(settings).toMatchObject({ maxAttempts: 3, baseDelayMs: 2_000, maxDelayMs: 60_000 });
		const started = Date.now();
		await settings.sleep(15);
		expect(Date.now() - started).toBeGreaterThanOrEqual(10);
	});
});
