import type { GraphPhoneNumber } from '../../../shared/generated/graph-types';
import {
	graphApiRequestAllItems,
	type GraphRequestContext,
} from '../../../shared/transport/graphApi';
import type { SetupCheckResult } from './checkResult';

/**
 * The setup check's per-number report: for each phone number of the WABA, the level Meta's
 * "Webhook overrides" send its override-capable fields (messages, calls and the like) to,
 * as the token's app sees it in `webhook_configuration`: the number's own override, else
 * the WABA's override, else the app's callback URL. Template and account-level fields are
 * not overridable and always go to the app's callback URL (the callback check covers them).
 */
export type DeliveryLevel =
	'phone number override' | 'account override' | 'app callback' | 'nowhere';

/** Where Meta sends a number's override-capable webhooks: number override, then WABA override, then the app's callback. */
export function effectiveDeliveryUrl(configuration: GraphPhoneNumber['webhook_configuration']): {
	url?: string;
	source: DeliveryLevel;
} {
	if (configuration?.phone_number)
		return { url: configuration.phone_number, source: 'phone number override' };
	if (configuration?.whatsapp_business_account)
		return { url: configuration.whatsapp_business_account, source: 'account override' };
	if (configuration?.application) return { url: configuration.application, source: 'app callback' };
	return { source: 'nowhere' };
}

/** What the user reads: the level in Meta's words, and what it means for this number. */
const LEVEL_FOUND: Record<Exclude<DeliveryLevel, 'nowhere'>, string> = {
	'phone number override': "the phone number's own override callback URL",
	'account override': "the WABA's override callback URL (the number has none of its own)",
	'app callback': "the app's callback URL (neither the number nor the WABA has an override)",
};

export const numberCheckName = (number: string) => `Delivery URL of ${number}`;

export interface NumberDeliveryInput {
	wabaId: string;
	expectedUrl: string;
	/** "app <id>", as the other checks name it. */
	appLabel: string;
	/** Where the user sets the app's callback URL. */
	configurationScreen: string;
}

function fixFor(level: DeliveryLevel, numberId: string, input: NumberDeliveryInput): string {
	const { expectedUrl, appLabel } = input;
	if (level === 'phone number override') {
		return `The number has its own override for ${appLabel} (POST /${numberId} with webhook_configuration). Let the trigger register with "Override Callback for a Phone Number" after removing it, or set its override_callback_uri to ${expectedUrl}; an empty override_callback_uri removes it`;
	}
	if (level === 'account override') {
		return `The account has a callback override for ${appLabel}. Run this node with Resource "Subscribed App" and Operation "Subscribe" without an override to remove it, or let the trigger register with "Override Callback for a WABA" or "Override Callback for a Phone Number"`;
	}
	if (level === 'app callback')
		return `In ${input.configurationScreen}, set Callback URL to ${expectedUrl}, or let the trigger register with "Override Callback for a Phone Number"`;
	return `Subscribe ${appLabel} to the account and set its callback URL`;
}

/** One result per phone number of the WABA (or one saying there are none, or why they cannot be read). */
export async function numberDeliveryResults(
	context: GraphRequestContext,
	input: NumberDeliveryInput,
): Promise<SetupCheckResult[]> {
	const { wabaId, expectedUrl } = input;
	let numbers: GraphPhoneNumber[];
	try {
		numbers = await graphApiRequestAllItems<GraphPhoneNumber>(context, {
			method: 'GET',
			path: `/${wabaId}/phone_numbers`,
			qs: { fields: 'id,display_phone_number,webhook_configuration' },
		});
	} catch (error) {
		const e = error as { message?: string; description?: string };
		return [
			{
				check: numberCheckName('phone numbers'),
				passed: false,
				found: `The Graph API refused the call: ${e.description || e.message || String(error)}`,
				expected: expectedUrl,
				fix: "Check that the token can read the account's phone numbers (whatsapp_business_management permission)",
			},
		];
	}
	if (!numbers.length) {
		return [
			{
				check: numberCheckName('phone numbers'),
				passed: null,
				found: 'The account has no phone numbers',
				expected: expectedUrl,
				fix: 'Add a phone number in WhatsApp Manager > Account tools > Phone numbers',
			},
		];
	}
	return numbers.map((number) => {
		const { url, source } = effectiveDeliveryUrl(number.webhook_configuration);
		const passed = url === expectedUrl;
		return {
			check: numberCheckName(String(number.display_phone_number ?? number.id)),
			passed,
			found: url
				? `${url} (${source}: ${LEVEL_FOUND[source as Exclude<DeliveryLevel, 'nowhere'>]})`
				: 'No callback URL at any level',
			expected: expectedUrl,
			fix: passed ? '' : fixFor(source, String(number.id), input),
		};
	});
}
