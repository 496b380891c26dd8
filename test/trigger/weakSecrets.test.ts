import { createRequire } from 'module';

import type { InProcessTrigger } from '../../scripts/lib/inProcessN8n';
import { WhatsAppBusinessAccountApi } from '../../credentials/WhatsAppBusinessAccountApi.credentials';
import { WhatsAppBusinessAccountWebhookApi } from '../../credentials/WhatsAppBusinessAccountWebhookApi.credentials';
import { signBody } from '../../nodes/shared/webhook/signature';
import { APP_ID, APP_SECRET, delivery, get, startTrigger, VERIFY_TOKEN } from './support';

/**
 * n8n's logger, as the node's context reaches it (n8n-core's contexts take it from the DI
 * container): its warnings, recorded for the test that needs them.
 */
function ownerLog(): { warnings: string[]; restore: () => void } {
	const besideCore = createRequire(require.resolve('n8n-core'));
	const { Container } = besideCore('@n8n/di') as typeof import('@n8n/di');
	const { Logger } = besideCore('@n8n/backend-common') as typeof import('@n8n/backend-common');
	const warnings: string[] = [];
	const spy = jest
		.spyOn(Container.get(Logger), 'warn')
		.mockImplementation((message: unknown) => void warnings.push(String(message)));
	return { warnings, restore: () => spy.mockRestore() };
}

describe('the handshake echoes only plain challenges, never sniffable', () => {
	let host: InProcessTrigger;
	beforeAll(async () => (host = await startTrigger()));
	afterAll(async () => await host.close());

	test('the challenge comes back as text/plain with X-Content-Type-Options: nosniff', async () => {
		const answer = await fetch(
			`${host.url}?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`,
		);
		expect(answer.status).toBe(200);
		expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
		expect(await answer.text()).toBe('1158201444');
	});

	test.each([
		['markup', '<script>alert(1)</script>'],
		['a space', '12 34'],
		['a very long value', '1'.repeat(257)],
	])('a challenge with %s is refused with 403, never echoed', async (_name, challenge) => {
		const answer = await get(
			host,
			`hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=${encodeURIComponent(challenge)}`,
		);
		expect(answer.status).toBe(403);
		expect(answer.text).toContain('hub.challenge must be a plain token');
		expect(answer.text).not.toContain(challenge);
	});
});

describe('weak secrets are refused at delivery time', () => {
	test.each([
		['blank in all but name', ' '],
		['short', 'abc123'],
		['one character repeated', 'xxxxxxxxxxxxxxxxxxxxxxxx'],
	])(
		'an app secret that is %s: signed deliveries are refused with 500 and the reason, nothing starts',
		async (_name, secret) => {
			const host = await startTrigger({}, { webhook: { appSecret: secret }, receipt: false });
			const log = ownerLog();
			try {
				const body = delivery([{ field: 'account_update', value: { event: 'VERIFIED_ACCOUNT' } }]);
				const answer = await fetch(host.url, {
					method: 'POST',
					body,
					headers: {
						'content-type': 'application/json',
						'x-hub-signature-256': signBody(body, secret),
					},
				});
				expect(answer.status).toBe(500);
				// issue 30, finding 5: whoever posted learns nothing of the secret; the owner's log says why
				const text = await answer.text();
				expect(JSON.parse(text)).toEqual({
					error:
						"the trigger's credential cannot be used; the workflow's owner finds why in n8n's log",
				});
				expect(text).not.toMatch(/characters|app secret/);
				expect(log.warnings).toEqual([
					expect.stringMatching(
						/^WhatsApp Business Account Trigger ".*": a delivery was refused: the credential's app secret is refused: the app secret (is empty|is 6 characters long|uses only 1 different)/,
					),
				]);
				expect(host.executions).toHaveLength(0);
			} finally {
				log.restore();
				await host.close();
			}
		},
	);

	test('a guessable verify token never completes the handshake, even when matched', async () => {
		const host = await startTrigger({}, { webhook: { verifyToken: '1234' }, receipt: false });
		const log = ownerLog();
		try {
			const answer = await get(host, 'hub.mode=subscribe&hub.verify_token=1234&hub.challenge=99');
			expect(answer.status).toBe(403);
			// issue 30, finding 5: the caller is not told the token's length; the owner's log is
			expect(answer.text).toBe(
				"Forbidden: the trigger's credential cannot be used; the workflow's owner finds why in n8n's log",
			);
			expect(log.warnings).toEqual([
				expect.stringMatching(
					/: Meta's handshake was refused: the credential's verify token is refused: the verify token is 4 characters long/,
				),
			]);
		} finally {
			log.restore();
			await host.close();
		}
	});
});

describe('credential tests send secrets only to Meta, in headers', () => {
	const webhook = new WhatsAppBusinessAccountWebhookApi();
	const api = new WhatsAppBusinessAccountApi();
	const good = {
		appId: APP_ID,
		appSecret: APP_SECRET,
		verifyToken: VERIFY_TOKEN,
		baseUrl: 'https://graph.facebook.com',
	};

	test('the webhook credential test puts the app access token in the Authorization header, not the query', async () => {
		expect(JSON.stringify(webhook.test.request)).not.toMatch(/access_token|appSecret/);
		const options = await webhook.authenticate(good, {
			baseURL: 'https://graph.facebook.com',
			url: `/${APP_ID}`,
			qs: { fields: 'id,name' },
		});
		expect(options.headers).toEqual({ Authorization: `Bearer ${APP_ID}|${APP_SECRET}` });
		expect(options.qs).toEqual({ fields: 'id,name' });
	});

	test.each([
		['an http base URL on a public host', { baseUrl: 'http://attacker.example' }, /must be https/],
		[
			"an app secret not in Meta's form",
			{ appSecret: 'not-a-meta-app-secret-but-long' },
			/not 32 hexadecimal digits/,
		],
		['a short verify token', { verifyToken: 'abc' }, /verify token is refused/],
		['an app id with a path in it', { appId: '1/../x' }, /numeric id/],
	])(
		'the webhook credential with %s fails its test before any request',
		async (_name, change, message) => {
			await expect(
				webhook.authenticate(
					{ ...good, ...change },
					{ baseURL: String((change as { baseUrl?: string }).baseUrl ?? good.baseUrl), url: '/x' },
				),
			).rejects.toThrow(message);
		},
	);

	test('the API credential refuses a plain-http public base URL and a malformed version, and allows loopback http', async () => {
		const base = { accessToken: 'EAAtoken', appSecret: '', apiVersion: 'v23.0' };
		await expect(
			api.authenticate(
				{ ...base, baseUrl: 'http://graph.example.com' },
				{ baseURL: 'http://graph.example.com/v23.0', url: '/me' },
			),
		).rejects.toThrow(/must be https/);
		await expect(
			api.authenticate(
				{ ...base, baseUrl: 'https://graph.facebook.com', apiVersion: '../../x' },
				{ url: 'https://graph.facebook.com/v23.0/me' },
			),
		).rejects.toThrow(/API Version/);
		const ok = await api.authenticate(
			{ ...base, baseUrl: 'http://127.0.0.1:8080' },
			{ baseURL: 'http://127.0.0.1:8080/v23.0', url: '/me' },
		);
		expect(ok.headers).toMatchObject({ Authorization: 'Bearer EAAtoken' });
	});
});
