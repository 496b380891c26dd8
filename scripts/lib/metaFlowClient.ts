/**
 * A Meta-like WhatsApp Flows client: encrypts a data exchange request exactly as Meta's client
 * does ("Implementing Endpoint for Flows": a fresh AES-128 key and 16-byte IV per request, the
 * JSON body in AES-128-GCM with the tag appended, the AES key in RSA-OAEP SHA-256 under the
 * business public key, each base64), signs the body with the app secret (X-Hub-Signature-256),
 * POSTs it, and decrypts the answer with the same key and the flipped IV.
 */
import {
	constants,
	createCipheriv,
	createDecipheriv,
	generateKeyPairSync,
	publicEncrypt,
	randomBytes,
} from 'crypto';

import { postSigned } from './metaSender';

const GCM_TAG_BYTES = 16;

export interface FlowKeyPair {
	privateKeyPem: string;
	publicKeyPem: string;
	/** Set when the private key PEM is encrypted with it. */
	passphrase?: string;
}

/** A 2048-bit RSA key pair as `openssl genrsa` gives one (the private key AES-256 encrypted when a passphrase is given). */
export function generateFlowKeyPair(passphrase?: string): FlowKeyPair {
	const { privateKey, publicKey } = generateKeyPairSync('rsa', {
		modulusLength: 2048,
		publicKeyEncoding: { type: 'spki', format: 'pem' },
		privateKeyEncoding: passphrase
			? { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }
			: { type: 'pkcs8', format: 'pem' },
	});
	return {
		privateKeyPem: privateKey,
		publicKeyPem: publicKey,
		...(passphrase ? { passphrase } : {}),
	};
}

/** The key and IV of one request: what decrypting its answer takes. */
export interface FlowSession {
	aesKey: Buffer;
	iv: Buffer;
}

export interface EncryptedFlowRequest {
	body: { encrypted_flow_data: string; encrypted_aes_key: string; initial_vector: string };
	session: FlowSession;
}

/** Meta's encryption of one request under `publicKeyPem`. */
export function encryptFlowRequest(payload: unknown, publicKeyPem: string): EncryptedFlowRequest {
	const aesKey = randomBytes(16);
	const iv = randomBytes(16);
	const cipher = createCipheriv('aes-128-gcm', aesKey, iv, { authTagLength: GCM_TAG_BYTES });
	const data = Buffer.concat([
		cipher.update(JSON.stringify(payload), 'utf8'),
		cipher.final(),
		cipher.getAuthTag(),
	]);
	const encryptedKey = publicEncrypt(
		{ key: publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
		aesKey,
	);
	return {
		body: {
			encrypted_flow_data: data.toString('base64'),
			encrypted_aes_key: encryptedKey.toString('base64'),
			initial_vector: iv.toString('base64'),
		},
		session: { aesKey, iv },
	};
}

/** An endpoint's answer (base64 text) decrypted as Meta's client does; throws when it does not decrypt. */
export function decryptFlowAnswer(text: string, session: FlowSession): unknown {
	const data = Buffer.from(text, 'base64');
	const flipped = Buffer.from(session.iv.map((byte) => ~byte & 0xff));
	const decipher = createDecipheriv('aes-128-gcm', session.aesKey, flipped, {
		authTagLength: GCM_TAG_BYTES,
	});
	decipher.setAuthTag(data.subarray(data.length - GCM_TAG_BYTES));
	const clear = Buffer.concat([
		decipher.update(data.subarray(0, data.length - GCM_TAG_BYTES)),
		decipher.final(),
	]);
	return JSON.parse(clear.toString('utf8'));
}

export interface FlowExchange {
	status: number;
	contentType: string | null;
	/** The answer's text as received. */
	text: string;
	/** The decrypted answer when the status is 200 and it decrypts, else undefined. */
	answer?: unknown;
}

export interface SendOptions {
	/** Change the signed bytes before they are sent (a tampered body is then signed as is). */
	tamper?: (body: EncryptedFlowRequest['body']) => EncryptedFlowRequest['body'];
	/** Sign with this secret instead of the client's (a wrong signature); null: unsigned. */
	signWith?: string | null;
}

export class MetaFlowClient {
	constructor(
		readonly url: string,
		private readonly publicKeyPem: string,
		private readonly appSecret: string,
	) {}

	/** One request as Meta sends it, and the endpoint's answer decrypted. */
	async send(payload: unknown, options: SendOptions = {}): Promise<FlowExchange> {
		const encrypted = encryptFlowRequest(payload, this.publicKeyPem);
		const body = JSON.stringify(options.tamper ? options.tamper(encrypted.body) : encrypted.body);
		const secret = options.signWith === null ? undefined : (options.signWith ?? this.appSecret);
		const response = await postSigned(this.url, body, secret);
		const text = await response.text();
		let answer: unknown;
		if (response.status === 200) {
			try {
				answer = decryptFlowAnswer(text, encrypted.session);
			} catch {
				answer = undefined;
			}
		}
		return {
			status: response.status,
			contentType: response.headers.get('content-type'),
			text,
			answer,
		};
	}
}
