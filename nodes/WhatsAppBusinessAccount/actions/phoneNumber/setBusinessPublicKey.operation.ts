import { createPublicKey } from 'crypto';

import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId, normalizeSuccess } from '../common';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Set Business Public Key',
	value: 'setBusinessPublicKey',
	description:
		"Register the 2048-bit RSA public key that encrypts the number's Flow data exchanges, and have Meta sign it",
	action: 'Set business public key of phone number',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Business Public Key',
		name: 'businessPublicKey',
		type: 'string',
		typeOptions: { rows: 6 },
		required: true,
		default: '',
		placeholder:
			'e.g. -----BEGIN PUBLIC KEY----- MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A... -----END PUBLIC KEY-----',
		description:
			'The public half of the key pair, in PEM (openssl rsa -in private.pem -pubout -out public.pem). Never the private key.',
		displayOptions: { show: { resource: ['phoneNumber'], operation: ['setBusinessPublicKey'] } },
	},
];

/** Meta takes a 2048-bit RSA public key in PEM; anything else is refused here, never echoed. */
function checkedPublicKey(context: IExecuteFunctions, itemIndex: number): string {
	const pem = String(context.getNodeParameter('businessPublicKey', itemIndex, '')).trim();
	const refuse = (message: string, description: string) =>
		new NodeOperationError(context.getNode(), message, { itemIndex, description });
	// a private key pasted by mistake must not leave n8n
	if (/PRIVATE KEY-----/.test(pem))
		throw refuse(
			'This is a private key, not a public key',
			'Nothing was sent. Paste the public key: openssl rsa -in private.pem -pubout -out public.pem prints it.',
		);
	let key;
	try {
		key = createPublicKey(pem);
	} catch {
		throw refuse(
			'The business public key is not a PEM public key',
			'It starts with -----BEGIN PUBLIC KEY----- and ends with -----END PUBLIC KEY-----.',
		);
	}
	const bits = key.asymmetricKeyDetails?.modulusLength;
	if (key.asymmetricKeyType !== 'rsa' || bits !== 2048)
		throw refuse(
			`The business public key must be a 2048-bit RSA key, got ${key.asymmetricKeyType ?? 'an unknown type'}${bits ? ` of ${bits} bits` : ''}`,
			'Generate one with: openssl genrsa -out private.pem 2048',
		);
	return pem;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const phoneNumberId = getGraphId(this, 'phoneNumberId', itemIndex, 'Phone Number ID');
	const businessPublicKey = checkedPublicKey(this, itemIndex);
	// form-encoded, as Meta's reference sends it
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'POST',
		path: `/${phoneNumberId}/whatsapp_business_encryption`,
		body: { business_public_key: businessPublicKey },
		itemIndex,
	});
	return normalizeSuccess(answer);
}
