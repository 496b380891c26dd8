import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { MESSAGE_STATUSES, WEBHOOK_FIELDS } from '../shared/generated/catalog';

/** "message_template_status_update" → "Message Template Status Update". */
export function fieldDisplayName(field: string): string {
	return field
		.split('_')
		.map((w) => (w === 'smb' ? 'SMB' : w.charAt(0).toUpperCase() + w.slice(1)))
		.join(' ');
}

const firstSentence = (text: string) => text.split(/(?<=\.)\s/)[0];

/** Field options, read from the schemas through the generated catalog. */
export const FIELD_OPTIONS: INodePropertyOptions[] = WEBHOOK_FIELDS.map((f) => ({
	name: fieldDisplayName(f.name) + (f.documented ? '' : ' (Undocumented)'),
	value: f.name,
	description: firstSentence(f.description),
}));

/** One option per field and event value, as "<field>:<event>". */
export const EVENT_OPTIONS: INodePropertyOptions[] = WEBHOOK_FIELDS.flatMap((f) =>
	f.events.map((event) => ({
		name: `${fieldDisplayName(f.name)}: ${event}`,
		value: `${f.name}:${event}`,
	})),
);

export const STATUS_OPTIONS: INodePropertyOptions[] = MESSAGE_STATUSES.map((s) => ({
	name: s.charAt(0).toUpperCase() + s.slice(1),
	value: s,
}));

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
					"Subscribes the app to one WABA with this workflow's URL as override_callback_uri, so other workflows and apps keep their own. Meta lets a WABA override only message-level fields; account and template fields still go to the app's callback.",
			},
			{
				name: 'App Subscription',
				value: 'appSubscription',
				description:
					"Sets the app's whatsapp_business_account subscription (callback URL and fields) to this workflow. One per app: it replaces any other callback of the app.",
			},
		],
	},
	{
		displayName:
			"Next step, in Meta: 1. Copy the Production URL from this node's Webhook URLs (above). 2. In Meta's App Dashboard > WhatsApp > Configuration > Webhook > Edit, paste it as Callback URL and the credential's Verify Token as Verify token. 3. Under Webhook fields, subscribe the fields you need. 4. Subscribe the app to your WABA (the action node's Subscribed App > Subscribe). Publish this workflow first: Meta checks the URL while you save.",
		name: 'manualNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registration: ['manual'] } },
	},
	{
		displayName: 'WhatsApp Business Account ID',
		name: 'wabaId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '102290129340398',
		description: 'The WABA to subscribe the app to, with this workflow as its override callback',
		displayOptions: { show: { registration: ['wabaOverride'] } },
	},
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
		displayName: 'Event Filter',
		name: 'events',
		type: 'multiOptions',
		default: [],
		options: EVENT_OPTIONS,
		description:
			'Keep only changes with these events or decisions. A field with no event selected here is not filtered by event.',
	},
	{
		displayName: 'Output',
		name: 'outputMode',
		type: 'options',
		noDataExpression: true,
		default: 'change',
		options: [
			{ name: 'One Item per Change', value: 'change', description: 'Each change of each entry becomes an item' },
			{
				name: 'One Item per Message or Status',
				value: 'message',
				description: 'Messages changes are split into their messages, statuses and errors; other fields stay one item per change',
			},
			{ name: 'Raw Delivery', value: 'delivery', description: 'One item per delivery: the body as Meta sent it, with its validation' },
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
				description: 'Items that fail validation (unknown field, property or enum value, wrong type) come out with validation.valid = false',
			},
			{ name: 'Route to Second Output', value: 'route', description: 'Items that fail validation go to an Invalid output' },
		],
	},
	{
		displayName: 'Options',
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
				placeholder: '102290129340398, 104996122399160',
				description: 'Keep only changes of these WhatsApp Business Accounts (comma-separated)',
			},
			{
				displayName: 'Phone Number IDs',
				name: 'phoneNumberIds',
				type: 'string',
				default: '',
				placeholder: '106540352242922',
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
