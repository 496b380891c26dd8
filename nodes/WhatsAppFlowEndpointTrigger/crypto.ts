import {
	constants,
	createCipheriv,
	createDecipheriv,
	createHash,
	createPrivateKey,
	privateDecrypt,
	type KeyObject,
} from 'crypto';

/**
 * Meta's encryption of a Flow's data exchange ("Implementing Endpoint for Flows"): the client
 * draws a fresh AES-128 key and a 16-byte IV per request, encrypts the JSON body with
 * AES-128-GCM (the 16-byte tag appended), and encrypts the AES key with the business public
 * key, RSA-OAEP with SHA-256. The endpoint answers with the same AES key and the IV with every
 * bit flipped, base64. Nothing here ever puts the private key, the passphrase or the AES key in
 * a message: an error says what failed, not with what.
 */

const AES_KEY_BYTES = 16;
const GCM_TAG_BYTES = 16;

/** A request as Meta POSTs it. */
export interface EncryptedRequest {
	encrypted_flow_data: string;
	encrypted_aes_key: string;
	initial_vector: string;
}

/** What answering a decrypted request needs; kept in memory only, never in an item. */
export interface Session {
	aesKey: Buffer;
	iv: Buffer;
}

export interface DecryptedRequest {
	payload: Record<string, unknown>;
	session: Session;
}

/** A value, or why there is none (a reason free of key material). */
export type Result<T> = { ok: true; value: T } | { ok: false; reason: string };

const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/** Keys parsed from PEM, by a hash of PEM and passphrase: parsing (and a passphrase's KDF) per request would cost more than the decryption. */
const parsedKeys = new Map<string, KeyObject>();
const MAX_PARSED_KEYS = 16;

/** The credential's private key as a KeyObject, or why it cannot be used (the owner's mistake, not Meta's). */
export function loadPrivateKey(pem: string, passphrase = ''): Result<KeyObject> {
	const id = createHash('sha256').update(pem).update('\0').update(passphrase).digest('hex');
	const known = parsedKeys.get(id);
	if (known) return { ok: true, value: known };
	if (!pem.includes('-----BEGIN') || !pem.includes('PRIVATE KEY-----'))
		return fail(
			'the private key is not a PEM private key (it must start with "-----BEGIN ... PRIVATE KEY-----")',
		);
	let key: KeyObject;
	try {
		key = createPrivateKey(passphrase ? { key: pem, format: 'pem', passphrase } : pem);
	} catch (error) {
		const code = (error as { code?: string }).code ?? '';
		const encrypted = /ENCRYPTED/.test(pem);
		return fail(
			encrypted && !passphrase
				? 'the private key is encrypted and the credential has no passphrase'
				: encrypted
					? 'the private key cannot be decrypted with the passphrase given'
					: `the private key cannot be read${code ? ` (${code})` : ''}`,
		);
	}
	if (key.asymmetricKeyType !== 'rsa')
		return fail(
			`the private key is ${key.asymmetricKeyType ? `an ${key.asymmetricKeyType.toUpperCase()} key` : 'not an RSA key'}; Meta encrypts with RSA-OAEP, so the key pair must be RSA (2048 bits)`,
		);
	if (parsedKeys.size >= MAX_PARSED_KEYS) parsedKeys.clear();
	parsedKeys.set(id, key);
	return { ok: true, value: key };
}

/** Standard base64 only (Meta's encoding); Buffer.from would skip what is not base64. */
function base64Field(body: Record<string, unknown>, name: keyof EncryptedRequest): Result<Buffer> {
	const value = body[name];
	if (typeof value !== 'string' || value === '') return fail(`the request has no ${name}`);
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0)
		return fail(`the request's ${name} is not base64`);
	return { ok: true, value: Buffer.from(value, 'base64') };
}

/** The AES key, opened with the private key (RSA-OAEP, SHA-256). */
function openAesKey(encryptedKey: Buffer, privateKey: KeyObject): Result<Buffer> {
	let aesKey: Buffer;
	try {
		aesKey = privateDecrypt(
			{ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
			encryptedKey,
		);
	} catch {
		return fail(
			'the AES key cannot be decrypted with this private key (was the matching public key registered?)',
		);
	}
	if (aesKey.length !== AES_KEY_BYTES)
		return fail(`the AES key is ${aesKey.length} bytes, not ${AES_KEY_BYTES}`);
	return { ok: true, value: aesKey };
}

/** The flow data's JSON object (AES-128-GCM, the tag its last 16 bytes). */
function openFlowData(data: Buffer, session: Session): Result<Record<string, unknown>> {
	if (data.length <= GCM_TAG_BYTES) return fail('the flow data is too short');
	let text: string;
	try {
		const decipher = createDecipheriv('aes-128-gcm', session.aesKey, session.iv, {
			authTagLength: GCM_TAG_BYTES,
		});
		decipher.setAuthTag(data.subarray(data.length - GCM_TAG_BYTES));
		text = Buffer.concat([
			decipher.update(data.subarray(0, data.length - GCM_TAG_BYTES)),
			decipher.final(),
		]).toString('utf8');
	} catch {
		return fail('the flow data does not decrypt (its authentication tag does not match)');
	}
	let payload: unknown;
	try {
		payload = JSON.parse(text);
	} catch {
		return fail('the decrypted flow data is not JSON');
	}
	if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
		return fail('the decrypted flow data is not a JSON object');
	return { ok: true, value: payload as Record<string, unknown> };
}

/**
 * Meta's request (the parsed JSON body) decrypted with the business private key, or why it
 * cannot be: Meta's 421 (its client fetches the public key again and retries).
 */
export function decryptRequest(body: unknown, privateKey: KeyObject): Result<DecryptedRequest> {
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		return fail('the request body is not a JSON object');
	const fields = body as Record<string, unknown>;
	const data = base64Field(fields, 'encrypted_flow_data');
	if (!data.ok) return data;
	const encryptedKey = base64Field(fields, 'encrypted_aes_key');
	if (!encryptedKey.ok) return encryptedKey;
	const iv = base64Field(fields, 'initial_vector');
	if (!iv.ok) return iv;
	const aesKey = openAesKey(encryptedKey.value, privateKey);
	if (!aesKey.ok) return aesKey;
	const session = { aesKey: aesKey.value, iv: iv.value };
	const payload = openFlowData(data.value, session);
	if (!payload.ok) return payload;
	return { ok: true, value: { payload: payload.value, session } };
}

/** Meta's answer IV: the request's IV with every bit flipped. */
export function flippedIv(iv: Buffer): Buffer {
	return Buffer.from(iv.map((byte) => ~byte & 0xff));
}

/** The answer as Meta reads it: JSON, AES-128-GCM with the request's key and flipped IV, tag appended, base64. */
export function encryptResponse(answer: unknown, session: Session): string {
	const cipher = createCipheriv('aes-128-gcm', session.aesKey, flippedIv(session.iv), {
		authTagLength: GCM_TAG_BYTES,
	});
	return Buffer.concat([
		cipher.update(JSON.stringify(answer), 'utf8'),
		cipher.final(),
		cipher.getAuthTag(),
	]).toString('base64');
}
