import { isObject, type Json } from '../../shared/json';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * A customer's answer to a call permission request (interactive call_permission_reply), as
 * the workflow decides by it: granted or not, permanent or until when, and whether the
 * customer chose or calling the business granted it. Null for any other message.
 */
export function callPermissionOf(message: Json): Json | null {
	if (message.type !== 'interactive' || !isObject(message.interactive)) return null;
	const reply = message.interactive.call_permission_reply;
	if (message.interactive.type !== 'call_permission_reply' || !isObject(reply)) return null;
	const expires = Number(reply.expiration_timestamp);
	const hasExpiry = reply.expiration_timestamp !== undefined && Number.isFinite(expires);
	return {
		granted: reply.response === 'accept',
		permanent: typeof reply.is_permanent === 'boolean' ? reply.is_permanent : null,
		expiresAt: hasExpiry ? new Date(expires * 1000).toISOString() : null,
		source: str(reply.response_source),
	};
}
