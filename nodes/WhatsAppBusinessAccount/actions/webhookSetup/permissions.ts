import type { SetupCheckResult } from './checkResult';

/**
 * Whether a token may send messages: Meta's `whatsapp_business_messaging` permission, as
 * debug_token reports it in `scopes` (Meta's "Permissions" page). Without it every send and
 * mark-as-read fails (error 10, 200 or 131005); management calls still work.
 */
export const MESSAGING_PERMISSION = 'whatsapp_business_messaging';

export const MESSAGING_PERMISSION_CHECK = 'Token can send messages';

/** Debug_token always reports the scopes, so this check is never unknown. */
export type PermissionCheckResult = SetupCheckResult & { passed: boolean };

export function messagingPermissionResult(
	scopes: readonly string[] | undefined,
): PermissionCheckResult {
	const granted = (scopes ?? []).includes(MESSAGING_PERMISSION);
	return {
		check: MESSAGING_PERMISSION_CHECK,
		passed: granted,
		found: scopes?.length ? `Permissions: ${scopes.join(', ')}` : 'No permissions reported',
		expected: `${MESSAGING_PERMISSION} among the token's permissions (for the Message resource)`,
		fix: granted
			? ''
			: `In Meta Business Suite > Business settings > System users, generate the token again with ${MESSAGING_PERMISSION} ticked (and whatsapp_business_management), and update the WhatsApp Business Account API credential`,
	};
}
