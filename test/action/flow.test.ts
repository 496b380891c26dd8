// Flow management (Meta's Flows API) and the business public key of a number
// (whatsapp_business_encryption), against Graph mocks shaped as Meta's reference shows them.
import { generateKeyPairSync } from 'crypto';

import * as fs from 'fs';

import Ajv from 'ajv';
import type { IDataObject } from 'n8n-workflow';

import { fromRoot } from '../../scripts/lib/repoRoot';
import { multipartParts } from '../../scripts/lib/metaGraphMedia';
import { walkFiles } from '../../scripts/lib/walk';
import { graph, graphError, page, PROOF, versionPath, WABA_ID } from './support/graph';
import { runNode } from './support/runner';
import { useGraphMocks } from './support/setup';

useGraphMocks();

const FLOW_ID = '1152341234567890';
const PHONE_NUMBER_ID = '106540352242922';

const run = (
	operation: string,
	parameters: Record<string, unknown> = {},
	options: { continueOnFail?: boolean; items?: IDataObject[] } = {},
) =>
	runNode({
		parameters: { resource: 'flow', operation, ...parameters },
		continueOnFail: options.continueOnFail,
		items: options.items,
	});

/** Meta's example of a Flow JSON validation error (Flows API, "Updating a Flow's Flow JSON"). */
const INVALID_TYPE = {
	error: 'INVALID_PROPERTY_VALUE',
	error_type: 'FLOW_JSON_ERROR',
	message: "Invalid value found for property 'type'.",
	line_start: 10,
	line_end: 10,
	column_start: 21,
	column_end: 34,
	pointers: [
		{
			line_start: 10,
			line_end: 10,
			column_start: 21,
			column_end: 34,
			path: 'screens[0].layout.children[0].type',
		},
	],
};

/** Meta's example of Retrieving Flow Details with every field. */
const FLOW_DETAILS = {
	id: FLOW_ID,
	name: 'Appointment booking',
	status: 'DRAFT',
	categories: ['APPOINTMENT_BOOKING'],
	validation_errors: [],
	json_version: '5.0',
	data_api_version: '3.0',
	endpoint_uri: 'https://example.com',
	preview: {
		preview_url: `https://business.facebook.com/wa/manage/flows/${FLOW_ID}/preview/?token=b9d6`,
		expires_at: '2025-06-12T12:10:24+0000',
	},
	health_status: {
		can_send_message: 'BLOCKED',
		entities: [
			{
				entity_type: 'FLOW',
				id: FLOW_ID,
				can_send_message: 'BLOCKED',
				errors: [
					{
						error_code: 131000,
						error_description:
							'endpoint_uri: You need to set the endpoint URI before you can send or publish a flow.',
						possible_solution:
							'https://developers.facebook.com/docs/whatsapp/flows/reference/flowjson#top-level-flow-json-properties',
					},
				],
			},
			{ entity_type: 'WABA', id: WABA_ID, can_send_message: 'AVAILABLE' },
		],
	},
};

/** The body of a multipart request as nock hands it over (hex for bytes), split into its parts. */
function partsOf(body: unknown, contentType: string) {
	const text = String(body);
	const bytes = /^[0-9a-f]+$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'utf8');
	return multipartParts(bytes, contentType);
}

