// Issue 13's operations in the end-to-end run: the steps the action workflow runs against the
// Graph stand-in (actionGraph.ts), and the checks on the requests it received, the state it
// keeps and the items n8n produced.
import type { Answer, Execution } from '../../lib/n8n/client';
import { LOOKASIDE_PATH } from '../../lib/metaGraphMedia';
import type { RecordedRequest } from '../../lib/metaGraphState';
import type { MetaGraphStub } from '../../lib/metaGraphStub';
import type { TemplateMessaging } from '../../lib/metaGraphTemplates';
import {
	JUNE_1,
	MEDIA_BYTES,
	MEDIA_ID,
	MEDIA_SHA256,
	PHONE_NUMBER_ID,
	TEMPLATE_ID,
	WABA_ID,
} from './actionGraph';
import type { Check } from './checks';

/** One node of the action workflow; `branchFrom` takes that step's output instead of the previous one's. */
export interface ActionStep {
	name: string;
	parameters: Record<string, unknown>;
	branchFrom?: string;
}

const APP_ID = '67084843893';
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
/** The ID an earlier step output: what the stand-in assigned (a created template, an upload). */
const idFrom = (step: string) => `={{ $('${step}').first().json.id }}`;

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
		parameters: {
			resource: 'messageTemplate',
			operation: 'get',
			templateId: idFrom('Message Template Create'),
		},
	},
	{
		name: 'Message Template Update',
		parameters: {
			resource: 'messageTemplate',
			operation: 'update',
			templateId: idFrom('Message Template Create'),
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
			templateId: idFrom('Message Template Create'),
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
		parameters: { resource: 'media', operation: 'delete', mediaId: idFrom('Media Upload') },
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

/** Checks on what the stand-in received and holds, and what each step output. */
export function checkOps({
	execution,
	graph,
	templates,
	check,
	version,
	accessToken,
}: {
	execution: Execution | undefined;
	graph: MetaGraphStub;
	templates: TemplateMessaging;
	check: Check;
	version: string;
	accessToken: string;
}): void {
	const reqs = graph.requests;
	const seen = (method: string, p: string, pred: (r: RecordedRequest) => boolean = () => true) =>
		reqs.filter((r) => r.method === method && r.version === version && r.path === p && pred(r));
	const items = (name: string) => {
		const runs = execution?.data?.resultData?.runData?.[name] || [];
		return runs.length ? runs[runs.length - 1]?.data?.main?.[0] || [] : [];
	};
	const out = (name: string): Array<Record<string, Answer>> => items(name).map((i) => i.json);
	const json = (r: RecordedRequest): Answer => {
		try {
			return JSON.parse(r.rawBody);
		} catch {
			return undefined;
		}
	};

	const created = seen('POST', `/${WABA_ID}/message_templates`).map(json)[0];
	// the ID the stand-in gave the new template; Get, Update and Delete name it
	const createdId = String(out('Message Template Create')[0]?.id ?? '');
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
		createdId !== '' &&
			seen('GET', `/${createdId}`).length === 1 &&
			out('Message Template Get')[0]?.id === createdId,
	);
	check(
		'Message Template Update: JSON components (type upper-cased) to POST /{template-id}',
		JSON.stringify(seen('POST', `/${createdId}`).map(json)[0]) ===
			'{"components":[{"type":"BODY","text":"Your order has shipped."}]}' &&
			out('Message Template Update')[0]?.success === true,
	);
	check(
		'Message Template Delete: name and hsm_id, outputs deleted: true',
		seen(
			'DELETE',
			`/${WABA_ID}/message_templates`,
			(r) => r.query.name === 'order_shipped' && r.query.hsm_id === createdId,
		).length === 1 &&
			out('Message Template Delete')[0]?.deleted === true &&
			!(templates.templates.get(WABA_ID) ?? []).some((t) => t.id === createdId),
	);
	check('Media Get: the URL and metadata', out('Media Get')[0]?.sha256 === MEDIA_SHA256);
	const downloads = graph.downloads;
	const file = items('Media Download')[0];
	check(
		"Media Download: the signed URL fetched with the same Bearer token, binary output with Meta's MIME type, no URL in the item",
		downloads.length === 1 &&
			downloads[0].authorization === `Bearer ${accessToken}` &&
			!('appsecret_proof' in downloads[0].query) &&
			file?.binary?.data?.mimeType === 'image/jpeg' &&
			file?.binary?.data?.fileName === `${MEDIA_ID}.jpg` &&
			file?.json?.file_size === MEDIA_BYTES.length &&
			!JSON.stringify(file?.json).includes(LOOKASIDE_PATH),
		JSON.stringify({
			downloads: downloads.length,
			binary: file?.binary?.data && { ...file.binary.data, data: undefined },
		}),
	);
	const upload = seen('POST', `/${PHONE_NUMBER_ID}/media`)[0];
	const uploadedId = String(out('Media Upload')[0]?.id ?? '');
	const uploadText = upload?.bytes.toString('latin1') ?? '';
	check(
		'Media Upload: multipart with messaging_product, type and the downloaded bytes',
		/^multipart\/form-data; boundary=/.test(upload?.contentType || '') &&
			uploadText.includes('name="messaging_product"\r\n\r\nwhatsapp') &&
			uploadText.includes('name="type"\r\n\r\nimage/jpeg') &&
			upload.bytes.includes(MEDIA_BYTES) &&
			graph.media.uploaded.some((m) => m.id === uploadedId && m.bytes.equals(MEDIA_BYTES)),
		upload?.contentType,
	);
	const sessionOpen = seen('POST', `/${APP_ID}/uploads`)[0];
	const sessionUpload = reqs.find((r) => r.method === 'POST' && r.path.startsWith('/upload:'));
	const session = sessionUpload && graph.media.sessions.get(sessionUpload.path.slice(1));
	check(
		'Media Upload Template Sample: session opened with name, length and type, bytes sent with OAuth and file_offset, handle output',
		sessionOpen?.query.file_length === String(MEDIA_BYTES.length) &&
			sessionOpen?.query.file_type === 'image/jpeg' &&
			session !== undefined &&
			sessionUpload?.query.sig === session.sig &&
			sessionUpload?.authorization === `OAuth ${accessToken}` &&
			sessionUpload?.headers.file_offset === '0' &&
			sessionUpload?.bytes.equals(MEDIA_BYTES) &&
			session.handle !== undefined &&
			out('Media Upload Template Sample')[0]?.h === session.handle,
		JSON.stringify(sessionOpen?.query),
	);
	check(
		'Media Delete: DELETE /{media-id}, outputs deleted: true',
		seen('DELETE', `/${uploadedId}`).length === 1 &&
			out('Media Delete')[0]?.deleted === true &&
			!graph.media.files.has(uploadedId),
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
export const isOAuthUpload = (request: RecordedRequest): boolean =>
	request.path.startsWith('/upload:');
