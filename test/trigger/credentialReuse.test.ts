import type { IWebhookFunctions } from 'n8n-workflow';

import type { InProcessTrigger } from '../../scripts/lib/inProcessN8n';
import {
	CREDENTIAL_REUSE_MS,
	readWebhookCredential,
} from '../../nodes/shared/webhook/credentialReuse';
import { signBody } from '../../nodes/shared/webhook/signature';
import { APP_ID, APP_SECRET, delivery, post, startTrigger, VERIFY_TOKEN } from './support';

const WEBHOOK = 'whatsAppBusinessAccountWebhookApi';
const NEW_SECRET = '5d41402abc4b2a76b9719d911017c592';
const body = delivery([{ field: 'account_update', value: { event: 'VERIFIED_ACCOUNT' } }]);

describe('a production node reuses its credential read for under a second, and never refuses because of it', () => {
	let host: InProcessTrigger;
	let credential: { appId: string; appSecret: string; verifyToken: string };
	let now: number;
	beforeEach(async () => {
		now = 1_800_000_000_000;
		jest.spyOn(Date, 'now').mockImplementation(() => now);
		credential = { appId: APP_ID, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN };
		host = await startTrigger({}, { credential });
	});
	afterEach(async () => {
		jest.restoreAllMocks();
		await host.close();
	});
	const reads = () => host.credentialReads.get(WEBHOOK) ?? 0;

	test('deliveries within the window read the credential once; the first after it reads again', async () => {
		for (let i = 0; i < 5; i++) expect((await post(host, body)).status).toBe(200);
		expect(reads()).toBe(1);
		now += CREDENTIAL_REUSE_MS - 1;
		expect((await post(host, body)).status).toBe(200);
		expect(reads()).toBe(1);
		now += 1;
		expect((await post(host, body)).status).toBe(200);
		expect(reads()).toBe(2);
		expect(host.executions).toHaveLength(7);
	});

	test('an edited app secret: a delivery signed with the new one is accepted at once (judged again with a fresh read)', async () => {
		expect((await post(host, body)).status).toBe(200);
		credential.appSecret = NEW_SECRET;
		const answer = await post(host, body, { signature: signBody(body, NEW_SECRET) });
		expect(answer.status).toBe(200);
		expect(reads()).toBe(2);
		expect(host.executions).toHaveLength(2);
	});

	test('an edited app secret: the previous one is accepted only until the window of the last read ends', async () => {
		expect((await post(host, body)).status).toBe(200);
		credential.appSecret = NEW_SECRET;
		// the trade-off, documented: the reading from before the edit still verifies
		now += CREDENTIAL_REUSE_MS - 1;
		expect((await post(host, body)).status).toBe(200);
		now += 1;
		const refused = await post(host, body);
		expect(refused.status).toBe(401);
		expect(refused.json).toEqual({ error: expect.stringMatching(/signature/i) });
		expect(host.executions).toHaveLength(2);
	});

	test('a wrong signature is refused after a fresh read, and the fresh read is reused next', async () => {
		expect((await post(host, body)).status).toBe(200);
		const forged = await post(host, body, { signature: signBody(body, NEW_SECRET) });
		expect(forged.status).toBe(401);
		expect(reads()).toBe(2);
		expect((await post(host, body)).status).toBe(200);
		expect(reads()).toBe(2);
		expect(host.executions).toHaveLength(2);
	});

	test('a weak secret fixed in the credential is used at once', async () => {
		credential.appSecret = 'short';
		expect((await post(host, body, { signature: signBody(body, 'short') })).status).toBe(500);
		credential.appSecret = NEW_SECRET;
		expect((await post(host, body, { signature: signBody(body, NEW_SECRET) })).status).toBe(200);
		expect(host.executions).toHaveLength(1);
	});
});

describe('readWebhookCredential reuses only production reads of the same workflow, node and credential', () => {
	function context(
		mode: string,
		workflowId: string,
		credentialId: string | undefined,
		value: Record<string, string>,
	) {
		const read = jest.fn(async () => ({ ...value }));
		const ctx = {
			getMode: () => mode,
			getWorkflow: () => ({ id: workflowId, active: true }),
			getNode: () => ({
				id: 'node-1',
				name: 'Trigger',
				credentials: credentialId ? { [WEBHOOK]: { id: credentialId, name: 'c' } } : {},
			}),
			getCredentials: read,
		} as unknown as IWebhookFunctions;
		return { ctx, read };
	}

	test('test listening (manual mode) reads every time', async () => {
		const { ctx, read } = context('manual', 'wf-manual', 'cred-1', { appSecret: APP_SECRET });
		await readWebhookCredential(ctx, WEBHOOK);
		const second = await readWebhookCredential(ctx, WEBHOOK);
		expect(second.reused).toBe(false);
		expect(read).toHaveBeenCalledTimes(2);
	});

	test("two workflows using two credentials never see each other's reading", async () => {
		const a = context('webhook', 'wf-a', 'cred-a', { appSecret: 'a'.repeat(8) + APP_SECRET });
		const b = context('webhook', 'wf-b', 'cred-b', { appSecret: NEW_SECRET });
		expect(
			(await readWebhookCredential<{ appSecret: string }>(a.ctx, WEBHOOK)).value.appSecret,
		).toBe('a'.repeat(8) + APP_SECRET);
		const fromB = await readWebhookCredential<{ appSecret: string }>(b.ctx, WEBHOOK);
		expect(fromB).toEqual({ value: { appSecret: NEW_SECRET }, reused: false });
		expect((await readWebhookCredential(a.ctx, WEBHOOK)).reused).toBe(true);
	});

	test('a node whose workflow switched to another credential reads the new one', async () => {
		const before = context('webhook', 'wf-switch', 'cred-old', { appSecret: APP_SECRET });
		const after = context('webhook', 'wf-switch', 'cred-new', { appSecret: NEW_SECRET });
		await readWebhookCredential(before.ctx, WEBHOOK);
		const read = await readWebhookCredential<{ appSecret: string }>(after.ctx, WEBHOOK);
		expect(read).toEqual({ value: { appSecret: NEW_SECRET }, reused: false });
	});
});
