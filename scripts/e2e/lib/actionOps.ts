// Issue 13's operations in the end-to-end run: the Graph stub's answers for them (Meta's
// documented shapes), the steps the action workflow runs, and the checks on the requests
// the stub received and the items n8n produced.
import * as crypto from 'crypto';

import type { Answer, Execution } from '../../lib/n8nSupervisor';
import type { Check } from './checks';
import type { GraphStubServer, StubRequest } from './graphStub';

/** One node of the action workflow; `branchFrom` takes that step's output instead of the previous one's. */
export interface ActionStep {
	name: string;
	parameters: Record<string, unknown>;
	branchFrom?: string;
}

/** The stand-in's answer: [status, JSON body], or [status, bytes, content type]. */
export type StubAnswer = [number, unknown] | [number, Buffer, string];

const WABA_ID = '102290129340398';
const PHONE_NUMBER_ID = '106540352242922';
const TEMPLATE_ID = '572279198452421';
const MEDIA_ID = '1037543291543636';
const UPLOADED_MEDIA_ID = '4490709327384033';
/** The media file: a JPEG's first bytes and a payload; its hash is what Meta's answer reports. */
const MEDIA_BYTES = Buffer.concat([
	Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
	Buffer.from('e2e media payload '.repeat(64)),
]);
const MEDIA_SHA256 = crypto.createHash('sha256').update(MEDIA_BYTES).digest('hex');
/** Outside the version prefix, like Meta's lookaside host; signed like Meta's URLs. */
export const DOWNLOAD_PATH = '/whatsapp_business/attachments/';
const DOWNLOAD_QUERY = `mid=${MEDIA_ID}&ext=1691441564&hash=ATuMx4rCGgYgoRmA1JRhQjtvY8KSaqzX`;
const APP_ID = '67084843893';
const UPLOAD_SESSION = 'upload:MTphdHRhY2htZW50OmUyZQ==';
const JUNE_1 = Date.UTC(2026, 5, 1) / 1000;
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

const success: StubAnswer = [200, { success: true }];

/**
 * The stub's answers for these operations: [status, body] for JSON, [status, Buffer, type] for
 * bytes; undefined when the request is not one of them. `versionPath` is the path after /vNN.
 */
