import * as http from 'http';
import type { AddressInfo } from 'net';

import { MetaGraphStub } from '../../scripts/lib/metaGraphStub';

const APP = { id: '1234567890123456', secret: 'e2b0c44298fc1c149afbf4c8996fb924' };
const OTHER = { id: '6543210987654321', secret: '0123456789abcdef0123456789abcdef' };
const WABA = '102290129340398';

/** A callback that answers Meta's verification like the trigger does, or with `status`. */
async function callbackServer(verifyToken: string, status?: number) {
	const server = http.createServer((req, res) => {
		const q = new URL(req.url ?? '/', 'http://x').searchParams;
		if (status) return void res.writeHead(status).end('no');
		if (q.get('hub.verify_token') !== verifyToken) return void res.writeHead(403).end('Forbidden');
		res.writeHead(200, { 'content-type': 'text/plain' }).end(q.get('hub.challenge') ?? '');
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
		close: () => new Promise((r) => server.close(r)),
	};
}

async function call(
	stub: MetaGraphStub,
	method: string,
	path: string,
	token: string,
	form?: Record<string, string>,
) {
	const res = await fetch(`${stub.url}/v23.0${path}`, {
		method,
		headers: {
			authorization: `Bearer ${token}`,
			...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
		},
		body: form ? new URLSearchParams(form).toString() : undefined,
	});
	return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('MetaGraphStub', () => {
	let stub: MetaGraphStub;
	beforeEach(async () => {
		stub = await MetaGraphStub.start();
		stub.addApp(APP);
		stub.addApp(OTHER);
		stub.addWaba(WABA);
	});
	afterEach(async () => await stub.close());

	test('an app subscription is stored only after the callback echoes the challenge', async () => {
		const good = await callbackServer('tok-123456789012');
		const missing = await callbackServer('tok-123456789012', 404);
		try {
			const token = stub.appAccessToken(APP.id);
			const refused = await call(stub, 'POST', `/${APP.id}/subscriptions`, token, {
				object: 'whatsapp_business_account',
				callback_url: missing.url,
				verify_token: 'tok-123456789012',
				fields: 'messages',
			});
			expect(refused.status).toBe(400);
			expect(refused.body.error).toMatchObject({ code: 2200, type: 'OAuthException' });
			expect(refused.body.error.message).toMatch(
				/Callback verification failed.*HTTP Status Code = 404/,
			);
			expect(stub.appSubscription(APP.id)).toBeUndefined();

			const ok = await call(stub, 'POST', `/${APP.id}/subscriptions`, token, {
				object: 'whatsapp_business_account',
				callback_url: good.url,
				verify_token: 'tok-123456789012',
				fields: 'messages,security',
			});
			expect(ok).toEqual({ status: 200, body: { success: true } });
			const read = await call(stub, 'GET', `/${APP.id}/subscriptions`, token);
			expect(read.body.data).toEqual([
				{
					object: 'whatsapp_business_account',
					callback_url: good.url,
					active: true,
					fields: [
						{ name: 'messages', version: 'v23.0' },
						{ name: 'security', version: 'v23.0' },
					],
				},
			]);
			// another app's token may not touch it
			expect(
				(await call(stub, 'GET', `/${APP.id}/subscriptions`, stub.appAccessToken(OTHER.id))).body
					.error.code,
			).toBe(100);
		} finally {
			await good.close();
			await missing.close();
		}
	});

	test("subscribed_apps acts for the token's app; a plain POST removes the override", async () => {
		const hook = await callbackServer('tok-override-0001');
		try {
			const ours = stub.addSystemUserToken(APP.id);
			const theirs = stub.addSystemUserToken(OTHER.id);
			await call(stub, 'POST', `/${WABA}/subscribed_apps`, theirs, {
				override_callback_uri: hook.url,
				verify_token: 'tok-override-0001',
			});
			expect(stub.subscribedApps(WABA)).toEqual([
				{ appId: OTHER.id, overrideCallbackUri: hook.url },
			]);
			await call(stub, 'POST', `/${WABA}/subscribed_apps`, ours);
			const listed = await call(stub, 'GET', `/${WABA}/subscribed_apps`, ours);
			expect(
				listed.body.data.map((a: any) => [
					a.whatsapp_business_api_data.id,
					a.override_callback_uri,
				]),
			).toEqual([
				[OTHER.id, hook.url],
				[APP.id, undefined],
			]);
			await call(stub, 'POST', `/${WABA}/subscribed_apps`, theirs);
			expect(stub.subscribedApps(WABA)).toEqual([{ appId: OTHER.id }, { appId: APP.id }]);
			await call(stub, 'DELETE', `/${WABA}/subscribed_apps`, theirs);
			expect(stub.subscribedApps(WABA)).toEqual([{ appId: APP.id }]);
		} finally {
			await hook.close();
		}
	});

	test("a number's override: only for an app subscribed to its WABA, verified, read back per level, removed by an empty URI", async () => {
		const hook = await callbackServer('tok-number-00001');
		try {
			const ours = stub.addSystemUserToken(APP.id);
			stub.addPhoneNumber(WABA, { id: '106540352242922', displayPhoneNumber: '+1 555-0100' });
			const write = async (configuration: Record<string, string>) => {
				const res = await fetch(`${stub.url}/v24.0/106540352242922`, {
					method: 'POST',
					headers: { authorization: `Bearer ${ours}`, 'content-type': 'application/json' },
					body: JSON.stringify({ webhook_configuration: configuration }),
				});
				return { status: res.status, body: (await res.json()) as Record<string, any> };
			};
			const early = await write({
				override_callback_uri: hook.url,
				verify_token: 'tok-number-00001',
			});
			expect(early.status).toBe(400);
			expect(early.body.error).toMatchObject({ code: 100, type: 'OAuthException' });
			expect(stub.verifications).toEqual([]);

			await call(stub, 'POST', `/${WABA}/subscribed_apps`, ours, {
				override_callback_uri: hook.url,
				verify_token: 'tok-number-00001',
			});
			expect(
				await write({ override_callback_uri: hook.url, verify_token: 'tok-number-00001' }),
			).toEqual({ status: 200, body: { success: true } });
			const read = await call(stub, 'GET', '/106540352242922?fields=webhook_configuration', ours);
			expect(read.body).toEqual({
				webhook_configuration: { phone_number: hook.url, whatsapp_business_account: hook.url },
				id: '106540352242922',
			});
			expect(
				(await write({ override_callback_uri: 'x'.repeat(201), verify_token: 'tok' })).body.error
					.code,
			).toBe(100);

			expect(await write({ override_callback_uri: '' })).toEqual({
				status: 200,
				body: { success: true },
			});
			expect(
				(await call(stub, 'GET', '/106540352242922?fields=webhook_configuration', ours)).body
					.webhook_configuration,
			).toEqual({ whatsapp_business_account: hook.url });
		} finally {
			await hook.close();
		}
	});

	test('debug_token names the app a token belongs to; bad tokens and proofs get Meta errors', async () => {
		const theirs = stub.addSystemUserToken(OTHER.id);
		const res = await fetch(
			`${stub.url}/v23.0/debug_token?input_token=${encodeURIComponent(theirs)}`,
			{ headers: { authorization: `Bearer ${stub.appAccessToken(APP.id)}` } },
		);
		expect(((await res.json()) as any).data).toMatchObject({
			app_id: OTHER.id,
			type: 'SYSTEM_USER',
			is_valid: true,
		});
		expect(
			(await call(stub, 'GET', `/${WABA}/subscribed_apps`, 'EAAnotatoken')).body.error.code,
		).toBe(190);
		const badProof = await fetch(`${stub.url}/v23.0/${WABA}/subscribed_apps?appsecret_proof=00`, {
			headers: { authorization: `Bearer ${theirs}` },
		});
		expect(((await badProof.json()) as any).error.message).toMatch(/appsecret_proof/);
	});
});
