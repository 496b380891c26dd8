/**
 * What Meta's messaging error codes mean for the person running the workflow, and what to do
 * about each: Meta's error-codes reference ("WhatsApp error codes", Cloud API) and the Flow
 * Management API's error codes (139000-139004), the Calling API's, the Block Users API's
 * (139100-139103) and the business usernames' (147001, 147005), in plain words.
 * The Graph error path (errors.ts) puts the explanation and the fix into every error it
 * builds, so an item that fails shows them whichever operation sent it.
 */
export interface MessagingErrorExplanation {
	/** Meta's title for the code. */
	title: string;
	/** What happened, in plain words. */
	explanation: string;
	/** What to do about it. */
	fix: string;
}

const entries: Array<[number, MessagingErrorExplanation]> = [
	[
		100,
		{
			title: 'Invalid parameter',
			explanation:
				'The request had a parameter Meta does not accept, misspelled or with a value of the wrong type.',
			fix: "Check the parameter Meta's message names. A phone number ID or message ID from another account or a deleted number fails this way too.",
		},
	],
	[
		368,
		{
			title: 'Temporarily blocked for policies violations',
			explanation:
				'Meta has blocked this WhatsApp Business Account from sending for a while because it broke a WhatsApp policy.',
			fix: 'See WhatsApp Manager > Account Quality for the violation and when the block ends, and appeal there if it is wrong.',
		},
	],
	[
		130429,
		{
			title: 'Rate limit hit',
			explanation:
				'The business phone number has reached its message throughput (by default 80 messages a second).',
			fix: 'Send more slowly or in smaller batches and try again in a moment.',
		},
	],
	[
		130472,
		{
			title: "User's number is part of an experiment",
			explanation:
				'Meta did not send this marketing message because the customer is in a marketing message experiment.',
			fix: 'Do not resend it; the customer will receive marketing messages again once the experiment ends.',
		},
	],
	[
		131000,
		{
			title: 'Something went wrong',
			explanation: 'Meta could not send the message because of an unknown error on its side.',
			fix: 'Try again; if it keeps failing, quote the fbtrace_id to Meta support.',
		},
	],
	[
		131005,
		{
			title: 'Access denied',
			explanation: 'The access token is not allowed to send messages from this number.',
			fix: 'Give the token the whatsapp_business_messaging permission (Webhook Setup > Check says whether it has it) and assign the WhatsApp account to its system user.',
		},
	],
	[
		131008,
		{
			title: 'Required parameter is missing',
			explanation: 'The message lacks a parameter Meta requires.',
			fix: "Fill in the parameter Meta's message names.",
		},
	],
	[
		131009,
		{
			title: 'Parameter value is not valid',
			explanation:
				'A value in the message is not one Meta accepts: a malformed phone number, a media ID that does not exist, a message ID to quote or mark that is unknown, or a URL Meta cannot use.',
			fix: "Check the value Meta's message names. Phone numbers go with + and the country code; media IDs come from Media > Upload on the same business number.",
		},
	],
	[
		131016,
		{
			title: 'Service unavailable',
			explanation: 'WhatsApp is temporarily unavailable.',
			fix: 'Try again later; see metastatus.com for WhatsApp Business API status.',
		},
	],
	[
		131021,
		{
			title: 'Recipient cannot be sender',
			explanation: 'The message was addressed to the business phone number that sends it.',
			fix: "Send to the customer's phone number or BSUID, not to your own number.",
		},
	],
	[
		131026,
		{
			title: 'Message undeliverable',
			explanation:
				"WhatsApp could not deliver the message: the number is not on WhatsApp, the customer has not accepted WhatsApp's current terms, runs a WhatsApp version too old for this message type, or has blocked your number.",
			fix: 'Check the number, and reach the customer another way; do not retry the same message in a loop.',
		},
	],
	[
		131031,
		{
			title: 'Business account locked',
			explanation:
				'The WhatsApp Business Account is locked, for a policy violation or because its data could not be verified.',
			fix: 'See Meta Business Suite > Account Quality for the reason and to appeal.',
		},
	],
	[
		131042,
		{
			title: 'Business eligibility payment issue',
			explanation:
				'Meta would not send because of a payment problem on the WhatsApp Business Account.',
			fix: "In WhatsApp Manager check the payment method, credit line and the account's currency and time zone.",
		},
	],
	[
		131047,
		{
			title: 'Re-engagement message',
			explanation:
				'More than 24 hours have passed since the customer last wrote to you, so the customer-service window is closed and only a template message may be sent.',
			fix: 'Send an approved template message instead; when the customer answers, the 24-hour window opens again for free-form replies.',
		},
	],
	[
		131048,
		{
			title: 'Spam rate limit hit',
			explanation:
				'Meta restricted how many messages this number may send because many of its messages were blocked or reported as spam.',
			fix: "Check the number's quality in WhatsApp Manager, send only to customers who asked for it, and send less until quality recovers.",
		},
	],
	[
		131049,
		{
			title: 'Meta chose not to deliver',
			explanation:
				'Meta held back this marketing message to keep engagement healthy, such as the per-customer limit on marketing messages.',
			fix: 'Do not resend at once: wait a day or more before sending this customer another marketing message.',
		},
	],
	[
		131050,
		{
			title: 'User has stopped marketing messages',
			explanation: 'The customer has turned off marketing messages from your business.',
			fix: 'Do not send this customer marketing templates; service and utility messages are still possible.',
		},
	],
	[
		131051,
		{
			title: 'Unsupported message type',
			explanation: 'Meta does not support this type of message.',
			fix: 'Use one of the message types the Message resource offers.',
		},
	],
	[
		131052,
		{
			title: 'Media download error',
			explanation: 'WhatsApp could not download the media the customer sent.',
			fix: 'Ask the customer to send the media again by another means.',
		},
	],
	[
		131053,
		{
			title: 'Media upload error',
			explanation:
				"WhatsApp could not use the media of the message: the link could not be fetched, or the file's type or size is not one WhatsApp accepts.",
			fix: 'Use a public https link that answers with the right Content-Type, or upload the file (binary data) instead; check the format and size limits of the media type.',
		},
	],
	[
		131056,
		{
			title: 'Pair rate limit hit',
			explanation:
				'Too many messages went from this business number to this one customer in a short time.',
			fix: 'Wait before messaging this customer again; messages to other customers are not affected.',
		},
	],
	[
		131057,
		{
			title: 'Account in maintenance mode',
			explanation:
				'The business account is in maintenance mode, for example during a throughput upgrade.',
			fix: 'Try again in a few minutes.',
		},
	],
	[
		131062,
		{
			title: 'Business-scoped user ID recipients not supported',
			explanation:
				'This message cannot be sent to a business-scoped user ID (BSUID), such as one-tap, zero-tap and copy-code authentication templates.',
			fix: "Send it to the customer's phone number instead.",
		},
	],
	[
		132000,
		{
			title: 'Template parameter count mismatch',
			explanation: "The number of variables sent does not match the template's placeholders.",
			fix: 'Send exactly one value for each placeholder of the template.',
		},
	],
	[
		132001,
		{
			title: 'Template does not exist',
			explanation:
				'No approved template has this name in this language on the WhatsApp Business Account.',
			fix: "Check the template's name and language code in Message Template > Get Many, and that it is approved.",
		},
	],
	[
		132005,
		{
			title: 'Template hydrated text too long',
			explanation: "With the variables filled in, the template's text is longer than Meta allows.",
			fix: 'Send shorter variable values.',
		},
	],
	[
		132007,
		{
			title: 'Template format character policy violated',
			explanation: "The template's content breaks WhatsApp's formatting policy.",
			fix: 'Edit the template or the variable values.',
		},
	],
	[
		132012,
		{
			title: 'Template parameter format mismatch',
			explanation:
				'A variable value does not have the format the template expects (such as text where a currency or an image is expected).',
			fix: 'Send each variable in the format its placeholder needs.',
		},
	],
	[
		132015,
		{
			title: 'Template is paused',
			explanation: 'Meta paused the template because of low quality.',
			fix: 'Edit the template to improve it, or use another one.',
		},
	],
	[
		132016,
		{
			title: 'Template is disabled',
			explanation: 'Meta disabled the template after repeated pauses for low quality.',
			fix: 'Create a new template with different content.',
		},
	],
	[
		133010,
		{
			title: 'Phone number not registered',
			explanation: 'The business phone number is not registered on the WhatsApp Business Platform.',
			fix: 'Register it first (Phone Number > Register).',
		},
	],
	[
		139000,
		{
			title: 'Blocked by integrity',
			explanation: "Meta's integrity checks have blocked Flows for this account.",
			fix: 'See WhatsApp Manager > Account Quality, and contact Meta support to lift the block.',
		},
	],
	[
		138006,
		{
			title: 'No call permission',
			explanation:
				'The customer has not given this business number permission to call them, or the permission has expired (a temporary one lasts 7 days).',
			fix: 'Send a call permission request (Message > Send Call Permission Request) and call once the trigger shows the customer accepted; Call > Get Permission shows the permission and the limits.',
		},
	],
	[
		139001,
		{
			title: "Flow can't be updated",
			explanation:
				'The Flow JSON of a published Flow cannot change (or Meta could not process the Flow JSON).',
			fix: 'To change a published Flow, create a new one with Clone From Flow ID, upload the new Flow JSON to the copy and publish it. If the Flow is a draft, try again.',
		},
	],
	[
		139002,
		{
			title: 'Publishing Flow failed',
			explanation:
				'Meta did not publish the Flow: it is not a draft, its Flow JSON has validation errors, or something it needs is missing (an endpoint URL, a signed business public key, a connected app, a healthy endpoint).',
			fix: "Meta's message names what is missing. Flow > Get with Validation Errors and Health Status shows the rest; Phone Number > Set Business Public Key registers the key.",
		},
	],
	[
		134100,
		{
			title: 'Only marketing templates are supported',
			explanation:
				'The Marketing Messages API sends marketing templates only; this template is a utility or authentication template.',
			fix: 'Send it through the Cloud API (Send Through: Cloud API), or keep If Marketing Messages API Refuses on Send Through Cloud API.',
		},
	],
	[
		134101,
		{
			title: 'Template not yet available',
			explanation:
				'Meta is still syncing this marketing template with its ad account: up to 10 minutes after it is created, or first used again after 7 days.',
			fix: 'Wait 10 minutes and run the rows again, or let them fall back to the Cloud API.',
		},
	],
	[
		134102,
		{
			title: 'Marketing Messages API onboarding not completed',
			explanation:
				"The business has not completed onboarding to Meta's Marketing Messages API for WhatsApp (terms accepted, account eligible).",
			fix: 'Complete onboarding in WhatsApp Manager, or send through the Cloud API.',
		},
	],
	[
		139003,
		{
			title: "Flow can't be deprecated",
			explanation: 'Only a published Flow can be deprecated, and only once.',
			fix: 'Delete a draft Flow instead; a Flow that is already deprecated needs nothing more.',
		},
	],
	[
		139004,
		{
			title: "Can't delete published Flow",
			explanation: 'Only draft Flows can be deleted; Meta keeps published and deprecated ones.',
			fix: 'Deprecate the Flow instead (Flow > Deprecate).',
		},
	],
	// the Block Users API ("Block users": error codes)
	[
		139100,
		{
			title: 'Failed to block/unblock some users',
			explanation:
				'Meta blocked or unblocked none or only some of the users. A user can only be blocked within 24 hours of their last message to the number, and another WhatsApp Business account cannot be blocked.',
			fix: "See the failed users in the error's response (error_data) and block them after their next message; the others of the call went through.",
		},
	],
	[
		139101,
		{
			title: 'Blocklist limit reached',
			explanation: "The number's blocklist holds its maximum of 64,000 users.",
			fix: 'Unblock users you no longer need to block (Blocked User > Unblock), then block again.',
		},
	],
	[
		139102,
		{
			title: 'Blocklist concurrent update',
			explanation: 'The blocklist changed while it was being read page by page.',
			fix: 'Run Blocked User > Get Many again.',
		},
	],
	[
		139103,
		{
			title: 'Internal error',
			explanation: 'Meta could not change or read the blocklist because of an error on its side.',
			fix: 'Try again; if it keeps failing, quote the fbtrace_id to Meta support.',
		},
	],
	// business usernames ("Business usernames": error codes)
	[
		147001,
		{
			title: 'Username not available',
			explanation: 'Another business holds this username, or Meta does not let it be claimed.',
			fix: 'Pick another one; Phone Number > Get Username Suggestions lists the usernames Meta reserved for the number.',
		},
	],
	[
		147005,
		{
			title: 'Username held by another number of the portfolio',
			explanation:
				'Another phone number of the same business portfolio holds this username, and Transfer is None.',
			fix: 'Set Transfer to Force Transfer to move the username to this number (the other number loses it), or pick another username.',
		},
	],
];

export const MESSAGING_ERRORS: ReadonlyMap<number, MessagingErrorExplanation> = new Map(entries);

/** The plain explanation and the fix of a Meta error code, when Meta documents one. */
export function explainMessagingError(
	code: number | undefined,
): MessagingErrorExplanation | undefined {
	return code === undefined ? undefined : MESSAGING_ERRORS.get(code);
}