export function routeOps(
	method: string,
	fullPath: string,
	versionPath: string | undefined,
	query: Record<string, string>,
	baseUrl: string,
): StubAnswer | undefined {
	if (method === 'GET' && fullPath === DOWNLOAD_PATH) return [200, MEDIA_BYTES, 'image/jpeg'];
	const p = versionPath;
	if (p === undefined) return undefined;
	if (method === 'POST' && p === `/${WABA_ID}/message_templates`)
		return [200, { id: TEMPLATE_ID, status: 'PENDING', category: 'UTILITY' }];
	if (method === 'DELETE' && p === `/${WABA_ID}/message_templates`) return success;
	if (method === 'GET' && p === `/${TEMPLATE_ID}`) {
		return [
			200,
			{
				name: 'order_shipped',
				components: [
					{
						type: 'BODY',
						text: 'Hi {{1}}, your order has shipped.',
						example: { body_text: [['Maria']] },
					},
				],
				language: 'en_US',
				status: 'APPROVED',
				category: 'UTILITY',
				id: TEMPLATE_ID,
			},
		];
	}
	if (method === 'POST' && p === `/${TEMPLATE_ID}`) return success;
	if (method === 'GET' && p === `/${MEDIA_ID}`) {
		return [
			200,
			{
				messaging_product: 'whatsapp',
				url: `${baseUrl}${DOWNLOAD_PATH}?${DOWNLOAD_QUERY}`,
				mime_type: 'image/jpeg',
				sha256: MEDIA_SHA256,
				file_size: MEDIA_BYTES.length,
				id: MEDIA_ID,
			},
		];
	}
	if (method === 'DELETE' && p === `/${UPLOADED_MEDIA_ID}`) return success;
	if (method === 'POST' && p === `/${PHONE_NUMBER_ID}/media`)
		return [200, { id: UPLOADED_MEDIA_ID }];
	if (method === 'POST' && p === `/${APP_ID}/uploads`)
		return [200, { id: `${UPLOAD_SESSION}?sig=ARZqkGCA_uQMxC8nHKI` }];
	if (method === 'POST' && p === `/${UPLOAD_SESSION}`)
		return [200, { h: '4::aW1hZ2UvanBlZw==:ARbE2E' }];
	if (
		method === 'POST' &&
		['register', 'deregister', 'request_code', 'verify_code', 'whatsapp_business_profile'].some(
			(e) => p === `/${PHONE_NUMBER_ID}/${e}`,
		)
	)
		return success;
	if (method === 'POST' && p === `/${PHONE_NUMBER_ID}`) return success;
	if (method === 'GET' && p === `/${PHONE_NUMBER_ID}/whatsapp_business_profile`) {
		return [
			200,
			{
				data: [
					{
						about: 'Succulent specialists!',
						address: '1 Hacker Way, Menlo Park, CA 94025',
						email: 'contact@luckyshrub.com',
						websites: ['https://www.luckyshrub.com'],
						vertical: 'RETAIL',
						messaging_product: 'whatsapp',
					},
				],
			},
		];
	}
	if (
		method === 'GET' &&
		p === `/${WABA_ID}` &&
		/^(pricing|conversation)_analytics\./.test(query.fields || '')
	) {
		const field = query.fields.split('.')[0];
		const point =
			field === 'pricing_analytics'
				? {
						start: JUNE_1,
						end: JUNE_1 + 86400,
						country: 'US',
						pricing_category: 'MARKETING',
						volume: 12,
						cost: 0.3,
					}
				: { start: JUNE_1, end: JUNE_1 + 86400, conversation: 4, country: 'US', cost: 0.1 };
		return [
			200,
			{
				[field]: {
					data: [
						{ data_points: [point, { ...point, start: JUNE_1 + 86400, end: JUNE_1 + 2 * 86400 }] },
					],
				},
				id: WABA_ID,
			},
		];
	}
	if (method === 'GET' && p === `/${WABA_ID}/template_analytics`) {
		return [
			200,
			{
				data: [
					{
						granularity: 'DAILY',
						product_type: 'cloud_api',
						data_points: [
							{
								template_id: TEMPLATE_ID,
								start: JUNE_1,
								end: JUNE_1 + 86400,
								sent: 10,
								delivered: 9,
								read: 7,
								clicked: [{ type: 'quick_reply_button', button_content: 'Track order', count: 3 }],
								cost: [
									{ type: 'amount_spent', value: 0.25 },
									{ type: 'cost_per_delivered', value: 0.03 },
								],
							},
						],
					},
				],
				paging: { cursors: { before: 'MAZDZD', after: 'MjQZD' } },
			},
		];
	}
	if (method === 'GET' && p === `/${WABA_ID}/activities`) {
		return [
			200,
			{
				data: [
					{
						id: '1234567890123456',
						event_type: 'PHONE_NUMBER_ADDED',
						category: 'PHONE_NUMBER',
						timestamp: 1697377800,
						actor_id: '9876543210987654',
						actor_business_id: '5678901234567890',
					},
				],
				paging: { cursors: { before: 'MTAx', after: 'NDMy' } },
			},
		];
	}
	return undefined;
}

const custom = { dateRange: 'custom', start: '2026-06-01T00:00:00', end: '2026-06-03T00:00:00' };

