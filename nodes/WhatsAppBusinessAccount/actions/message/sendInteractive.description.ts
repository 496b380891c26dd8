// Message > Send Interactive: the fields (the operation and its checks are in
// sendInteractive.operation.ts).
import type { INodeProperties } from 'n8n-workflow';

import { FROM_VERSION_1_1, VERSION_1 } from '../versions';
import { sendOptions, sendProperties, showFor } from './common';

const show = showFor('sendInteractive');
const showType = (types: string[]) => ({ show: { ...show, interactiveType: types } });

/** Types whose header may be media, not only text. */
export const MEDIA_HEADER_TYPES = ['buttons', 'ctaUrl'];

/** A list row's own fields (in a section from version 1.1, with its Section title in version 1). */
const ROW_FIELDS: INodeProperties[] = [
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		description: "The row's title, up to 24 characters",
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		description: 'Optional text under the title, up to 72 characters',
	},
	{
		displayName: 'ID',
		name: 'id',
		type: 'string',
		default: '',
		description: 'What the trigger receives when it is chosen, up to 200 characters',
	},
];

/** Rows of a list, each with the given fields (Rows in version 1, a section's rows from 1.1). */
const rowsCollection = (values: INodeProperties[]): INodeProperties => ({
	displayName: 'Rows',
	name: 'rows',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Row',
	default: {},
	options: [{ displayName: 'Row', name: 'row', values }],
});

