// WhatsApp Flows in the Graph stand-in over loopback: Meta's lifecycle (DRAFT, PUBLISHED,
// DEPRECATED) and its refusals, Flow JSON validation errors with lines and columns, preview URLs
// that expire, and the numbers' business public keys; then the node's Flow resource against it.
import { generateKeyPairSync } from 'crypto';

import { SAMPLE_FLOW_JSON } from '../../scripts/lib/metaGraphFlowJson';
import { PREVIEW_DAYS } from '../../scripts/lib/metaGraphFlows';
import { MetaGraphStub } from '../../scripts/lib/metaGraphStub';
import { runNode } from '../action/support/runner';
import { configureGraphRetries, resetGraphRetries } from '../support/graphRetries';
import { call, multipart } from './call';

const APP = { id: '1234567890123456', secret: 'e2b0c44298fc1c149afbf4c8996fb924' };
const WABA = '102290129340398';
const NUMBER = '106540352242922';

const VALID = SAMPLE_FLOW_JSON;
const WITH_ENDPOINT = JSON.stringify({ ...JSON.parse(VALID), data_api_version: '3.0' }, null, 2);

const publicKey = (bits: number) =>
	generateKeyPairSync('rsa', {
		modulusLength: bits,
		publicKeyEncoding: { type: 'spki', format: 'pem' },
		privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
	}).publicKey;

