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
		displayName:
			"Next step, in Meta: 1. Copy the Production URL from this node's Webhook URLs (above). 2. In Meta's App Dashboard > WhatsApp > Configuration > Webhook > Edit, paste it as Callback URL and the credential's Verify Token as Verify token. 3. Under Webhook fields, subscribe the fields you need. 4. Subscribe the app to your WhatsApp Business Account once (the WhatsApp Business Account node's Subscribed App > Subscribe). Publish this workflow first: Meta checks the URL while you save.",
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
			'The webhook fields to receive. Leave empty for all, including fields the schemas do not know yet (they arrive flagged). With App Subscription, these are the fields subscribed.',
	},
	{
		// n8n's rule for options loaded at edit time: the label ends "Names or IDs"
		displayName: 'Event Names or IDs',
		name: 'events',
		type: 'multiOptions',
		default: [],
		typeOptions: { loadOptionsMethod: 'getEventOptions', loadOptionsDependsOn: ['fields'] },
		description:
			'Keep only changes with these events, decisions or statuses (the events of the fields chosen in Trigger On, by field). A field with no event chosen here is not filtered by event. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		// New in version 1.1 (version 1 keeps every status, as saved workflows expect)
		displayName: 'Include Message Statuses',
		name: 'includeStatuses',
		type: 'boolean',
		default: false,
		description:
			'Whether the sent, delivered, read and failed statuses of the messages the business sends start executions. Off: Meta still gets its 200, but only inbound messages and other changes run the workflow, so a chatbot runs once per customer message instead of about four times. Choosing statuses under Filters > Message Statuses also keeps those.',
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
		displayName: 'Invalid Deliveries',
		name: 'invalidHandling',
		type: 'options',
		noDataExpression: true,
		default: 'flag',
		options: [
			{
				name: 'Emit Flagged',
				value: 'flag',
				description:
					'Items that fail validation (unknown field, property or enum value, wrong type) come out with the others, marked invalid with the reasons',
			},
			{
				name: 'Route to Second Output',
				value: 'route',
				description: 'Items that fail validation go to an Invalid output',
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
				description: 'Keep only changes of these WhatsApp Business Accounts (comma-separated)',
			},
			{
				displayName: 'Phone Number IDs',
				name: 'phoneNumberIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 106540352242922, 106540352242923',
				description:
					'Keep only message-level changes of these business phone numbers (comma-separated); changes without a phone number are not affected',
			},
			{
				displayName: 'Message Statuses',
				name: 'messageStatuses',
				type: 'multiOptions',
				default: [],
				options: STATUS_OPTIONS,
				description: 'Keep only these message statuses',
			},
		],
	},
];