/** The steps, in the order the action workflow runs them after the older ones. */
export const OPS_STEPS: ActionStep[] = [
	{
		name: 'Message Template Create',
		parameters: {
			resource: 'messageTemplate',
			operation: 'create',
			wabaId: byId(WABA_ID),
			name: 'order_shipped',
			language: 'en_US',
			category: 'UTILITY',
			componentsInput: 'fields',
			bodyText: 'Hi {{1}}, your order has shipped.',
			bodyExamples: { values: [{ value: 'Maria' }] },
			buttons: { button: [{ type: 'QUICK_REPLY', text: 'Track order' }] },
		},
	},
	{
		name: 'Message Template Get',
		parameters: { resource: 'messageTemplate', operation: 'get', templateId: TEMPLATE_ID },
	},
	{
		name: 'Message Template Update',
		parameters: {
			resource: 'messageTemplate',
			operation: 'update',
			templateId: TEMPLATE_ID,
			componentsInput: 'json',
			componentsJson: '[{"type":"body","text":"Your order has shipped."}]',
		},
	},
	{
		name: 'Message Template Delete',
		parameters: {
			resource: 'messageTemplate',
			operation: 'delete',
			wabaId: byId(WABA_ID),
			name: 'order_shipped',
			templateId: TEMPLATE_ID,
		},
	},
	{ name: 'Media Get', parameters: { resource: 'media', operation: 'get', mediaId: MEDIA_ID } },
	{
		name: 'Media Download',
		parameters: { resource: 'media', operation: 'download', mediaId: MEDIA_ID },
	},
	{
		name: 'Media Upload',
		parameters: { resource: 'media', operation: 'upload', phoneNumberId: PHONE_NUMBER_ID },
	},
	// needs the downloaded file too: a branch from Media Download
	{
		name: 'Media Upload Template Sample',
		branchFrom: 'Media Download',
		parameters: { resource: 'media', operation: 'uploadForTemplate', appId: APP_ID },
	},
	{
		name: 'Media Delete',
		parameters: { resource: 'media', operation: 'delete', mediaId: UPLOADED_MEDIA_ID },
	},
	{
		name: 'Phone Number Register',
		parameters: {
			resource: 'phoneNumber',
			operation: 'register',
			phoneNumberId: PHONE_NUMBER_ID,
			pin: '212834',
		},
	},
	{
		name: 'Phone Number Deregister',
		parameters: {
			resource: 'phoneNumber',
			operation: 'deregister',
			phoneNumberId: PHONE_NUMBER_ID,
		},
	},
	{
		name: 'Phone Number Request Code',
		parameters: {
			resource: 'phoneNumber',
			operation: 'requestCode',
			phoneNumberId: PHONE_NUMBER_ID,
			codeMethod: 'SMS',
			language: 'en_US',
		},
	},
	{
		name: 'Phone Number Verify Code',
		parameters: {
			resource: 'phoneNumber',
			operation: 'verifyCode',
			phoneNumberId: PHONE_NUMBER_ID,
			code: '123-456',
		},
	},
	{
		name: 'Phone Number Set PIN',
		parameters: {
			resource: 'phoneNumber',
			operation: 'setTwoStepPin',
			phoneNumberId: PHONE_NUMBER_ID,
			pin: '654321',
		},
	},
	{
		name: 'Phone Number Get Profile',
		parameters: {
			resource: 'phoneNumber',
			operation: 'getBusinessProfile',
			phoneNumberId: PHONE_NUMBER_ID,
		},
	},
	{
		name: 'Phone Number Update Profile',
		parameters: {
			resource: 'phoneNumber',
			operation: 'updateBusinessProfile',
			phoneNumberId: PHONE_NUMBER_ID,
			profileUpdateFields: { about: 'Fresh produce', websites: 'https://www.example.com' },
		},
	},
	{
		name: 'Analytics Pricing',
		parameters: {
			resource: 'analytics',
			operation: 'getPricing',
			wabaId: byId(WABA_ID),
			...custom,
			filters: { dimensions: ['COUNTRY'] },
		},
	},
	{
		name: 'Analytics Templates',
		parameters: {
			resource: 'analytics',
			operation: 'getTemplates',
			wabaId: byId(WABA_ID),
			...custom,
			templateIds: TEMPLATE_ID,
		},
	},
	{
		name: 'Analytics Conversations',
		parameters: {
			resource: 'analytics',
			operation: 'getConversations',
			wabaId: byId(WABA_ID),
			...custom,
		},
	},
	{
		name: 'Activity Get Many',
		parameters: {
			resource: 'activity',
			operation: 'getAll',
			wabaId: byId(WABA_ID),
			returnAll: true,
		},
	},
];