export const description: INodeProperties[] = [
	...sendProperties('sendInteractive'),
	{
		displayName: 'Interactive Type',
		name: 'interactiveType',
		type: 'options',
		noDataExpression: true,
		default: 'buttons',
		description:
			"The kind of interactive message; the customer's choice comes back to the trigger as an interactive message",
		displayOptions: { show },
		options: [
			{ name: 'Call-to-Action URL', value: 'ctaUrl', description: 'A button that opens a URL' },
			{ name: 'Flow', value: 'flow', description: 'A button that opens a WhatsApp Flow' },
			{ name: 'List', value: 'list', description: 'A menu of up to 10 rows in up to 10 sections' },
			{
				name: 'Location Request',
				value: 'locationRequest',
				description: 'A button asking the customer to share their location',
			},
			{
				name: 'Reply Buttons',
				value: 'buttons',
				description: 'Up to 3 buttons the customer taps to answer',
			},
		],
	},
	{
		displayName: 'Header Type',
		name: 'headerType',
		type: 'options',
		default: 'none',
		description: 'What the message shows above its body',
		displayOptions: showType(MEDIA_HEADER_TYPES),
		options: [
			{ name: 'Document', value: 'document' },
			{ name: 'Image', value: 'image' },
			{ name: 'None', value: 'none' },
			{ name: 'Text', value: 'text' },
			{ name: 'Video', value: 'video' },
		],
	},
	{
		displayName: 'Header Media',
		name: 'headerMedia',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://www.example.com/menu.png or 1037543291543636',
		description: 'A public http(s) link to the file, or a media ID from Media > Upload',
		displayOptions: {
			show: {
				...show,
				interactiveType: MEDIA_HEADER_TYPES,
				headerType: ['image', 'video', 'document'],
			},
		},
	},
	{
		displayName: 'Header Text',
		name: 'headerText',
		type: 'string',
		default: '',
		description: 'Bold text above the body, up to 60 characters',
		displayOptions: {
			show: { ...show, interactiveType: MEDIA_HEADER_TYPES, headerType: ['text'] },
		},
	},
	{
		displayName: 'Header Text',
		name: 'headerText',
		type: 'string',
		default: '',
		description: 'Optional bold text above the body, up to 60 characters',
		displayOptions: showType(['list', 'flow']),
	},
	{
		displayName: 'Body',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		description: 'The message text, up to 1024 characters',
		displayOptions: { show },
	},
	{
		displayName: 'Footer',
		name: 'footer',
		type: 'string',
		default: '',
		description: 'Optional grey text under the body, up to 60 characters',
		displayOptions: showType(['buttons', 'list', 'ctaUrl', 'flow']),
	},
	{
		displayName: 'Buttons',
		name: 'buttons',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, maxAllowedFields: 3 },
		placeholder: 'Add Button',
		default: {},
		description:
			"The buttons the customer taps to answer; the tapped button's ID comes back to the trigger",
		hint: 'Up to 3 buttons, each title up to 20 characters',
		displayOptions: showType(['buttons']),
		options: [
			{
				displayName: 'Button',
				name: 'button',
				values: [
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						description: "The button's label, up to 20 characters",
					},
					{
						displayName: 'ID',
						name: 'id',
						type: 'string',
						default: '',
						description: 'What the trigger receives when it is tapped, up to 256 characters',
					},
				],
			},
		],
	},
	{
		displayName: 'Button Text',
		name: 'listButtonText',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. See options',
		description: 'The label of the button under the message that opens the list',
		hint: 'Labels the button that opens the list; up to 20 characters',
		displayOptions: showType(['list']),
	},
	{
		...rowsCollection([
			{
				displayName: 'Section',
				name: 'section',
				type: 'string',
				default: '',
				description:
					"The title of the row's section, up to 24 characters; required when there are several sections",
			},
			...ROW_FIELDS,
		]),
		description:
			"The choices of the list; the chosen row's ID comes back to the trigger. Rows with the same Section title, one after another, are shown under that title.",
		hint: 'Up to 10 rows in all; titles up to 24 characters, descriptions up to 72',
		displayOptions: { show: { ...showType(['list']).show, ...VERSION_1 } },
	},
	{
		displayName: 'Sections',
		name: 'sections',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, maxAllowedFields: 10 },
		placeholder: 'Add Section',
		default: {},
		description:
			"The list's choices, grouped under section titles; the chosen row's ID comes back to the trigger",
		hint: 'Up to 10 rows in all; a title is needed when there are several sections',
		displayOptions: { show: { ...showType(['list']).show, ...FROM_VERSION_1_1 } },
		options: [
			{
				displayName: 'Section',
				name: 'section',
				values: [
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						description: "The section's title, up to 24 characters",
					},
					rowsCollection(ROW_FIELDS),
				],
			},
		],
	},
	{
		displayName: 'Button Text',
		name: 'ctaDisplayText',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. See Dates',
		description: 'The label of the button that opens the URL',
		hint: 'Up to 20 characters',
		displayOptions: showType(['ctaUrl']),
	},
	{
		displayName: 'URL',
		name: 'ctaUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://www.example.com/events',
		description: 'The http(s) address the button opens',
		displayOptions: showType(['ctaUrl']),
	},
	{
		displayName: 'Flow ID',
		name: 'flowId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1234567890123456',
		description: 'The ID of the published (or, with Mode Draft, draft) WhatsApp Flow',
		displayOptions: showType(['flow']),
	},
	{
		displayName: 'Button Text',
		name: 'flowCta',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Book Now',
		description: 'The label of the button that opens the Flow (no emoji)',
		displayOptions: showType(['flow']),
	},
	{
		displayName: 'Flow Options',
		name: 'flowOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showType(['flow']),
		options: [
			{
				displayName: 'First Screen',
				name: 'screen',
				type: 'string',
				default: '',
				placeholder: 'e.g. WELCOME_SCREEN',
				description: "The ID of the screen to open (navigate only); by default the Flow's first",
			},
			{
				displayName: 'Flow Action',
				name: 'flowAction',
				type: 'options',
				default: 'navigate',
				options: [
					{ name: 'Navigate', value: 'navigate', description: 'Open the screen given below' },
					{
						name: 'Data Exchange',
						value: 'data_exchange',
						description: "Ask the Flow's endpoint for the first screen",
					},
				],
			},
			{
				displayName: 'Flow Token',
				name: 'flowToken',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description: "Your identifier for this Flow session, sent back with the Flow's answers",
			},
			{
				displayName: 'Initial Data (JSON)',
				name: 'data',
				type: 'json',
				default: '{}',
				description: 'Input data for the first screen (navigate only), a non-empty JSON object',
			},
			{
				displayName: 'Mode',
				name: 'mode',
				type: 'options',
				default: 'published',
				options: [
					{ name: 'Published', value: 'published' },
					{ name: 'Draft', value: 'draft' },
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: sendOptions(),
	},
];
