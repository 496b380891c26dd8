import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { GRAPH_ID_REGEX, wabaIdProperty } from '../shared/descriptions';
import { displayName } from '../shared/displayName';
import { FIELD_OPTIONS } from '../shared/fieldOptions';
import { MESSAGE_STATUSES, WEBHOOK_FIELDS } from '../shared/generated/catalog';

/**
 * One option per field and event value, as "<field>:<event>" (the saved value), labelled
 * "<Field>: <Event>" and sorted by label, so each field's events stand together.
 */
export const EVENT_OPTIONS: INodePropertyOptions[] = WEBHOOK_FIELDS.flatMap((f) =>
	f.events.map((event) => ({
		name: `${displayName(f.name)}: ${displayName(event)}`,
		value: `${f.name}:${event}`,
		description: `Items whose event is ${event}`,
	})),
).sort((a, b) => a.name.localeCompare(b.name));

/**
 * The Event Filter's choices for the fields chosen in Trigger On (every field's when none is
 * chosen), so that choosing "Account Update" lists its 17 events, not all of them.
 */
export function eventOptionsFor(fields: readonly string[]): INodePropertyOptions[] {
	const chosen = new Set(fields);
	return chosen.size
		? EVENT_OPTIONS.filter((o) =>
				chosen.has(String(o.value).slice(0, String(o.value).indexOf(':'))),
			)
		: EVENT_OPTIONS;
}

/** The steps of manual registration, in the package's docs. */
export const MANUAL_STEPS_URL =
	'https://github.com/n8n-nodes-whatsapp-business-account/n8n-nodes-whatsapp-business-account/blob/main/docs/trigger.md#register-the-url-with-meta-by-hand';

export const STATUS_OPTIONS: INodePropertyOptions[] = MESSAGE_STATUSES.map((s) => ({
	name: displayName(s),
	value: s,
}));

/**
 * The account picker of the action node. Workflows saved before it was one hold the ID as a
 * plain string, which n8n hands back unchanged: registration reads both.
 */
const wabaIdLocator: INodeProperties = {
	...wabaIdProperty,
	displayName: 'WhatsApp Business Account',
	description:
		'The WhatsApp Business Account (WABA) whose webhooks this workflow receives, through an override callback URL',
	displayOptions: { show: { registration: ['wabaOverride', 'phoneNumberOverride'] } },
};