describe('MetaGraphStub Flows', () => {
	let stub: MetaGraphStub;
	let token: string;
	beforeEach(async () => {
		stub = await MetaGraphStub.start({ maxPageSize: 2 });
		stub.addApp(APP);
		token = stub.addSystemUserToken(APP.id);
		stub.addPhoneNumber(WABA, { id: NUMBER, displayPhoneNumber: '+1 555-019-1000' });
	});
	afterEach(async () => await stub.close());

	const create = async (json: Record<string, unknown>) =>
		await call(stub, 'POST', `/${WABA}/flows`, { token, json });
	const upload = async (flowId: string, text: string, fields = { asset_type: 'FLOW_JSON' }) => {
		const body = multipart(
			{ name: 'flow.json', ...fields },
			{ name: 'flow.json', type: 'application/json', data: Buffer.from(text) },
		);
		return await call(stub, 'POST', `/${flowId}/assets`, {
			token,
			bytes: body.bytes,
			headers: { 'content-type': body.contentType },
		});
	};
	const post = async (path: string) => await call(stub, 'POST', path, { token });
	const draft = async (name = 'Booking') =>
		String((await create({ name, categories: ['APPOINTMENT_BOOKING'] })).body.id);

	test('a new Flow is a DRAFT; Graph reads its default fields; names are unique per account', async () => {
		const id = await draft();
		expect((await call(stub, 'GET', `/${id}`, { token })).body).toEqual({
			id,
			name: 'Booking',
			status: 'DRAFT',
			categories: ['APPOINTMENT_BOOKING'],
			validation_errors: [],
		});
		const again = await create({ name: 'Booking', categories: ['OTHER'] });
		expect(again.status).toBe(400);
		expect(again.body.error).toMatchObject({ code: 100, message: 'Flow name is not unique' });
		const noCategory = await create({ name: 'Other', categories: [] });
		expect(noCategory.body.error.message).toBe('(#100) The parameter categories is required');
		const badEndpoint = await create({
			name: 'Other',
			categories: ['OTHER'],
			endpoint_uri: 'http://x.example.com',
		});
		expect(badEndpoint.body.error).toMatchObject({ code: 100, message: 'Invalid Endpoint URI' });
		const badClone = await create({ name: 'Other', categories: ['OTHER'], clone_flow_id: '1' });
		expect(badClone.body.error.message).toBe('Flow with specified ID does not exist');
	});

	test('an invalid Flow JSON is saved with its errors, by line and column, and cannot be published', async () => {
		const id = await draft();
		const broken = '{\n  "version": "7.0",\n  "screens": [\n    { "id": "A" \n  ]\n}';
		const parse = await upload(id, broken);
		expect(parse.status).toBe(200);
		expect(parse.body.success).toBe(true);
		expect(parse.body.validation_errors).toEqual([
			expect.objectContaining({
				error: 'INVALID_JSON',
				error_type: 'FLOW_JSON_ERROR',
				line_start: 5,
				column_start: 3,
			}),
		]);
		const incomplete = await upload(id, '{\n  "screens": [\n    { "id": "A" }\n  ]\n}');
		expect(incomplete.body.validation_errors).toEqual([
			expect.objectContaining({
				error: 'MISSING_REQUIRED_PROPERTY',
				message: "Missing required property 'version'.",
				line_start: 1,
				column_start: 1,
			}),
			expect.objectContaining({
				error: 'MISSING_REQUIRED_PROPERTY',
				message: "Missing required property 'layout'.",
				line_start: 3,
				column_start: 5,
				pointers: [expect.objectContaining({ path: 'screens[0]' })],
			}),
		]);
		expect((await call(stub, 'GET', `/${id}`, { token })).body.validation_errors).toHaveLength(2);
		const publish = await post(`/${id}/publish`);
		expect(publish.status).toBe(400);
		expect(publish.body.error).toMatchObject({
			code: 139002,
			message: 'Publishing Flow with validation errors',
		});
		expect((await upload(id, VALID, { asset_type: 'SCREENSHOT' })).body.error.code).toBe(100);
	});

	test("Meta's lifecycle: publish a valid draft, then no JSON change, no delete; deprecate once", async () => {
		const id = await draft();
		expect((await post(`/${id}/deprecate`)).body.error).toMatchObject({
			code: 139003,
			message: "Can't deprecate unpublished flow",
		});
		expect((await upload(id, VALID)).body).toEqual({ success: true, validation_errors: [] });
		expect((await post(`/${id}/publish`)).body).toEqual({ success: true });
		expect(stub.flows.flows.get(id)?.status).toBe('PUBLISHED');
		expect((await post(`/${id}/publish`)).body.error).toMatchObject({
			code: 139002,
			message: 'Publishing Flow in invalid state',
		});
		expect((await upload(id, VALID)).body.error).toMatchObject({
			code: 139001,
			message: "Flow can't be updated",
		});
		expect((await call(stub, 'DELETE', `/${id}`, { token })).body.error).toMatchObject({
			code: 139004,
			message: "Can't delete published Flow",
		});
		// the metadata of a published Flow can still change
		const renamed = await call(stub, 'POST', `/${id}`, { token, json: { name: 'Booking v1' } });
		expect(renamed.body).toEqual({ success: true });
		expect((await post(`/${id}/deprecate`)).body).toEqual({ success: true });
		expect((await post(`/${id}/deprecate`)).body.error.message).toBe('Flow is already deprecated');
		expect(
			(await call(stub, 'POST', `/${id}`, { token, json: { name: 'x' } })).body.error.code,
		).toBe(139001);
		// a clone is a new draft with the same Flow JSON
		const clone = await create({ name: 'Booking v2', categories: ['OTHER'], clone_flow_id: id });
		const copy = String(clone.body.id);
		expect(stub.flows.flows.get(copy)).toMatchObject({ status: 'DRAFT', flowJson: VALID });
		expect((await call(stub, 'DELETE', `/${copy}`, { token })).body).toEqual({ success: true });
		expect(stub.flows.flows.has(copy)).toBe(false);
		expect((await call(stub, 'GET', `/${copy}`, { token })).status).toBe(400);
	});

	test('a Flow with a data endpoint needs its URL and a signed business public key to publish', async () => {
		const id = await draft();
		await upload(id, WITH_ENDPOINT);
		expect((await post(`/${id}/publish`)).body.error.message).toBe(
			'Publishing without specifying endpoint_uri is forbidden',
		);
		await call(stub, 'POST', `/${id}`, {
			token,
			json: { endpoint_uri: 'https://n8n.example.com/webhook/flow' },
		});
		expect((await post(`/${id}/publish`)).body.error.message).toBe(
			'Missing Flows Signed Public Key',
		);
		const key = publicKey(2048);
		const set = await call(stub, 'POST', `/${NUMBER}/whatsapp_business_encryption`, {
			token,
			form: { business_public_key: key },
		});
		expect(set.body).toEqual({ success: true });
		expect((await post(`/${id}/publish`)).body).toEqual({ success: true });
		expect(
			(
				await call(stub, 'GET', `/${id}?fields=json_version,data_api_version,endpoint_uri`, {
					token,
				})
			).body,
		).toEqual({
			id,
			json_version: '7.0',
			data_api_version: '3.0',
			endpoint_uri: 'https://n8n.example.com/webhook/flow',
		});
	});

	test('a preview URL lasts its days; invalidate(true) or expiry makes a new one', async () => {
		const id = await draft();
		let now = Date.UTC(2026, 11, 7, 12, 0, 0);
		stub.flows.now = () => now;
		const preview = async (invalidate: boolean) =>
			(await call(stub, 'GET', `/${id}?fields=preview.invalidate(${invalidate})`, { token })).body;
		const first = await preview(false);
		expect(first).toEqual({
			id,
			preview: {
				preview_url: expect.stringMatching(
					new RegExp(
						`^https://business\\.facebook\\.com/wa/manage/flows/${id}/preview/\\?token=[0-9a-f]{32}$`,
					),
				),
				expires_at: '2027-01-06T12:00:00+0000',
			},
		});
		expect(PREVIEW_DAYS).toBe(30);
		expect(await preview(false)).toEqual(first);
		const renewed = await preview(true);
		expect(renewed.preview.preview_url).not.toBe(first.preview.preview_url);
		now += 31 * 86_400_000;
		const expired = await preview(false);
		expect(expired.preview.preview_url).not.toBe(renewed.preview.preview_url);
		expect(expired.preview.expires_at).toBe('2027-02-06T12:00:00+0000');
	});

	test('the business public key: a 2048-bit RSA key, VALID until its signature no longer matches', async () => {
		const read = async () =>
			(await call(stub, 'GET', `/${NUMBER}/whatsapp_business_encryption`, { token })).body;
		expect(await read()).toEqual({ data: [] });
		const short = await call(stub, 'POST', `/${NUMBER}/whatsapp_business_encryption`, {
			token,
			form: { business_public_key: publicKey(1024) },
		});
		expect(short.body.error.code).toBe(100);
		const key = publicKey(2048);
		await call(stub, 'POST', `/${NUMBER}/whatsapp_business_encryption`, {
			token,
			form: { business_public_key: key },
		});
		expect(await read()).toEqual({
			data: [{ business_public_key: key, business_public_key_signature_status: 'VALID' }],
		});
		stub.flows.mismatchSignature(NUMBER);
		expect((await read()).data[0].business_public_key_signature_status).toBe('MISMATCH');
	});

	test("GET /{waba-id}/flows pages the account's Flows", async () => {
		for (const name of ['a', 'b', 'c']) await draft(name);
		const first = await call(stub, 'GET', `/${WABA}/flows?fields=name,status`, { token });
		expect(first.body.data).toEqual([
			{ id: expect.any(String), name: 'a', status: 'DRAFT' },
			{ id: expect.any(String), name: 'b', status: 'DRAFT' },
		]);
		const second = await call(stub, 'GET', first.body.paging.next, { token });
		expect(second.body.data.map((f: { name: string }) => f.name)).toEqual(['c']);
		expect(second.body.paging.next).toBeUndefined();
	});
});

