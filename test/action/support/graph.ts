// Meta's Graph API as nock mocks: answers shaped like Meta's documented examples
// (../shared/seeds/003, 000, 001 and reference/graph-api.md), and the proof computed here
// independently of the transport.
import { createHmac } from 'crypto';

import type nockNamespace from 'nock';

import nock from '../../support/nock';
import { ACCESS_TOKEN, API_VERSION, APP_SECRET, GRAPH_BASE_URL } from './runner';

export const WABA_ID = '102290129340398';
export const BUSINESS_ID = '1234567890123456';
/** An id above 2^53: it must come out exactly as it went in. */
export const BIG_ID = '9007199254740993123';

/** hex HMAC-SHA256(key = app secret, message = access token), written out in the test. */
export function appSecretProof(token = ACCESS_TOKEN, secret = APP_SECRET): string {
	return createHmac('sha256', secret).update(token).digest('hex');
}

export const PROOF = appSecretProof();

export const versionPath = (path: string) => `/${API_VERSION}${path}`;

/** A scope that only matches when the call carries our Bearer token. */
export function graph(token = ACCESS_TOKEN): nockNamespace.Scope {
	return nock(GRAPH_BASE_URL, { reqheaders: { authorization: `Bearer ${token}` } });
}

/** The parameter of a resource locator given by id. */
export const byId = (value: string) => ({ __rl: true, mode: 'id', value });

export const wabaDefaultAnswer = {
	id: WABA_ID,
	name: 'Test WhatsApp Business Account',
	timezone_id: '1',
	message_template_namespace: 'c8ae5f90_307a_ca4c_b8f6_d1e2a2573574',
};

export const subscribedAppsAnswer = {
	data: [
		{
			whatsapp_business_api_data: {
				link: 'https://www.example.com/app-one',
				name: 'App One',
				id: '1111111111111111',
			},
		},
		{
			whatsapp_business_api_data: {
				link: 'https://www.example.com/app-two',
				name: 'App Two',
				id: '2222222222222222',
			},
			override_callback_uri: 'https://hooks.example.com/waba',
		},
	],
};

export const assignedUser = (id: string, name: string, tasks: string[]) => ({
	id,
	name,
	tasks,
	business: { id: BUSINESS_ID, name: "Jasper's Market" },
});

export const phoneNumber = (id: string, display: string) => ({
	verified_name: "Jasper's Market",
	code_verification_status: 'VERIFIED',
	display_phone_number: display,
	quality_rating: 'GREEN',
	platform_type: 'CLOUD_API',
	throughput: { level: 'STANDARD' },
	webhook_configuration: { application: 'https://hooks.example.com/app' },
	id,
});

export const template = (
	id: string,
	name: string,
	status = 'APPROVED',
	category = 'MARKETING',
) => ({
	name,
	parameter_format: 'POSITIONAL',
	components: [{ type: 'BODY', text: 'Hello {{1}}' }],
	language: 'en_US',
	status,
	category,
	id,
});

/** Meta's example answer item of GET /{phone-number-id}/whatsapp_business_profile. */
export const businessProfile = {
	about: 'Succulent specialists!',
	address: '1 Hacker Way, Menlo Park, CA 94025',
	description:
		'At Lucky Shrub, we specialize in providing a diverse range of high-quality succulents.',
	email: 'contact@luckyshrub.com',
	profile_picture_url: 'https://pps.whatsapp.net/v/t61.24694-24/123.jpg',
	websites: ['https://www.luckyshrub.com'],
	vertical: 'RETAIL',
	messaging_product: 'whatsapp',
};

/** A list page as Graph sends it: cursors, and `next` unless it is the last page. */
export function page<T>(data: T[], after?: string, path = `/${WABA_ID}/message_templates`) {
	return {
		data,
		paging: {
			cursors: { before: 'QVFIUmJlZAm9yZAQ', after: after ?? 'QVFIUmxhc3QZD' },
			...(after
				? {
						next: `https://graph.facebook.com${versionPath(path)}?access_token=EAAx&limit=2&after=${after}`,
					}
				: {}),
		},
	};
}

/** Meta's error envelope. */
export function graphError(code: number, message: string, extra: Record<string, unknown> = {}) {
	return {
		error: {
			message,
			type: 'OAuthException',
			code,
			fbtrace_id: 'AbCdEfGhIjKlMnOp',
			...extra,
		},
	};
}

/** The `X-Business-Use-Case-Usage` header with an estimated wait in minutes. */
export function bucUsage(minutes: number) {
	return JSON.stringify({
		[BUSINESS_ID]: [
			{
				type: 'whatsapp_business_management',
				call_count: 100,
				total_cputime: 12,
				total_time: 30,
				estimated_time_to_regain_access: minutes,
			},
		],
	});
}
