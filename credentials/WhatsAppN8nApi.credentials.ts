import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { requestTargets } from '../nodes/shared/transport/auth';

/**
 * The public API of the n8n the workflows run in, for the WhatsApp Business Account Trigger's
 * Find Free-Text Answers: a customer's text carries no id of the question it answers, so the
 * trigger lists the executions waiting on a Free Text question (`GET /executions?status=waiting`).
 * Our own type because a community node may only use credentials of its own package.
 */
export class WhatsAppN8nApi implements ICredentialType {
	name = 'whatsAppN8nApi';

	displayName = 'WhatsApp Waiting Questions API';

	documentationUrl = 'https://docs.n8n.io/api/authentication/';

	icon: Icon = {
		light: 'file:../nodes/WhatsAppBusinessAccountTrigger/whatsAppBusinessAccountTrigger.svg',
		dark: 'file:../nodes/WhatsAppBusinessAccountTrigger/whatsAppBusinessAccountTrigger.dark.svg',
	};

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'An n8n API key (Settings > n8n API) that may list executions; the trigger only reads waiting ones',
		},
		{
			displayName: 'API URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://n8n.example.com/api/v1',
			description:
				'The public API of this n8n, ending in /api/v1; in queue mode an address the webhook processes reach',
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		// whichever node uses it (HTTP Request too), the key goes to this n8n's API and nowhere else
		const problem = n8nApiTargetProblem(requestOptions, credentials.baseUrl);
		if (problem) throw new Error(problem);
		// n8n carries credentials along a redirect to another origin unless told not to
		requestOptions.sendCredentialsOnCrossOriginRedirect = false;
		requestOptions.headers = {
			...(requestOptions.headers ?? {}),
			'X-N8N-API-KEY': String(credentials.apiKey ?? ''),
		};
		return requestOptions;
	}

	// Listing one waiting execution needs what the trigger needs: a key allowed to list executions
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/executions',
			qs: { status: 'waiting', limit: 1 },
			disableFollowRedirect: true,
		},
	};
}

/**
 * Why a request may not carry the n8n API key, or undefined: every URL it could reach (read as
 * n8n's request helpers read it) must lie under the credential's API URL, same origin and path.
 */
export function n8nApiTargetProblem(
	options: { baseURL?: unknown; url?: unknown; uri?: unknown },
	apiUrl: unknown,
): string | undefined {
	let base: URL;
	try {
		base = new URL(String(apiUrl ?? '').trim());
	} catch {
		return 'The API URL of this credential is not a URL (e.g. https://n8n.example.com/api/v1)';
	}
	const prefix = base.pathname.replace(/\/+$/, '');
	const targets = requestTargets(options);
	if (!targets.length)
		return 'The request names no URL; this credential sends its key only to its API URL';
	for (const target of targets) {
		let url: URL;
		try {
			url = new URL(target);
		} catch {
			return `Refused to send the n8n API key to "${target.slice(0, 80)}": not a URL`;
		}
		const path = url.pathname;
		if (url.origin !== base.origin || (path !== prefix && !path.startsWith(`${prefix}/`)))
			return `Refused to send the n8n API key there: it goes only under ${base.origin}${prefix}, not to ${url.origin}${path}`;
	}
	return undefined;
}
