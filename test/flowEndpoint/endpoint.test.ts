/**
 * The Flow endpoint trigger over real loopback HTTP, run by n8n-core's WebhookContext with a
 * workflow after it answering as n8n's "last node" mode does, and a Meta-like client that
 * encrypts with a real RSA key pair generated here.
 */
import type { IDataObject } from 'n8n-workflow';

import { InProcessFlowEndpoint, type FlowWorkflow } from '../../scripts/lib/inProcessFlowEndpoint';
import {
	generateFlowKeyPair,
	MetaFlowClient,
	type FlowKeyPair,
} from '../../scripts/lib/metaFlowClient';

const APP_SECRET = '6f1d0a9c3b7e4f2a8d5c1e9b0a7f3d2c';
const PASSPHRASE = 'correct horse battery staple 42';

let plainKeys: FlowKeyPair;
let encryptedKeys: FlowKeyPair;
beforeAll(() => {
	plainKeys = generateFlowKeyPair();
	encryptedKeys = generateFlowKeyPair(PASSPHRASE);
});

const hosts: InProcessFlowEndpoint[] = [];
afterEach(async () => {
	await Promise.all(hosts.splice(0).map(async (host) => await host.close()));
});
// The node's time limit is a timer it cannot cancel (n8n-workflow's sleep); the tests use a
// one-second limit and let the last ones run out, so that jest leaves no timer behind.
const TEST_TIME_LIMIT_SECONDS = 1;
afterAll(
	async () =>
		await new Promise((resolve) => setTimeout(resolve, TEST_TIME_LIMIT_SECONDS * 1000 + 100)),
);

async function start(
	workflow: FlowWorkflow,
	options: { keys?: FlowKeyPair; passphrase?: string; parameters?: IDataObject } = {},
) {
	const keys = options.keys ?? plainKeys;
	const host = await InProcessFlowEndpoint.start({
		credential: {
			privateKey: keys.privateKeyPem,
			passphrase: options.passphrase ?? keys.passphrase ?? '',
			appSecret: APP_SECRET,
		},
		workflow,
		parameters: {
			...options.parameters,
			options: {
				timeLimit: TEST_TIME_LIMIT_SECONDS,
				...(options.parameters?.options as IDataObject),
			},
		} as never,
	});
	hosts.push(host);
	return { host, client: new MetaFlowClient(host.url, keys.publicKeyPem, APP_SECRET) };
}

const neverCalled: FlowWorkflow = async () => {
	throw new Error('the workflow must not run');
};

/** Where a PEM's secret lines could show up: each base64 line of its body. */
const pemLines = (pem: string) =>
	pem.split('\n').filter((line) => line.length > 20 && !line.startsWith('-----'));

