import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * What a Flow's data endpoint needs, in one credential: the business private key that opens
 * Meta's requests (its public half registered with Meta for the phone number) and the app
 * secret that signs them. The trigger's webhook credential is not reused: it also requires a
 * verify token and an app ID that an endpoint never uses, and an endpoint is often set up
 * without the webhook trigger.
 */
export class WhatsAppFlowEndpointApi implements ICredentialType {
	name = 'whatsAppFlowEndpointApi';

	displayName = 'WhatsApp Flow Endpoint API';

	documentationUrl =
		'https://developers.facebook.com/docs/whatsapp/flows/guides/implementingyourflowendpoint';

	icon: Icon = {
		light: 'file:../nodes/WhatsAppFlowEndpointTrigger/whatsAppFlowEndpointTrigger.svg',
		dark: 'file:../nodes/WhatsAppFlowEndpointTrigger/whatsAppFlowEndpointTrigger.dark.svg',
	};

	properties: INodeProperties[] = [
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			default: '',
			required: true,
			placeholder: '-----BEGIN PRIVATE KEY-----',
			description:
				'The RSA private key (PEM) whose public key is registered with Meta for the phone number (Set Business Public Key). It decrypts every request and never leaves n8n.',
		},
		{
			displayName: 'Passphrase',
			name: 'passphrase',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The passphrase of the private key, if it is encrypted',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The secret of the Meta app connected to the Flow (App Dashboard > App Settings > Basic). Meta signs every request with it (X-Hub-Signature-256); requests with a wrong or missing signature are refused with 401.',
		},
	];
}
