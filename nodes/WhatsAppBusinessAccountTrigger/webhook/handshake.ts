import { PLAIN_CHALLENGE, verifyTokenProblem } from '../../shared/webhook/secrets';
import { safeEqual } from '../../shared/webhook/signature';

/**
 * `reason` is for whoever sent the request (it names what in the request is wrong, never
 * anything of the credential); `credentialProblem`, when the credential itself is what stops
 * the handshake, is for the workflow's owner (n8n's log), since it tells how weak a secret is.
 */
export type HandshakeVerdict =
	{ ok: true; challenge: string } | { ok: false; reason: string; credentialProblem?: string };

/** What an anonymous caller is told when the credential is at fault. */
export const CREDENTIAL_REFUSED_REASON =
	"the trigger's credential cannot be used; the workflow's owner finds why in n8n's log";

type Query = Record<string, unknown>;

/** Reads one `hub.*` query parameter; a repeated parameter is refused rather than guessed at. */
function single(query: Query, name: string): string | undefined | Error {
	const value = query[name] ?? (query.hub as Query | undefined)?.[name.slice(4)];
	if (value === undefined) return undefined;
	if (typeof value !== 'string') return new Error(`${name} must be given once`);
	return value;
}

/**
 * Meta's verification request: GET with hub.mode=subscribe, hub.verify_token and
 * hub.challenge. Only a matching token (compared in constant time), configured strong enough,
 * gets the challenge back, and only when the challenge is a plain token.
 */
export function answerHandshake(query: Query, verifyToken: string): HandshakeVerdict {
	const mode = single(query, 'hub.mode');
	const token = single(query, 'hub.verify_token');
	const challenge = single(query, 'hub.challenge');
	for (const value of [mode, token, challenge]) {
		if (value instanceof Error) return { ok: false, reason: value.message };
	}
	if (mode !== 'subscribe') return { ok: false, reason: 'hub.mode must be "subscribe"' };
	if (challenge === undefined || challenge === '')
		return { ok: false, reason: 'hub.challenge is missing' };
	if (!PLAIN_CHALLENGE.test(challenge as string)) {
		return {
			ok: false,
			reason:
				'hub.challenge must be a plain token (letters, digits, ".", "_", "~", "-"; at most 256)',
		};
	}
	if (token === undefined) return { ok: false, reason: 'hub.verify_token is missing' };
	const weak = verifyToken ? verifyTokenProblem(verifyToken) : 'no verify token is configured';
	if (weak)
		return {
			ok: false,
			reason: CREDENTIAL_REFUSED_REASON,
			credentialProblem: `the credential's verify token is refused: ${weak}`,
		};
	if (!safeEqual(token as string, verifyToken))
		return { ok: false, reason: 'hub.verify_token does not match' };
	return { ok: true, challenge: challenge as string };
}