/** The number picker of Override Callback for a Phone Number: the numbers of the account chosen above. */
const phoneNumberLocator: INodeProperties = {
	displayName: 'Phone Number',
	name: 'phoneNumberId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description:
		'The business phone number whose webhooks this workflow receives, through its own override callback URL',
	displayOptions: { show: { registration: ['phoneNumberOverride'] } },
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a phone number...',
			typeOptions: { searchListMethod: 'searchPhoneNumbers', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 106540352242922',
			hint: 'WhatsApp Manager > Account tools > Phone numbers shows the phone number ID',
			validation: [
				{
					type: 'regex',
					properties: { regex: GRAPH_ID_REGEX, errorMessage: 'A phone number ID is digits only' },
				},
			],
		},
	],
};

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Registration',
		name: 'registration',
		type: 'options',
		noDataExpression: true,
		default: 'manual',
		options: [
			{
				name: 'Manual (Paste URL Into Meta)',
				value: 'manual',
				description:
					"No Graph calls: paste this node's production URL and the credential's verify token into your app's WhatsApp webhook settings",
			},
			{
				name: 'Override Callback for a WABA',
				value: 'wabaOverride',
				description:
					"Subscribes the app to one WhatsApp Business Account with this workflow's URL as the account's override callback URL, so other workflows and apps keep their own. Meta lets an account override only message-level fields; account and template fields still go to the app's callback URL.",
			},
			{
				name: 'Override Callback for a Phone Number',
				value: 'phoneNumberOverride',
				description:
					"Sets this workflow's URL as one business phone number's override callback URL (subscribing the app to the number's account if needed), so each number can have its own workflow. It comes before the account's override and the app's callback URL, for message-level fields only.",
			},
			{
				name: 'App Subscription',
				value: 'appSubscription',
				description:
					"Points the app's WhatsApp Business Account webhooks (callback URL and fields) at this workflow. One per app: it replaces the app's other callback URL.",
			},
		],
	},
	{
		// a line or two, as n8n's notices are; the steps are in docs/trigger.md
		displayName: `Publish this workflow, then paste its Production URL and the credential's verify token into your Meta app's WhatsApp webhook settings. <a href="${MANUAL_STEPS_URL}" target="_blank">Step by step</a>`,
		name: 'manualNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registration: ['manual'] } },
	},
	wabaIdLocator,
	phoneNumberLocator,
	{
		// "Trigger On": n8n's node panel lists the options of the trigger property displayed as
		// "Trigger On" (or "Events") as the node's triggers, so users find "On messages" there.
		displayName: 'Trigger On',
		name: 'fields',
		type: 'multiOptions',
		default: [],
		options: FIELD_OPTIONS,
		description:
			'What starts the workflow: messages, message statuses, template reviews and other account events. Leave empty for all of them, new ones included. With App Subscription, these are subscribed at Meta.',
	},
	{
		// n8n's rule for options loaded at edit time: the label ends "Names or IDs"
		displayName: 'Event Names or IDs',
		name: 'events',
		type: 'multiOptions',
		default: [],
		typeOptions: { loadOptionsMethod: 'getEventOptions', loadOptionsDependsOn: ['fields'] },
		description:
			'Keep only these events of the fields chosen in Trigger On; leave empty for all. A field with no event chosen here keeps all its events. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		// New in version 1.1 (version 1 keeps every status, as saved workflows expect)
		displayName: 'Include Message Statuses',
		name: 'includeStatuses',
		type: 'boolean',
		default: false,
		description:
			'Whether the sent, delivered, read and failed updates of the messages you send start the workflow too. Off, a chatbot runs once per customer message instead of about four times. Statuses chosen under Filters > Message Statuses start it in any case.',
		displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } },
	},
	{
		displayName: 'Output',
		name: 'outputMode',
		type: 'options',
		noDataExpression: true,
		default: 'change',
		options: [
			{
				name: 'One Item per Change',
				value: 'change',
				description: 'Each change of each entry becomes an item',
			},
			{
				name: 'One Item per Message or Status',
				value: 'message',
				description:
					'Messages changes are split into their messages, statuses and errors, each with the customer and message ID a reply needs; number and user ID changes become identity_change items; other fields stay one item per change',
			},
			{
				name: 'Raw Delivery',
				value: 'delivery',
				description: 'One item per delivery: the body as Meta sent it, with its validation',
			},
		],
	},
	{
		displayName: 'Unrecognized Webhook Data',
		name: 'invalidHandling',
		type: 'options',
		noDataExpression: true,
		default: 'flag',
		description:
			"What to do with an event that does not match Meta's documented format (a new field or value, a wrong type)",
		options: [
			{
				name: 'Output With Others, Marked',
				value: 'flag',
				description: 'It comes out with the other items, marked invalid with the reasons',
			},
			{
				name: 'Send to Second Output',
				value: 'route',
				description: 'It goes to a second output, named Invalid',
			},
		],
	},
	{
		displayName: 'Answers to Waiting Questions',
		name: 'waitingAnswers',
		type: 'options',
		noDataExpression: true,
		default: 'resumeAndPassOn',
		description:
			"What to do with a tap on a button or list row of a question sent by the WhatsApp Business Account node's Send and Wait for Response",
		options: [
			{
				name: 'Resume and Pass On',
				value: 'resumeAndPassOn',
				description:
					'Resume the execution waiting for the answer, and output the message too, marked with answersQuestion',
			},
			{
				name: 'Resume and Drop',
				value: 'resumeAndDrop',
				description: 'Resume the execution waiting for the answer; the message starts nothing here',
			},
			{
				name: 'Ignore',
				value: 'ignore',
				description:
					'Resume nothing (for a second trigger on the same number: exactly one should resume)',
			},
		],
	},
	{
		displayName: 'Find Free-Text Answers',
		name: 'freeTextAnswers',
		type: 'boolean',
		noDataExpression: true,
		default: false,
		description:
			"Whether a customer's text message answers a Free Text question waiting for them. The trigger finds the question through n8n's public API (n8n 2.0 or later), with an n8n API credential.",
		displayOptions: { hide: { waitingAnswers: ['ignore'] } },
	},
	{
		// Only filters: displayed as "Filters"; the name stays "options" for saved workflows
		displayName: 'Filters',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'WABA IDs',
				name: 'wabaIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 102290129340398, 104996122399160',
				description:
					'Keep only events of these WhatsApp Business Accounts (comma-separated); leave empty for all',
			},
			{
				displayName: 'Phone Number IDs',
				name: 'phoneNumberIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 106540352242922, 106540352242923',
				description:
					'Keep only messages and statuses of these business phone numbers (comma-separated); leave empty for all. Events without a phone number are not affected.',
			},
			{
				displayName: 'Message Statuses',
				name: 'messageStatuses',
				type: 'multiOptions',
				default: [],
				options: STATUS_OPTIONS,
				description: 'Keep only these message statuses; leave empty for all',
			},
		],
	},
];
