// The webhook credential's own checks: its authenticate() runs them, and so do the trigger's
// registration and the Webhook Setup > Check operation before they use it.
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { appSecretProblem, verifyTokenProblem } from '../webhook/secrets';
import { GRAPH_ID_PATTERN } from './auth';

/** Why the webhook credential cannot be used (app id, app secret, verify token), or undefined. */
export function webhookCredentialProblem(
	credentials: ICredentialDataDecryptedObject,
	options: { strict?: boolean } = {},
): string | undefined {
	const appId = String(credentials.appId ?? '').trim();
	if (!GRAPH_ID_PATTERN.test(appId))
		return `The App ID must be the app's numeric id (App Dashboard > App Settings > Basic), got "${appId.slice(0, 40)}"`;
	const secret = appSecretProblem(String(credentials.appSecret ?? ''), options);
	if (secret) return `The app secret is refused: ${secret}`;
	const token = verifyTokenProblem(String(credentials.verifyToken ?? ''));
	if (token) return `The verify token is refused: ${token}. Use a long random string`;
	return undefined;
}

/**
 * The app access token "<app id>|<app secret>", made from the webhook credential, as the Graph
 * credential values of a call (graphApiRequest's `credentials`): the only token Graph takes for
 * an app's subscriptions and for /debug_token, so neither needs a Graph API credential.
 */
export function appCredentials(app: {
	appId: string;
	appSecret: string;
	baseUrl?: string;
}): IDataObject {
	return {
		accessToken: `${app.appId}|${app.appSecret}`,
		appSecret: app.appSecret,
		baseUrl: app.baseUrl ?? '',
	};
}
