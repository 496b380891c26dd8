/**
 * The credential test of WhatsApp Flow Endpoint API (the node's flowEndpointCredentialTest):
 * it reads the key as each request will and weighs the app secret; its messages never repeat
 * the key or the passphrase.
 */
import type { ICredentialsDecrypted, ICredentialTestFunctions } from 'n8n-workflow';

import { WhatsAppFlowEndpointTrigger } from '../../nodes/WhatsAppFlowEndpointTrigger/WhatsAppFlowEndpointTrigger.node';
import { generateFlowKeyPair } from '../../scripts/lib/metaFlowClient';
import { generateKeyPairSync } from 'crypto';

const APP_SECRET = '6f1d0a9c3b7e4f2a8d5c1e9b0a7f3d2c';
const PASSPHRASE = 'a passphrase of some length';

async function testCredential(data: Record<string, string>) {
	const node = new WhatsAppFlowEndpointTrigger();
	return await node.methods.credentialTest.flowEndpointCredentialTest.call(
		{} as ICredentialTestFunctions,
		{
			id: '1',
			name: 'Flow endpoint',
			type: 'whatsAppFlowEndpointApi',
			data,
		} as ICredentialsDecrypted,
	);
}

const keys = generateFlowKeyPair(PASSPHRASE);
// what `openssl genrsa -des3` gives with OpenSSL 1.x: a PKCS#1 key, "Proc-Type: 4,ENCRYPTED"
const traditionalKey = generateKeyPairSync('rsa', {
	modulusLength: 2048,
	privateKeyEncoding: {
		type: 'pkcs1',
		format: 'pem',
		cipher: 'des-ede3-cbc',
		passphrase: PASSPHRASE,
	},
	publicKeyEncoding: { type: 'spki', format: 'pem' },
}).privateKey;
const ecKey = generateKeyPairSync('ec', {
	namedCurve: 'prime256v1',
	privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
	publicKeyEncoding: { type: 'spki', format: 'pem' },
}).privateKey;

test.each([
	[
		'a usable key and secret',
		{ privateKey: keys.privateKeyPem, passphrase: PASSPHRASE, appSecret: APP_SECRET },
		'OK',
		/RSA key/,
	],
	[
		'no passphrase for an encrypted key',
		{ privateKey: keys.privateKeyPem, appSecret: APP_SECRET },
		'Error',
		/encrypted and the credential has no passphrase/,
	],
	[
		'a wrong passphrase',
		{ privateKey: keys.privateKeyPem, passphrase: 'wrong one', appSecret: APP_SECRET },
		'Error',
		/cannot be decrypted with the passphrase/,
	],
	[
		'a public key pasted instead',
		{ privateKey: keys.publicKeyPem, appSecret: APP_SECRET },
		'Error',
		/not a PEM private key/,
	],
	[
		'an EC key',
		{ privateKey: ecKey, appSecret: APP_SECRET },
		'Error',
		/is an EC key; Meta encrypts with RSA-OAEP/,
	],
	[
		"an app secret not in Meta's form",
		{
			privateKey: keys.privateKeyPem,
			passphrase: PASSPHRASE,
			appSecret: 'not-hex-but-long-enough-secret!',
		},
		'Error',
		/32 hexadecimal digits/,
	],
] as const)('%s', async (_case, data, status, message) => {
	const result = await testCredential({ ...data });
	expect(result.status).toBe(status);
	expect(result.message).toMatch(message);
	expect(result.message).not.toContain(PASSPHRASE);
	const keyLines = [keys.privateKeyPem, keys.publicKeyPem, ecKey, traditionalKey]
		.flatMap((pem) => pem.split('\n'))
		.filter((line) => line.length > 20 && !line.startsWith('-----'));
	for (const line of keyLines) expect(result.message).not.toContain(line);
});
