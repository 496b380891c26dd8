import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import {
	applyGraphAuthentication,
	DEFAULT_GRAPH_API_VERSION,
	DEFAULT_GRAPH_BASE_URL,
	graphBaseProblem,
	META_MEDIA_HOSTS,
	requestSecretProblem,
} from '../nodes/shared/transport/auth';

export class WhatsAppBusinessAccountApi implements ICredentialType {
	name = 'whatsAppBusinessAccountApi';

	displayName = 'WhatsApp Business Account API';

	documentationUrl =
		'https://developers.facebook.com/docs/whatsapp/business-management-api/get-started';

	icon: Icon = {
		light: 'file:../nodes/WhatsAppBusinessAccount/whatsAppBusinessAccount.svg',
		dark: 'file:../nodes/WhatsAppBusinessAccount/whatsAppBusinessAccount.dark.svg',
	};

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A system-user (or user) access token with the whatsapp_business_management permission, from Meta Business Settings > System Users',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional. The secret of the Meta app the token belongs to (App Dashboard > App Settings > Basic). When set, every call carries appsecret_proof, which apps can be set to require.',
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: DEFAULT_GRAPH_API_VERSION,
			placeholder: `e.g. ${DEFAULT_GRAPH_API_VERSION}`,
			description: `The Graph API version to call, such as ${DEFAULT_GRAPH_API_VERSION}. Leave the default to follow this package's verified version; enter another to pin it.`,
		},
		{
			displayName: 'Graph Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_GRAPH_BASE_URL,
			description:
				"Keep Meta's https://graph.facebook.com. Only a local test server may replace it, as a bare loopback origin such as http://127.0.0.1:8080: the token and app secret are never sent to another host (see docs/security.md)",
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		// Before the token is attached, whichever node asks (HTTP Request can use this credential
		// for Graph calls this package does not wrap, and for media URLs): Meta's hosts only.
		const problem =
			graphBaseProblem(credentials.baseUrl, credentials.apiVersion) ??
			requestSecretProblem(requestOptions, credentials.baseUrl, META_MEDIA_HOSTS);
		if (problem) throw new Error(problem);
		// n8n carries credentials along a redirect to another origin unless told not to
		requestOptions.sendCredentialsOnCrossOriginRedirect = false;
		return applyGraphAuthentication(
			requestOptions,
			String(credentials.accessToken ?? ''),
			credentials.appSecret ? String(credentials.appSecret) : undefined,
		);
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}/{{$credentials.apiVersion}}',
			url: '/me',
			qs: { fields: 'id,name' },
			// a redirect would carry the secret to wherever it points: the test fails instead
			disableFollowRedirect: true,
		},
	};
}
