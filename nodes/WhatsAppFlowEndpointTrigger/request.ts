import { appSecretProblem } from '../shared/webhook/secrets';
import {
	SIGNATURE_HEADER,
	verifySignature,
} from '../WhatsAppBusinessAccountTrigger/webhook/signature';
import { decryptRequest, encryptResponse, loadPrivateKey, type Session } from './crypto';

/** Request headers as n8n hands them to a node. */
export type RequestHeaders = Record<string, string | string[] | undefined>;

/** What the node reads from its credential. */
export interface FlowEndpointCredential {
	privateKey?: string;
	passphrase?: string;
	appSecret?: string;
}

/** Meta's status for a request the endpoint cannot decrypt: its client re-fetches the public key and tries again. */
export const UNDECRYPTABLE_STATUS = 421;

/**
 * What became of one POST:
 * - refused: answered at once with `status` and a plain JSON `body` (no execution);
 * - answered: the node answered Meta itself, encrypted (a health check, an error notification);
 * - workflow: an INIT, BACK or data_exchange request for the workflow, with what answering it needs.
 */
export type FlowRequestOutcome =
	| { kind: 'refused'; status: number; body: { error: string }; ownerProblem?: string }
	| {
			kind: 'answered';
			text: string;
			event: 'ping' | 'errorNotification';
			payload: Record<string, unknown>;
	  }
	| { kind: 'workflow'; payload: Record<string, unknown>; session: Session };

const refused = (status: number, error: string, ownerProblem?: string): FlowRequestOutcome => ({
	kind: 'refused',
	status,
	body: { error },
	...(ownerProblem ? { ownerProblem } : {}),
});

/** What the caller is told when the credential is at fault; the reason itself goes to the owner's log. */
export const CREDENTIAL_PROBLEM_REASON =
	"the endpoint's credential cannot be used; its owner can see why in n8n's log";

/**
 * Why the credential cannot serve an endpoint, or undefined: the credential test's verdict
 * (Meta's own app secret format required, as the webhook credential's test does).
 */
export function credentialProblem(credential: FlowEndpointCredential): string | undefined {
	const key = loadPrivateKey(
		String(credential.privateKey ?? ''),
		String(credential.passphrase ?? ''),
	);
	if (!key.ok) return key.reason;
	const secret = appSecretProblem(String(credential.appSecret ?? ''), { strict: true });
	return secret;
}

/** An error notification: Meta tells the endpoint that its previous answer was wrong (data.error). */
function isErrorNotification(payload: Record<string, unknown>): boolean {
	const data = payload.data;
	return typeof data === 'object' && data !== null && 'error' in data;
}

/**
 * One request, from its raw bytes to its outcome: the signature over the exact bytes, then the
 * decryption, then Meta's two requests the node answers itself.
 */
export function handleFlowRequest(
	rawBody: Buffer,
	headers: RequestHeaders,
	credential: FlowEndpointCredential,
): FlowRequestOutcome {
	const appSecret = String(credential.appSecret ?? '');
	const weakSecret = appSecretProblem(appSecret);
	if (weakSecret)
		return refused(
			500,
			CREDENTIAL_PROBLEM_REASON,
			`the credential's app secret is refused: ${weakSecret}`,
		);
	const signature = verifySignature(rawBody, headers[SIGNATURE_HEADER], appSecret);
	// 432 is Meta's endpoint error code for a request whose signature does not match (Flows
	// error codes, "Endpoint error codes"; Meta's own endpoint example answers it)
	if (!signature.ok) return refused(432, signature.reason);

	const privateKey = loadPrivateKey(
		String(credential.privateKey ?? ''),
		String(credential.passphrase ?? ''),
	);
	if (!privateKey.ok) return refused(500, CREDENTIAL_PROBLEM_REASON, privateKey.reason);

	let body: unknown;
	try {
		body = JSON.parse(rawBody.toString('utf8'));
	} catch {
		return refused(UNDECRYPTABLE_STATUS, 'the request body is not JSON');
	}
	const decrypted = decryptRequest(body, privateKey.value);
	if (!decrypted.ok) return refused(UNDECRYPTABLE_STATUS, decrypted.reason);
	const { payload, session } = decrypted.value;
	if (payload.action === 'ping')
		return {
			kind: 'answered',
			event: 'ping',
			payload,
			text: encryptResponse({ data: { status: 'active' } }, session),
		};
	if (isErrorNotification(payload))
		return {
			kind: 'answered',
			event: 'errorNotification',
			payload,
			text: encryptResponse({ data: { acknowledged: true } }, session),
		};
	return { kind: 'workflow', payload, session };
}