describe('the Flow resource against the stand-in', () => {
	let stub: MetaGraphStub;
	let token: string;
	beforeAll(() => configureGraphRetries({ maxAttempts: 1 }));
	afterAll(() => resetGraphRetries());
	beforeEach(async () => {
		stub = await MetaGraphStub.start();
		stub.addApp(APP);
		token = stub.addSystemUserToken(APP.id);
		stub.addPhoneNumber(WABA, { id: NUMBER, displayPhoneNumber: '+1 555-019-1000' });
	});
	afterEach(async () => await stub.close());

	const run = (parameters: Record<string, unknown>, continueOnFail = false) =>
		runNode({
			parameters: { resource: 'flow', ...parameters },
			continueOnFail,
			credential: {
				accessToken: token,
				appSecret: undefined,
				apiVersion: 'v23.0',
				baseUrl: stub.url,
			},
		});

	test('create, upload a broken Flow JSON and read its errors, fix it, publish, deprecate', async () => {
		const created = await run({
			operation: 'create',
			wabaId: WABA,
			name: 'Booking',
			categories: ['APPOINTMENT_BOOKING'],
		});
		expect(created.error).toBeUndefined();
		const flowId = String(created.items[0].json.id);
		const broken = await run({
			operation: 'uploadJson',
			flowId,
			flowJson: '{\n  "version": "7.0"\n}',
		});
		expect(broken.items[0].json).toMatchObject({
			success: true,
			valid: false,
			validation_summary: ["Line 1, column 1: Missing required property 'screens'."],
		});
		const refused = await run({ operation: 'publish', flowId }, true);
		expect(refused.items[0].json).toMatchObject({ code: 139002 });
		const fixed = await run({ operation: 'uploadJson', flowId, flowJson: VALID });
		expect(fixed.items[0].json).toMatchObject({ valid: true, validation_summary: [] });
		expect((await run({ operation: 'publish', flowId })).items[0].json).toEqual({ success: true });
		const deleted = await run({ operation: 'delete', flowId }, true);
		expect(deleted.items[0].json).toMatchObject({
			code: 139004,
			fix: 'Deprecate the Flow instead (Flow > Deprecate).',
		});
		expect((await run({ operation: 'deprecate', flowId })).items[0].json).toEqual({
			success: true,
		});
		const listed = await run({ operation: 'getAll', wabaId: WABA, returnAll: true });
		expect(listed.items.map((i) => i.json)).toEqual([
			{
				id: flowId,
				name: 'Booking',
				status: 'DEPRECATED',
				categories: ['APPOINTMENT_BOOKING'],
				validation_errors: [],
			},
		]);
	});

	test('Set and Get Business Public Key on the number', async () => {
		const key = publicKey(2048);
		const number = (parameters: Record<string, unknown>) =>
			runNode({
				parameters: { resource: 'phoneNumber', phoneNumberId: NUMBER, ...parameters },
				credential: {
					accessToken: token,
					appSecret: undefined,
					apiVersion: 'v23.0',
					baseUrl: stub.url,
				},
			});
		expect(
			(await number({ operation: 'setBusinessPublicKey', businessPublicKey: key })).items[0].json,
		).toEqual({ success: true });
		expect((await number({ operation: 'getBusinessPublicKey' })).items[0].json).toEqual({
			business_public_key: key.trim(),
			business_public_key_signature_status: 'VALID',
		});
	});
});