/** Checks on what the stub received and what each step output. */
export function checkOps({
	execution,
	stub,
	check,
	version,
	accessToken,
}: {
	execution: Execution | undefined;
	stub: GraphStubServer;
	check: Check;
	version: string;
	accessToken: string;
}): void {
	const reqs = stub.requests;
	const seen = (method: string, p: string, pred: (r: StubRequest) => boolean = () => true) =>
		reqs.filter((r) => r.method === method && r.path === `/${version}${p}` && pred(r));
	const items = (name: string) => {
		const runs = execution?.data?.resultData?.runData?.[name] || [];
		return runs.length ? runs[runs.length - 1]?.data?.main?.[0] || [] : [];
	};
	const out = (name: string): Array<Record<string, Answer>> => items(name).map((i) => i.json);
	const json = (r: StubRequest): Answer => {
		try {
			return JSON.parse(r.raw);
		} catch {
			return undefined;
		}
	};

	const created = seen('POST', `/${WABA_ID}/message_templates`).map(json)[0];
	check(
		'Message Template Create: JSON body with name, language, category and components from the fields',
		created?.name === 'order_shipped' &&
			created?.category === 'UTILITY' &&
			JSON.stringify(created?.components) ===
				JSON.stringify([
					{
						type: 'BODY',
						text: 'Hi {{1}}, your order has shipped.',
						example: { body_text: [['Maria']] },
					},
					{ type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Track order' }] },
				]) &&
			out('Message Template Create')[0]?.status === 'PENDING',
		JSON.stringify(created),
	);
	check(
		'Message Template Get: GET /{template-id}',
		seen('GET', `/${TEMPLATE_ID}`).length === 1 &&
			out('Message Template Get')[0]?.id === TEMPLATE_ID,
	);
	check(
		'Message Template Update: JSON components (type upper-cased) to POST /{template-id}',
		JSON.stringify(seen('POST', `/${TEMPLATE_ID}`).map(json)[0]) ===
			'{"components":[{"type":"BODY","text":"Your order has shipped."}]}' &&
			out('Message Template Update')[0]?.success === true,
	);
	check(
		'Message Template Delete: name and hsm_id, outputs deleted: true',
		seen(
			'DELETE',
			`/${WABA_ID}/message_templates`,
			(r) => r.query.name === 'order_shipped' && r.query.hsm_id === TEMPLATE_ID,
		).length === 1 && out('Message Template Delete')[0]?.deleted === true,
	);
	check('Media Get: the URL and metadata', out('Media Get')[0]?.sha256 === MEDIA_SHA256);
	const downloads = stub.downloads || [];
	const file = items('Media Download')[0];
	check(
		"Media Download: the signed URL fetched with the same Bearer token, binary output with Meta's MIME type, no URL in the item",
		downloads.length === 1 &&
			downloads[0].authorization === `Bearer ${accessToken}` &&
			!('appsecret_proof' in downloads[0].query) &&
			file?.binary?.data?.mimeType === 'image/jpeg' &&
			file?.binary?.data?.fileName === `${MEDIA_ID}.jpg` &&
			file?.json?.file_size === MEDIA_BYTES.length &&
			!JSON.stringify(file?.json).includes(DOWNLOAD_PATH),
		JSON.stringify({
			downloads: downloads.length,
			binary: file?.binary?.data && { ...file.binary.data, data: undefined },
		}),
	);
	const upload = seen('POST', `/${PHONE_NUMBER_ID}/media`)[0];
	check(
		'Media Upload: multipart with messaging_product, type and the downloaded bytes',
		/^multipart\/form-data; boundary=/.test(upload?.contentType || '') &&
			upload.raw.includes('name="messaging_product"\r\n\r\nwhatsapp') &&
			upload.raw.includes('name="type"\r\n\r\nimage/jpeg') &&
			upload.raw.includes(MEDIA_BYTES.toString('latin1')) &&
			out('Media Upload')[0]?.id === UPLOADED_MEDIA_ID,
		upload?.contentType,
	);
	const sessionOpen = seen('POST', `/${APP_ID}/uploads`)[0];
	const sessionUpload = seen('POST', `/${UPLOAD_SESSION}`)[0];
	check(
		'Media Upload Template Sample: session opened with name, length and type, bytes sent with OAuth and file_offset, handle output',
		sessionOpen?.query.file_length === String(MEDIA_BYTES.length) &&
			sessionOpen?.query.file_type === 'image/jpeg' &&
			sessionUpload?.query.sig === 'ARZqkGCA_uQMxC8nHKI' &&
			sessionUpload?.authorization === `OAuth ${accessToken}` &&
			sessionUpload?.fileOffset === '0' &&
			sessionUpload?.raw === MEDIA_BYTES.toString('latin1') &&
			out('Media Upload Template Sample')[0]?.h === '4::aW1hZ2UvanBlZw==:ARbE2E',
		JSON.stringify(sessionOpen?.query),
	);
	check(
		'Media Delete: DELETE /{media-id}, outputs deleted: true',
		seen('DELETE', `/${UPLOADED_MEDIA_ID}`).length === 1 &&
			out('Media Delete')[0]?.deleted === true,
	);
	check(
		'Phone Number Register: messaging_product and PIN as JSON',
		JSON.stringify(seen('POST', `/${PHONE_NUMBER_ID}/register`).map(json)[0]) ===
			'{"messaging_product":"whatsapp","pin":"212834"}',
	);
	check(
		'Phone Number Deregister',
		seen('POST', `/${PHONE_NUMBER_ID}/deregister`).length === 1 &&
			out('Phone Number Deregister')[0]?.success === true,
	);
	check(
		'Phone Number Request Code: code_method and language',
		seen(
			'POST',
			`/${PHONE_NUMBER_ID}/request_code`,
			(r) => r.query.code_method === 'SMS' && r.query.language === 'en_US',
		).length === 1,
	);
	check(
		'Phone Number Verify Code: the digits',
		seen('POST', `/${PHONE_NUMBER_ID}/verify_code`, (r) => r.query.code === '123456').length === 1,
	);
	check(
		'Phone Number Set PIN: POST /{phone-number-id} with the PIN',
		JSON.stringify(seen('POST', `/${PHONE_NUMBER_ID}`).map(json)[0]) === '{"pin":"654321"}',
	);
	check(
		'Phone Number Get Profile: the profile as one item',
		out('Phone Number Get Profile')[0]?.vertical === 'RETAIL' &&
			seen('GET', `/${PHONE_NUMBER_ID}/whatsapp_business_profile`).length === 1,
	);
	check(
		'Phone Number Update Profile: JSON with websites as an array',
		JSON.stringify(seen('POST', `/${PHONE_NUMBER_ID}/whatsapp_business_profile`).map(json)[0]) ===
			'{"messaging_product":"whatsapp","about":"Fresh produce","websites":["https://www.example.com"]}',
	);
	const start = JUNE_1;
	const end = JUNE_1 + 2 * 86400;
	check(
		'Analytics Pricing: field syntax, one item per data point, ISO dates, numeric cost',
		seen(
			'GET',
			`/${WABA_ID}`,
			(r) =>
				r.query.fields ===
				`pricing_analytics.start(${start}).end(${end}).granularity(DAILY).dimensions(["COUNTRY"])`,
		).length === 1 &&
			out('Analytics Pricing').length === 2 &&
			out('Analytics Pricing')[0].start === '2026-06-01T00:00:00.000Z' &&
			out('Analytics Pricing')[0].cost === 0.3,
		JSON.stringify(out('Analytics Pricing')),
	);
	check(
		'Analytics Templates: template_ids and DAILY, clicks summed, costs as columns',
		seen(
			'GET',
			`/${WABA_ID}/template_analytics`,
			(r) => r.query.template_ids === `["${TEMPLATE_ID}"]` && r.query.granularity === 'DAILY',
		).length === 1 &&
			out('Analytics Templates')[0]?.clicked === 3 &&
			out('Analytics Templates')[0]?.amount_spent === 0.25,
	);
	check(
		'Analytics Conversations: one item per data point',
		out('Analytics Conversations').length === 2 &&
			out('Analytics Conversations')[0].conversation === 4,
	);
	check(
		'Activity Get Many: one item per activity with an ISO time',
		out('Activity Get Many')[0]?.time === '2023-10-15T13:50:00.000Z',
	);
}

/** The Resumable Upload API authenticates as `OAuth <token>`, as Meta documents it. */
export const isOAuthUpload = (request: StubRequest, version: string): boolean =>
	request.path.startsWith(`/${version}/upload:`);
