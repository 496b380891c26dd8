import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import {
	DEFAULT_GRAPH_BASE_URL,
	graphBaseProblem,
	requestSecretProblem,
} from '../nodes/shared/transport/auth';
import { webhookCredentialProblem } from '../nodes/shared/transport/webhookCredential';

/**
 * What the trigger needs to trust a delivery: the Meta app's secret (every POST is signed
 * with it) and the verify token Meta echoes in its handshake. The app id is used for
 * app-level subscriptions and to recognise this app among a WABA's subscribed apps.
 */
export class WhatsAppBusinessAccountWebhookApi implements ICredentialType {
	name = 'whatsAppBusinessAccountWebhookApi';

	displayName = 'WhatsApp Business Account Webhook API';

	documentationUrl = 'https://developers.facebook.com/docs/graph-api/webhooks/getting-started';

	icon: Icon = {
		light: 'file:../nodes/WhatsAppBusinessAccountTrigger/whatsAppBusinessAccountTrigger.svg',
		dark: 'file:../nodes/WhatsAppBusinessAccountTrigger/whatsAppBusinessAccountTrigger.dark.svg',
	};

	properties: INodeProperties[] = [
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			required: true,
			description: 'The Meta app that receives the webhooks (App Dashboard > App Settings > Basic)',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Meta signs every delivery with it (X-Hub-Signature-256); deliveries with a wrong or missing signature are refused with 401',
		},
		{
			displayName: 'Verify Token',
			name: 'verifyToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Any secret string; Meta sends it back in the subscription handshake, which only succeeds when it matches',
		},
		{
			displayName: 'Graph Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_GRAPH_BASE_URL,
			description:
				"Keep Meta's https://graph.facebook.com. Only a local test server may replace it, as a bare loopback origin such as http://127.0.0.1:8080: the app secret is never sent to another host (see docs/security.md)",
		},
	];

	/**
	 * Calls made with this credential (its test) carry the app access token "<app id>|<app
	 * secret>" in the Authorization header, never in the URL, and only after the base URL, the
	 * app id and the strength of both secrets are checked: a refused credential sends nothing. The
	 * app secret goes to Graph only, never to the media host.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const problem =
			webhookCredentialProblem(credentials, { strict: true }) ??
			graphBaseProblem(credentials.baseUrl, undefined) ??
			requestSecretProblem(requestOptions, credentials.baseUrl);
		if (problem) throw new Error(problem);
		// n8n carries credentials along a redirect to another origin unless told not to
		requestOptions.sendCredentialsOnCrossOriginRedirect = false;
		requestOptions.headers = {
			...(requestOptions.headers ?? {}),
			Authorization: `Bearer ${String(credentials.appId)}|${String(credentials.appSecret)}`,
		};
		return requestOptions;
	}

	// The app access token can read the app itself: a wrong id or secret fails here instead of
	// at the first delivery.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '=/{{$credentials.appId}}',
			qs: { fields: 'id,name' },
			// a redirect would carry the secret to wherever it points: the test fails instead
			disableFollowRedirect: true,
		},
	};
}