describe('WhatsApp Flow Endpoint Trigger', () => {
	test("answers Meta's health check itself, encrypted, without an execution", async () => {
		const { host, client } = await start(neverCalled);
		const exchange = await client.send({ version: '3.0', action: 'ping' });
		expect(exchange.status).toBe(200);
		expect(exchange.contentType).toMatch(/^text\/plain/);
		expect(exchange.answer).toEqual({ data: { status: 'active' } });
		expect(host.executions).toEqual([]);
	});

	test('INIT then data_exchange: clean items to the workflow, its answers encrypted back', async () => {
		const workflow: FlowWorkflow = async ([item]) => {
			const request = item.json;
			if (request.action === 'INIT')
				return {
					screen: 'APPOINTMENT',
					data: { slots: ['09:00', '10:30'], token: request.flow_token },
				};
			const data = request.data as IDataObject;
			return {
				screen: 'SUCCESS',
				data: {
					extension_message_response: {
						params: { flow_token: request.flow_token, slot: data.slot },
					},
				},
			};
		};
		const { host, client } = await start(workflow);

		const init = await client.send({ version: '3.0', action: 'INIT', flow_token: 'booking-7' });
		expect(init.status).toBe(200);
		expect(init.answer).toEqual({
			screen: 'APPOINTMENT',
			data: { slots: ['09:00', '10:30'], token: 'booking-7' },
		});

		const submit = await client.send({
			version: '3.0',
			action: 'data_exchange',
			screen: 'APPOINTMENT',
			data: { slot: '10:30' },
			flow_token: 'booking-7',
		});
		expect(submit.answer).toEqual({
			screen: 'SUCCESS',
			data: { extension_message_response: { params: { flow_token: 'booking-7', slot: '10:30' } } },
		});
		expect(host.executions.map((items) => items.map((item) => item.json))).toEqual([
			[{ version: '3.0', action: 'INIT', flow_token: 'booking-7' }],
			[
				{
					version: '3.0',
					action: 'data_exchange',
					screen: 'APPOINTMENT',
					data: { slot: '10:30' },
					flow_token: 'booking-7',
				},
			],
		]);
	});

	test("a private key encrypted with a passphrase works; a wrong passphrase is the owner's problem (500), never Meta's 421", async () => {
		const ok = await start(async () => ({ screen: 'NEXT', data: {} }), { keys: encryptedKeys });
		expect(
			(await ok.client.send({ version: '3.0', action: 'BACK', screen: 'A', flow_token: 't' }))
				.answer,
		).toEqual({
			screen: 'NEXT',
			data: {},
		});

		const wrong = await start(neverCalled, {
			keys: encryptedKeys,
			passphrase: 'not the passphrase',
		});
		const refused = await wrong.client.send({ version: '3.0', action: 'ping' });
		expect(refused.status).toBe(500);
		expect(wrong.host.logs.map((line) => line.message).join('\n')).toContain(
			'cannot be decrypted with the passphrase given',
		);
	});

	test('a read of the credential is reused for a second, and a new key is used at once (the refused request is judged again with a fresh read)', async () => {
		const { host, client } = await start(async () => ({ screen: 'NEXT', data: {} }));
		await client.send({ version: '3.0', action: 'ping' });
		await client.send({ version: '3.0', action: 'ping' });
		expect(host.credentialReads).toBe(1);
		// the key pair is replaced: Meta now encrypts for the new public key
		const next = generateFlowKeyPair();
		host.credential.privateKey = next.privateKeyPem;
		const renewed = new MetaFlowClient(host.url, next.publicKeyPem, APP_SECRET);
		expect((await renewed.send({ version: '3.0', action: 'ping' })).answer).toEqual({
			data: { status: 'active' },
		});
		expect(host.credentialReads).toBe(2);
	});

	test.each([
		['the flow data', 'encrypted_flow_data'],
		['the AES key', 'encrypted_aes_key'],
		['the IV', 'initial_vector'],
	] as const)(
		'a body whose %s was changed (and signed as changed) gets 421 and no execution',
		async (_what, field) => {
			const { host, client } = await start(neverCalled);
			const exchange = await client.send(
				{ version: '3.0', action: 'INIT', flow_token: 't' },
				{
					tamper: (body) => {
						const bytes = Buffer.from(body[field], 'base64');
						bytes[bytes.length >> 1] ^= 0x01;
						return { ...body, [field]: bytes.toString('base64') };
					},
				},
			);
			expect(exchange.status).toBe(421);
			expect(JSON.parse(exchange.text)).toEqual({
				error: expect.stringMatching(/cannot be decrypted|does not decrypt/),
			});
			expect(host.executions).toEqual([]);
		},
	);

	test('a request encrypted for another public key gets 421', async () => {
		const { host } = await start(neverCalled);
		const stranger = new MetaFlowClient(host.url, generateFlowKeyPair().publicKeyPem, APP_SECRET);
		expect((await stranger.send({ version: '3.0', action: 'ping' })).status).toBe(421);
	});

	test.each([
		['signed with another secret', '0123456789abcdef0123456789abcdef'],
		['unsigned', null],
	] as const)(
		"a request %s is refused with 432 (Meta's code for a failed signature check) before any decryption",
		async (_what, signWith) => {
			const { host, client } = await start(neverCalled);
			const exchange = await client.send({ version: '3.0', action: 'ping' }, { signWith });
			expect(exchange.status).toBe(432);
			expect(JSON.parse(exchange.text).error).toMatch(/X-Hub-Signature-256/);
			expect(host.executions).toEqual([]);
		},
	);

	test("an error notification is acknowledged, encrypted, without an execution; the owner's log says what Meta reported", async () => {
		const { host, client } = await start(neverCalled);
		const exchange = await client.send({
			version: '3.0',
			action: 'data_exchange',
			flow_token: 'booking-9',
			data: { error: 'INVALID_SCREEN', error_message: 'screen NEXT is not in the Flow JSON' },
		});
		expect(exchange.answer).toEqual({ data: { acknowledged: true } });
		expect(host.executions).toEqual([]);
		expect(host.logs.find((line) => line.level === 'warn')?.message).toContain(
			'INVALID_SCREEN: screen NEXT is not in the Flow JSON',
		);
	});

	test("a failing workflow: Meta's error shape on the current screen (data_exchange), a plain 500 on INIT", async () => {
		const failing: FlowWorkflow = async () => {
			throw new Error('database down');
		};
		const { host, client } = await start(failing, {
			parameters: { options: { errorMessage: 'Booking is unavailable right now' } },
		});
		const submit = await client.send({
			version: '3.0',
			action: 'data_exchange',
			screen: 'APPOINTMENT',
			data: { slot: '10:30' },
			flow_token: 't',
		});
		expect(submit.status).toBe(200);
		expect(submit.answer).toEqual({
			screen: 'APPOINTMENT',
			data: { error_message: 'Booking is unavailable right now' },
		});
		const init = await client.send({ version: '3.0', action: 'INIT', flow_token: 't' });
		expect(init.status).toBe(500);
		expect(host.logs.filter((line) => line.level === 'warn').map((line) => line.message)).toEqual([
			expect.stringContaining('the workflow failed (n8n answered 500: Error in workflow)'),
			expect.stringContaining('the workflow failed (n8n answered 500: Error in workflow)'),
		]);
	});

	test('a workflow that does not answer within the time limit: the node answers with the error shape', async () => {
		const { client } = await start(async () => 'hang', {
			parameters: { options: { timeLimit: 1 } },
		});
		const started = Date.now();
		const exchange = await client.send({
			version: '3.0',
			action: 'data_exchange',
			screen: 'APPOINTMENT',
			data: {},
			flow_token: 't',
		});
		const elapsed = Date.now() - started;
		expect(exchange.answer).toEqual({
			screen: 'APPOINTMENT',
			data: { error_message: expect.any(String) },
		});
		expect(elapsed).toBeGreaterThanOrEqual(950);
		expect(elapsed).toBeLessThan(5000);
	});

	test('a late answer after the time limit is dropped without an error', async () => {
		let late: Promise<void> | undefined;
		const { client } = await start(
			async () => {
				late = new Promise((resolve) => setTimeout(resolve, 1500));
				await late;
				return { screen: 'TOO_LATE', data: {} };
			},
			{ parameters: { options: { timeLimit: 1 } } },
		);
		const exchange = await client.send({
			version: '3.0',
			action: 'BACK',
			screen: 'A',
			flow_token: 't',
		});
		expect(exchange.answer).toEqual({ screen: 'A', data: { error_message: expect.any(String) } });
		await late;
		await new Promise((resolve) => setTimeout(resolve, 50));
	});

	test('the workflow marks the flow token invalid: HTTP 427 with its error_msg', async () => {
		const { client } = await start(async () => ({
			flow_token_invalid: true,
			error_msg: 'This booking was already confirmed',
		}));
		const exchange = await client.send({ version: '3.0', action: 'INIT', flow_token: 'used' });
		expect(exchange.status).toBe(427);
		expect(JSON.parse(exchange.text)).toEqual({ error_msg: 'This booking was already confirmed' });
	});

	test('the private key, passphrase and AES key appear in no item, answer or log line', async () => {
		const seen: string[] = [];
		const { host, client } = await start(
			async ([item]) => {
				seen.push(JSON.stringify(item));
				return { screen: 'NEXT', data: {} };
			},
			{ keys: encryptedKeys },
		);
		const answers = [
			await client.send({ version: '3.0', action: 'INIT', flow_token: 't' }),
			await client.send({ version: '3.0', action: 'ping' }),
			await client.send({ version: '3.0', action: 'INIT', data: { error: 'X' }, flow_token: 't' }),
			await client.send(
				{ version: '3.0', action: 'ping' },
				{ tamper: (b) => ({ ...b, encrypted_aes_key: 'AAAA' }) },
			),
		];
		const wrongPassphrase = await start(neverCalled, {
			keys: encryptedKeys,
			passphrase: 'nope nope nope',
		});
		answers.push(await wrongPassphrase.client.send({ version: '3.0', action: 'ping' }));
		const unencrypted = generateFlowKeyPair();
		const outputs = [
			...seen,
			...answers.map((a) => a.text),
			...[...host.logs, ...wrongPassphrase.host.logs].map((line) => JSON.stringify(line)),
		].join('\n');
		expect(seen).toHaveLength(1);
		for (const line of [
			...pemLines(encryptedKeys.privateKeyPem),
			...pemLines(unencrypted.privateKeyPem),
		])
			expect(outputs).not.toContain(line);
		expect(outputs).not.toContain(PASSPHRASE);
		expect(outputs).not.toMatch(/PRIVATE KEY|encrypted_aes_key|aesKey/);
	});
});
