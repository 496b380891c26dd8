import { jsonParse } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OutgoingMessage } from '../../messaging/send';
import {
	checkedLink,
	checkLength,
	envelope,
	fail,
	LIMITS,
	mediaReference,
	outgoing,
	requiredText,
	sendOptions,
	sendProperties,
	showFor,
	TO_ANY_RECIPIENT,
	sending,
} from './common';
import type { OperationOption } from '../operation';

const show = showFor('sendInteractive');
const showType = (types: string[]) => ({ show: { ...show, interactiveType: types } });
/** Types whose header may be media, not only text. */
const MEDIA_HEADER_TYPES = ['buttons', 'ctaUrl'];

/** The entry in the Operation list. */
export const option: OperationOption = {
	name: 'Send Interactive',
	value: 'sendInteractive',
	description: `Send reply buttons, a list, a call-to-action URL button, a WhatsApp Flow or a location request ${TO_ANY_RECIPIENT}`,
	action: 'Send interactive message',
};

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
			"One to three buttons; the tapped button's ID comes back to the trigger in the interactive button reply",
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
		placeholder: 'e.g. Choose',
		description: 'The label of the button that opens the list, up to 20 characters',
		displayOptions: showType(['list']),
	},
	{
		displayName: 'Rows',
		name: 'rows',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Row',
		default: {},
		description:
			"Up to 10 rows in all; rows with the same Section title (one after another) form a section, up to 10 sections. The chosen row's ID comes back to the trigger in the interactive list reply.",
		displayOptions: showType(['list']),
		options: [
			{
				displayName: 'Row',
				name: 'row',
				values: [
					{
						displayName: 'Section',
						name: 'section',
						type: 'string',
						default: '',
						description:
							"The title of the row's section, up to 24 characters; required when there are several sections",
					},
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
		description: "The button's label, up to 20 characters",
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

type Check = (label: string, value: string, max: number) => string;

function header(
	context: IExecuteFunctions,
	itemIndex: number,
	type: string,
	check: Check,
): IDataObject | undefined {
	const headerType = MEDIA_HEADER_TYPES.includes(type)
		? (context.getNodeParameter('headerType', itemIndex, 'none') as string)
		: 'text';
	if (headerType === 'none') return undefined;
	if (headerType === 'text') {
		const text = String(context.getNodeParameter('headerText', itemIndex, '') ?? '');
		if (!text.trim()) {
			if (MEDIA_HEADER_TYPES.includes(type))
				fail(context, itemIndex, 'Header Text is empty', 'Fill it in, or set Header Type to None.');
			return undefined;
		}
		return { type: 'text', text: check('Header Text', text, LIMITS.header) };
	}
	const media = String(context.getNodeParameter('headerMedia', itemIndex, '') ?? '');
	const source = mediaReference('either', media, 'Header Media', (message) =>
		fail(context, itemIndex, message),
	);
	return { type: headerType, [headerType]: source };
}

function replyButtons(context: IExecuteFunctions, itemIndex: number, check: Check): IDataObject {
	const buttons = ((context.getNodeParameter('buttons', itemIndex, {}) as IDataObject).button ??
		[]) as IDataObject[];
	if (buttons.length < 1 || buttons.length > LIMITS.buttonCount) {
		fail(
			context,
			itemIndex,
			`Buttons has ${buttons.length} buttons; WhatsApp takes 1 to ${LIMITS.buttonCount}`,
		);
	}
	const titles = new Set<string>();
	const ids = new Set<string>();
	return {
		buttons: buttons.map((button, index) => {
			const label = `Buttons ${index + 1}`;
			const title = String(button.title ?? '');
			const id = String(button.id ?? '').trim() || title.trim();
			if (!title.trim()) fail(context, itemIndex, `${label}: Title is empty`);
			check(`${label}: Title`, title, LIMITS.buttonTitle);
			check(`${label}: ID`, id, LIMITS.buttonId);
			if (titles.has(title))
				fail(
					context,
					itemIndex,
					`${label}: Title "${title}" is used twice; button titles must differ`,
				);
			if (ids.has(id))
				fail(context, itemIndex, `${label}: ID "${id}" is used twice; button IDs must differ`);
			titles.add(title);
			ids.add(id);
			return { type: 'reply', reply: { id, title } };
		}),
	};
}

function listAction(context: IExecuteFunctions, itemIndex: number, check: Check): IDataObject {
	const button = requiredText(
		context,
		itemIndex,
		'listButtonText',
		'Button Text',
		LIMITS.listButton,
	);
	const rows = ((context.getNodeParameter('rows', itemIndex, {}) as IDataObject).row ??
		[]) as IDataObject[];
	if (rows.length < 1 || rows.length > LIMITS.listRows)
		fail(
			context,
			itemIndex,
			`Rows has ${rows.length} rows; a WhatsApp list takes 1 to ${LIMITS.listRows} in all`,
		);
	const sections: Array<{ title: string; rows: IDataObject[] }> = [];
	const ids = new Set<string>();
	rows.forEach((row, index) => {
		const label = `Rows ${index + 1}`;
		const section = String(row.section ?? '').trim();
		const title = String(row.title ?? '');
		const id = String(row.id ?? '').trim() || title.trim();
		if (!title.trim()) fail(context, itemIndex, `${label}: Title is empty`);
		check(`${label}: Title`, title, LIMITS.rowTitle);
		check(`${label}: Section`, section, LIMITS.sectionTitle);
		check(`${label}: ID`, id, LIMITS.rowId);
		const descriptionText = String(row.description ?? '');
		check(`${label}: Description`, descriptionText, LIMITS.rowDescription);
		if (ids.has(id))
			fail(context, itemIndex, `${label}: ID "${id}" is used twice; row IDs must differ`);
		ids.add(id);
		const last = sections[sections.length - 1];
		const entry = {
			id,
			title,
			...(descriptionText.trim() ? { description: descriptionText } : {}),
		};
		if (last && last.title === section) last.rows.push(entry);
		else sections.push({ title: section, rows: [entry] });
	});
	if (sections.length > LIMITS.listSections)
		fail(
			context,
			itemIndex,
			`Rows make ${sections.length} sections; WhatsApp allows at most ${LIMITS.listSections}`,
		);
	if (sections.length > 1 && sections.some((s) => !s.title)) {
		fail(
			context,
			itemIndex,
			'Rows: every row needs a Section title when the list has several sections',
		);
	}
	return {
		button,
		sections: sections.map((s) => ({ ...(s.title ? { title: s.title } : {}), rows: s.rows })),
	};
}

function flowAction(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const flowId = String(context.getNodeParameter('flowId', itemIndex, '') ?? '').trim();
	if (!/^[0-9]+$/.test(flowId))
		fail(context, itemIndex, `Flow ID must be digits only, got "${flowId}"`);
	const cta = String(context.getNodeParameter('flowCta', itemIndex, '') ?? '').trim();
	if (!cta) fail(context, itemIndex, 'Button Text is empty');
	const options = context.getNodeParameter('flowOptions', itemIndex, {}) as IDataObject;
	const action = String(options.flowAction ?? 'navigate');
	const parameters: IDataObject = {
		flow_message_version: '3',
		flow_id: flowId,
		flow_cta: cta,
		flow_action: action,
	};
	if (String(options.flowToken ?? '').trim())
		parameters.flow_token = String(options.flowToken).trim();
	if (options.mode === 'draft') parameters.mode = 'draft';
	if (action === 'navigate') {
		const payload: IDataObject = {};
		if (String(options.screen ?? '').trim()) payload.screen = String(options.screen).trim();
		const rawData = options.data;
		const data =
			typeof rawData === 'string'
				? rawData.trim()
					? jsonParse<unknown>(rawData, {
							errorMessage: 'Flow Options > Initial Data (JSON) is not valid JSON',
						})
					: {}
				: rawData;
		if (data !== undefined && (typeof data !== 'object' || data === null || Array.isArray(data))) {
			fail(context, itemIndex, 'Flow Options > Initial Data (JSON) must be a JSON object');
		}
		if (data && Object.keys(data as IDataObject).length) payload.data = data as IDataObject;
		if (Object.keys(payload).length) parameters.flow_action_payload = payload;
	}
	return { name: 'flow', parameters };
}

async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OutgoingMessage> {
	const type = this.getNodeParameter('interactiveType', itemIndex, 'buttons') as string;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const check: Check = (label, value, max) => checkLength(this, itemIndex, label, value, max);
	const body = requiredText(this, itemIndex, 'body', 'Body', LIMITS.interactiveBody);

	const interactive: IDataObject = {};
	if (type === 'locationRequest') {
		Object.assign(interactive, {
			type: 'location_request_message',
			body: { text: body },
			action: { name: 'send_location' },
		});
	} else {
		const head = header(this, itemIndex, type, check);
		const footer = String(this.getNodeParameter('footer', itemIndex, '') ?? '');
		check('Footer', footer, LIMITS.footer);
		let action: IDataObject;
		if (type === 'buttons') action = replyButtons(this, itemIndex, check);
		else if (type === 'list') action = listAction(this, itemIndex, check);
		else if (type === 'ctaUrl') {
			const displayText = requiredText(
				this,
				itemIndex,
				'ctaDisplayText',
				'Button Text',
				LIMITS.ctaDisplayText,
			);
			const url = checkedLink(
				this,
				itemIndex,
				'URL',
				String(this.getNodeParameter('ctaUrl', itemIndex, '') ?? ''),
			);
			action = { name: 'cta_url', parameters: { display_text: displayText, url } };
		} else if (type === 'flow') action = flowAction(this, itemIndex);
		else fail(this, itemIndex, `Interactive Type "${type}" is not one the node offers`);
		const metaType = { buttons: 'button', list: 'list', ctaUrl: 'cta_url', flow: 'flow' }[
			type as 'buttons'
		];
		Object.assign(interactive, {
			type: metaType,
			...(head ? { header: head } : {}),
			body: { text: body },
			...(footer.trim() ? { footer: { text: footer } } : {}),
			action: action!,
		});
	}
	const { target, fields } = envelope(this, itemIndex, options);
	return outgoing(target, fields, 'interactive', interactive);
}

export const execute = sending(prepare);
