import { createHmac, timingSafeEqual } from 'crypto';

/** Meta's signature header: `sha256=` followed by the hex HMAC-SHA256 of the raw body. */
export const SIGNATURE_HEADER = 'x-hub-signature-256';
const PREFIX = 'sha256=';
const DIGEST_HEX_LENGTH = 64;
const DIGEST_BYTES = 32;

export type SignatureVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Checks `X-Hub-Signature-256` against the raw request bytes, in constant time.
 * The reason never contains the expected digest or the secret. Hex digits are compared as
 * bytes, so an upper-case digest of the right MAC is accepted; the prefix must be exact.
 */
export function verifySignature(
	rawBody: Buffer,
	header: string | string[] | undefined,
	appSecret: string,
): SignatureVerdict {
	if (Array.isArray(header)) {
		if (header.length !== 1)
			return { ok: false, reason: 'more than one X-Hub-Signature-256 header' };
		header = header[0];
	}
	if (header === undefined || header === '') {
		return { ok: false, reason: 'missing X-Hub-Signature-256 header' };
	}
	if (!header.startsWith(PREFIX)) {
		return { ok: false, reason: 'X-Hub-Signature-256 must start with "sha256="' };
	}
	const hex = header.slice(PREFIX.length);
	// Hex decoding stops at the first pair that is not two hex digits (either case), so 64
	// characters give 32 bytes exactly when every one of them is a hex digit.
	const received = hex.length === DIGEST_HEX_LENGTH ? Buffer.from(hex, 'hex') : null;
	if (received === null || received.length !== DIGEST_BYTES) {
		return { ok: false, reason: 'X-Hub-Signature-256 is not a 64-digit hex SHA-256 digest' };
	}
	if (!appSecret) return { ok: false, reason: 'no app secret configured to verify the signature' };
	const expected = createHmac('sha256', appSecret).update(rawBody).digest();
	if (!timingSafeEqual(expected, received)) {
		return { ok: false, reason: 'X-Hub-Signature-256 does not match the request body' };
	}
	return { ok: true };
}

/** The header value Meta would send for these bytes (used by the replay harness and tests). */
export function signBody(rawBody: Buffer | string, appSecret: string): string {
	return PREFIX + createHmac('sha256', appSecret).update(rawBody).digest('hex');
}

/** Constant-time string equality that does not leak the length of `expected` through timing. */
export function safeEqual(received: string, expected: string): boolean {
	const a = createHmac('sha256', 'compare').update(received).digest();
	const b = createHmac('sha256', 'compare').update(expected).digest();
	return timingSafeEqual(a, b) && received.length === expected.length;
}