describe('Flow > Create', () => {
	it('posts name, categories, the clone source and the endpoint URL as JSON; outputs the new ID', async () => {
		graph()
			.post(versionPath(`/${WABA_ID}/flows`), {
				name: 'Appointment booking',
				categories: ['APPOINTMENT_BOOKING', 'OTHER'],
				clone_flow_id: '1000000000000001',
				endpoint_uri: 'https://n8n.example.com/webhook/flow',
			})
			.query({ appsecret_proof: PROOF })
			.reply(200, { id: FLOW_ID });
		const { items, error } = await run('create', {
			wabaId: WABA_ID,
			name: 'Appointment booking',
			categories: ['APPOINTMENT_BOOKING', 'OTHER'],
			options: {
				cloneFlowId: '1000000000000001',
				endpointUri: 'https://n8n.example.com/webhook/flow',
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([{ id: FLOW_ID }]);
	});

	it('refuses a category Meta does not know and an endpoint URL that is not https, before calling Meta', async () => {
		const unknown = await run('create', {
			wabaId: WABA_ID,
			name: 'x',
			categories: "={{ ['OTHER', 'BOOKING'] }}",
		});
		expect(unknown.error?.message).toBe('Unknown Flow category: BOOKING');
		const http = await run('create', {
			wabaId: WABA_ID,
			name: 'x',
			categories: ['OTHER'],
			options: { endpointUri: 'http://n8n.example.com/webhook/flow' },
		});
		expect(http.error?.message).toBe(
			'The endpoint URL must be an https URL, got "http://n8n.example.com/webhook/flow"',
		);
	});

	it("passes on Meta's error 100 for a name already used, as Meta sent it", async () => {
		graph()
			.post(versionPath(`/${WABA_ID}/flows`))
			.query({ appsecret_proof: PROOF })
			.reply(
				400,
				graphError(100, 'Invalid parameter', {
					error_user_title: 'Flow name is not unique',
					error_user_msg: 'Flow name should be unique within one WhatsApp Business Account.',
				}),
			);
		const { items } = await run(
			'create',
			{ wabaId: WABA_ID, name: 'Taken', categories: ['OTHER'] },
			{ continueOnFail: true },
		);
		expect(items[0].json).toMatchObject({ code: 100, httpStatus: 400 });
		expect(String(items[0].json.error)).toContain('Flow name is not unique');
	});
});

describe('Flow > Get and Get Many', () => {
	it('Get reads the fields asked for', async () => {
		const fields = Object.keys(FLOW_DETAILS).join(',');
		graph()
			.get(versionPath(`/${FLOW_ID}`))
			.query({ fields, appsecret_proof: PROOF })
			.reply(200, FLOW_DETAILS);
		const { items, error } = await run('get', {
			flowId: FLOW_ID,
			fields: Object.keys(FLOW_DETAILS),
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([FLOW_DETAILS]);
	});

	it('Get Many follows the pages until the limit, one item per Flow', async () => {
		const flow = (n: number, status: string) => ({
			id: `11523412345678${n}0`,
			name: `flow ${n}`,
			status,
			categories: ['CONTACT_US'],
			validation_errors: [],
		});
		graph()
			.get(versionPath(`/${WABA_ID}/flows`))
			.query({ limit: 3, appsecret_proof: PROOF })
			.reply(200, page([flow(1, 'DRAFT'), flow(2, 'PUBLISHED')], 'QVFIU2', `/${WABA_ID}/flows`));
		graph()
			.get(versionPath(`/${WABA_ID}/flows`))
			.query((q) => q.after === 'QVFIU2')
			.reply(200, page([flow(3, 'DEPRECATED'), flow(4, 'DRAFT')], undefined, `/${WABA_ID}/flows`));
		const { items, error } = await run('getAll', { wabaId: WABA_ID, returnAll: false, limit: 3 });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([
			flow(1, 'DRAFT'),
			flow(2, 'PUBLISHED'),
			flow(3, 'DEPRECATED'),
		]);
	});
});

describe('Flow > Update Metadata', () => {
	it('posts only the fields given', async () => {
		graph()
			.post(versionPath(`/${FLOW_ID}`), {
				categories: ['SURVEY'],
				endpoint_uri: 'https://n8n.example.com/webhook/flow',
			})
			.query({ appsecret_proof: PROOF })
			.reply(200, { success: true });
		const { items, error } = await run('update', {
			flowId: FLOW_ID,
			updateFields: {
				categories: ['SURVEY'],
				endpointUri: 'https://n8n.example.com/webhook/flow',
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([{ success: true }]);
	});

	it('refuses an update with nothing in it', async () => {
		const { error } = await run('update', { flowId: FLOW_ID, updateFields: {} });
		expect(error?.message).toBe('Add at least one field to update');
	});
});

describe('Flow > Upload Flow JSON', () => {
	const flowJson = '{\n  "version": "5.0",\n  "screens": []\n}';

	function expectUpload(answer: object) {
		const sent: { parts: ReturnType<typeof multipartParts> } = { parts: [] };
		let contentType = '';
		graph()
			.post(versionPath(`/${FLOW_ID}/assets`), (body) => {
				sent.parts = partsOf(body, contentType);
				return true;
			})
			.matchHeader('content-type', (value) => {
				contentType = String(value);
				return true;
			})
			.query({ appsecret_proof: PROOF })
			.reply(200, answer);
		return sent;
	}

	it('sends the text as written, as file flow.json with asset_type FLOW_JSON', async () => {
		const sent = expectUpload({ success: true, validation_errors: [] });
		const { items, error } = await run('uploadJson', { flowId: FLOW_ID, flowJson });
		expect(error).toBeUndefined();
		expect(sent.parts.map((p) => [p.name, p.fileName, p.data.toString('utf8')])).toEqual([
			['name', undefined, 'flow.json'],
			['asset_type', undefined, 'FLOW_JSON'],
			['file', 'flow.json', flowJson],
		]);
		expect(sent.parts[2].contentType).toBe('application/json');
		expect(items.map((i) => i.json)).toEqual([
			{ success: true, validation_errors: [], valid: true, validation_summary: [] },
		]);
	});

	it("lists Meta's validation errors with their line and column", async () => {
		expectUpload({ success: true, validation_errors: [INVALID_TYPE] });
		const { items } = await run('uploadJson', { flowId: FLOW_ID, flowJson });
		expect(items.map((i) => i.json)).toEqual([
			{
				success: true,
				validation_errors: [INVALID_TYPE],
				valid: false,
				validation_summary: [
					"Line 10, column 21: Invalid value found for property 'type'. (at screens[0].layout.children[0].type)",
				],
			},
		]);
	});

	it('sends a binary file of the item byte for byte', async () => {
		const file = Buffer.from('{"version":"7.0","screens":[{"id":"Ü"}]}', 'utf8');
		const sent = expectUpload({ success: true, validation_errors: [] });
		const { error } = await run(
			'uploadJson',
			{ flowId: FLOW_ID, source: 'binary', binaryPropertyName: 'flow' },
			{
				items: [
					{
						$binary: {
							flow: {
								base64: file.toString('base64'),
								mimeType: 'application/json',
								fileName: 'booking.json',
							},
						},
					},
				],
			},
		);
		expect(error).toBeUndefined();
		expect(sent.parts[2].data).toEqual(file);
	});

	it("explains Meta's 139001 for a published Flow", async () => {
		graph()
			.post(versionPath(`/${FLOW_ID}/assets`))
			.query({ appsecret_proof: PROOF })
			.reply(400, graphError(139001, "Flow can't be updated"));
		const { items } = await run(
			'uploadJson',
			{ flowId: FLOW_ID, flowJson },
			{ continueOnFail: true },
		);
		expect(items[0].json).toMatchObject({ code: 139001 });
		expect(String(items[0].json.fix)).toContain('Clone From Flow ID');
	});

	it('refuses an empty Flow JSON', async () => {
		const { error } = await run('uploadJson', { flowId: FLOW_ID, flowJson: '  ' });
		expect(error?.message).toBe('The Flow JSON is empty');
	});
});

describe('Flow > Publish, Deprecate, Delete, Get Preview URL', () => {
	it.each([
		['publish', `/${FLOW_ID}/publish`],
		['deprecate', `/${FLOW_ID}/deprecate`],
	])('%s posts to %s', async (operation, path) => {
		graph().post(versionPath(path)).query({ appsecret_proof: PROOF }).reply(200, { success: true });
		const { items, error } = await run(operation, { flowId: FLOW_ID });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([{ success: true }]);
	});

	it("Publish passes on Meta's refusal with the fix", async () => {
		graph()
			.post(versionPath(`/${FLOW_ID}/publish`))
			.query({ appsecret_proof: PROOF })
			.reply(400, graphError(139002, 'Publishing Flow with validation errors'));
		const { items } = await run('publish', { flowId: FLOW_ID }, { continueOnFail: true });
		expect(items[0].json).toMatchObject({ code: 139002 });
		expect(String(items[0].json.error)).toContain('Publishing Flow with validation errors');
		expect(String(items[0].json.fix)).toContain('Set Business Public Key');
	});

	it('Delete deletes a draft and says so', async () => {
		graph()
			.delete(versionPath(`/${FLOW_ID}`))
			.query({ appsecret_proof: PROOF })
			.reply(200, { success: true });
		const { items } = await run('delete', { flowId: FLOW_ID });
		expect(items.map((i) => i.json)).toEqual([{ deleted: true }]);
	});

	it('Delete of a published Flow: 139004, deprecate instead', async () => {
		graph()
			.delete(versionPath(`/${FLOW_ID}`))
			.query({ appsecret_proof: PROOF })
			.reply(400, graphError(139004, "Can't delete published Flow"));
		const { items } = await run('delete', { flowId: FLOW_ID }, { continueOnFail: true });
		expect(items[0].json).toMatchObject({ code: 139004 });
		expect(String(items[0].json.fix)).toBe('Deprecate the Flow instead (Flow > Deprecate).');
	});

	it.each([
		[false, 'preview.invalidate(false)'],
		[true, 'preview.invalidate(true)'],
	])('Get Preview URL (new link: %s) asks for %s', async (invalidate, fields) => {
		const answer = { preview: FLOW_DETAILS.preview, id: FLOW_ID };
		graph()
			.get(versionPath(`/${FLOW_ID}`))
			.query({ fields, appsecret_proof: PROOF })
			.reply(200, answer);
		const { items, error } = await run('getPreviewUrl', { flowId: FLOW_ID, invalidate });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([answer]);
	});
});

describe('Phone Number > Set / Get Business Public Key', () => {
	const pair = (bits: number) =>
		generateKeyPairSync('rsa', {
			modulusLength: bits,
			publicKeyEncoding: { type: 'spki', format: 'pem' },
			privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
		});
	const key = pair(2048);
	const runKey = (operation: string, businessPublicKey?: string) =>
		runNode({
			parameters: {
				resource: 'phoneNumber',
				operation,
				phoneNumberId: PHONE_NUMBER_ID,
				...(businessPublicKey !== undefined ? { businessPublicKey } : {}),
			},
		});

	it('Set posts the PEM form-encoded, as Meta documents', async () => {
		graph()
			.post(versionPath(`/${PHONE_NUMBER_ID}/whatsapp_business_encryption`), {
				business_public_key: key.publicKey.trim(),
			})
			.query({ appsecret_proof: PROOF })
			.reply(200, { success: true });
		const { items, error } = await runKey('setBusinessPublicKey', key.publicKey);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([{ success: true }]);
	});

	it('Set refuses a private key without sending or echoing it', async () => {
		const { error } = await runKey('setBusinessPublicKey', key.privateKey);
		expect(error?.message).toBe('This is a private key, not a public key');
		expect(JSON.stringify({ m: error?.message, d: error?.description })).not.toContain(
			key.privateKey.split('\n')[1],
		);
	});

	it('Set refuses text that is not a key, and an RSA key of another size', async () => {
		expect((await runKey('setBusinessPublicKey', 'not a key')).error?.message).toBe(
			'The business public key is not a PEM public key',
		);
		expect((await runKey('setBusinessPublicKey', pair(1024).publicKey)).error?.message).toBe(
			'The business public key must be a 2048-bit RSA key, got rsa of 1024 bits',
		);
	});

	it.each(['VALID', 'MISMATCH'])(
		'Get outputs the key and its signature status %s',
		async (status) => {
			const entry = {
				business_public_key: key.publicKey,
				business_public_key_signature_status: status,
			};
			graph()
				.get(versionPath(`/${PHONE_NUMBER_ID}/whatsapp_business_encryption`))
				.query({ appsecret_proof: PROOF })
				.reply(200, { data: [entry] });
			const { items, error } = await runKey('getBusinessPublicKey');
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json)).toEqual([entry]);
		},
	);

	it('Get of a number without a key outputs nulls, not nothing', async () => {
		graph()
			.get(versionPath(`/${PHONE_NUMBER_ID}/whatsapp_business_encryption`))
			.query({ appsecret_proof: PROOF })
			.reply(200, { data: [] });
		const { items } = await runKey('getBusinessPublicKey');
		expect(items.map((i) => i.json)).toEqual([
			{ business_public_key: null, business_public_key_signature_status: null },
		]);
	});
});

describe("Meta's documented Flow answers match the Graph schemas", () => {
	const ajv = new Ajv({
		strict: true,
		allErrors: true,
		allowUnionTypes: true,
		discriminator: true,
	});
	ajv.addVocabulary(['x-event', 'x-event-label', 'x-documented']);
	for (const file of walkFiles(fromRoot('schemas'), (name) => name.endsWith('.schema.json')))
		ajv.addSchema(JSON.parse(fs.readFileSync(file, 'utf8')) as object);
	const base = 'https://n8n-nodes-whatsapp-business-account.github.io/schemas/graph/';
	it.each([
		['flow.schema.json', FLOW_DETAILS],
		['flow.schema.json#/definitions/created', { id: FLOW_ID }],
		[
			'flow.schema.json#/definitions/assetsUpdated',
			{ success: true, validation_errors: [INVALID_TYPE] },
		],
		[
			'business-encryption.schema.json',
			{ data: [{ business_public_key: 'PEM', business_public_key_signature_status: 'VALID' }] },
		],
	])('%s', (ref, answer) => {
		const check = ajv.getSchema(base + ref)!;
		expect(check(answer) ? [] : check.errors).toEqual([]);
	});

	it('refuses a status or category Meta does not document', () => {
		const check = ajv.getSchema(base + 'flow.schema.json')!;
		expect(check({ id: FLOW_ID, status: 'ARCHIVED' })).toBe(false);
		expect(check({ id: FLOW_ID, categories: ['BOOKING'] })).toBe(false);
	});
});
