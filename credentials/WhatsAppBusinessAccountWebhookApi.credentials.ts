import type { ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

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
			description: 'Meta signs every delivery with it (X-Hub-Signature-256); deliveries with a wrong or missing signature are refused with 401',
		},
		{
			displayName: 'Verify Token',
			name: 'verifyToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Any secret string; Meta sends it back in the subscription handshake, which only succeeds when it matches',
		},
		{
			displayName: 'Graph Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://graph.facebook.com',
			description: 'Used by the credential test and app-level subscriptions; change only for a proxy or a local test server',
		},
	];

	// The app access token "<app id>|<app secret>" can read the app itself: a wrong id or
	// secret fails here instead of at the first delivery.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '=/{{$credentials.appId}}',
			qs: { fields: 'id,name', access_token: '={{$credentials.appId}}|{{$credentials.appSecret}}' },
		},
	};
}
