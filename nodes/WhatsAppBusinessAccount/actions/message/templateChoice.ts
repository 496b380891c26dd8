// Message > Send Template: which template is sent. Version 1 of the node reads Template Name and
// Template Language as typed. From version 1.1 the template is picked (From List, By Name, By
// ID) and its language comes with it: By Name takes "name (language)" as the list shows it,
// or the name alone when the template has one language. Saved version 1 workflows keep their
// fields and their reading.
import { NodeOperationError } from 'n8n-workflow';
import type {
	DisplayCondition,
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodeProperties,
	NodeParameterValue,
	ResourceMapperFields,
} from 'n8n-workflow';

import { GRAPH_ID_REGEX } from '../../../shared/descriptions';
import { displayName } from '../../../shared/displayName';
import { explainingRefusal } from '../../../shared/methods/refusal';
import {
	graphApiRequest,
	graphApiRequestAllItems,
	nodeOf,
} from '../../../shared/transport/graphApi';
import type { GraphRequestContext } from '../../../shared/transport/graphApi';
import { RECIPIENT_MODE } from '../../messaging/recipient';
import { FROM_VERSION_1_1, typeVersion, VERSION_1 } from '../versions';
import { sendProperties } from './common';
import { templateFields } from './templateParameters';
import type { MediaSource, TemplateDefinition, TemplateField } from './templateParameters';

type Show = Record<string, Array<NodeParameterValue | DisplayCondition>>;

const TEMPLATE_FIELDS = 'id,name,language,status,category,parameter_format,components';
const GRAPH_ID = new RegExp(GRAPH_ID_REGEX);

/** The key of the Header Media From choice among the template's fields (version 1.1 on). */
export const HEADER_MEDIA_FROM = 'headerMediaFrom';

const MEDIA_SOURCES: Array<{ name: string; value: MediaSource; description: string }> = [
	{ name: 'URL', value: 'url', description: 'A public https:// link that Meta downloads' },
	{
		name: 'Media ID',
		value: 'id',
		description: 'The ID of media uploaded to the number before (Media > Upload)',
	},
	{
		name: 'Binary Property',
		value: 'binary',
		description:
			"A file in the input item, uploaded first; the field holds the binary property's name",
	},
];

/**
 * Send To and the rest of the recipient fields. A template mostly goes to a phone number
 * (outside the 24-hour window a reply needs), so from version 1.1 Send To starts at Phone
 * Number; saved version 1 nodes keep Reply to Trigger Item as theirs.
 */
export function templateSendProperties(): INodeProperties[] {
	// Meta delivers text, media and templates to groups ("Group messaging")
	return sendProperties('sendTemplate', { group: true }).flatMap((property) => {
		if (property.name !== 'recipientMode') return [property];
		const show = property.displayOptions?.show ?? {};
		return [
			{ ...property, displayOptions: { show: { ...show, ...VERSION_1 } } },
			{
				...property,
				default: RECIPIENT_MODE.phone,
				displayOptions: { show: { ...show, ...FROM_VERSION_1_1 } },
			},
		];
	});
}

/** Template, Template Language and Header Media From, for each version of the node. */
export function templateChoiceProperties(show: Show): INodeProperties[] {
	return [
		{
			displayName: 'Template Name',
			name: 'templateName',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. order_update',
			description:
				'The name of an approved template of the account; Message Template > Get Many lists them',
			displayOptions: { show: { ...show, ...VERSION_1 } },
		},
		{
			displayName: 'Template Language',
			name: 'templateLanguage',
			type: 'string',
			required: true,
			default: 'en_US',
			placeholder: 'e.g. en_US',
			description: "The language code of the template's translation to send",
			displayOptions: { show: { ...show, ...VERSION_1 } },
		},
		{
			displayName: 'Template',
			name: 'template',
			type: 'resourceLocator',
			default: { mode: 'list', value: '' },
			required: true,
			description: 'The approved template to send, in one of its languages',
			displayOptions: { show: { ...show, ...FROM_VERSION_1_1 } },
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					placeholder: 'Select a template...',
					typeOptions: { searchListMethod: 'searchMessageTemplates', searchable: true },
				},
				{
					displayName: 'By Name',
					name: 'name',
					type: 'string',
					placeholder: 'e.g. order_update (en_US)',
					// no field of its own for the language: n8n 1.x cannot show a field by a
					// resource locator's mode (a dotted display condition stops the editor)
					hint: 'The language in brackets, as the list shows it; the name alone when the template has one language',
				},
				{
					displayName: 'By ID',
					name: 'id',
					type: 'string',
					placeholder: 'e.g. 594425479261596',
					hint: 'Message Template > Get Many shows the ID of each template',
					validation: [
						{
							type: 'regex',
							properties: { regex: GRAPH_ID_REGEX, errorMessage: 'A template ID is digits only' },
						},
					],
				},
			],
		},
		{
			displayName: 'Header Media From',
			name: 'headerMediaSource',
			type: 'options',
			options: MEDIA_SOURCES,
			default: 'url',
			description:
				'Where the file of an image, video or document header comes from; used only when the template has one',
			displayOptions: { show: { ...show, ...VERSION_1 } },
		},
	];
}

/** The template a node names: by its ID, or by its name and language. */
export type TemplateChoice =
	{ by: 'id'; id: string } | { by: 'name'; name: string; language?: string };

/** "order_update (en_US)" as the list shows a template; a name alone has no language. */
const NAME_AND_LANGUAGE = /^(.*?)\s*\(\s*([^()\s]+)\s*\)$/;

/** What the node's parameters say is empty or wrong, as the sentence to show; undefined if none. */
type Reader = (name: string, fallback: unknown, options?: { extractValue: boolean }) => unknown;

function readChoice(read: Reader, version: number): TemplateChoice | string {
	if (version < 1.1) {
		const name = String(read('templateName', '') ?? '').trim();
		const language = String(read('templateLanguage', 'en_US') ?? '').trim();
		if (!name) return 'Template Name is empty';
		if (!language) return 'Template Language is empty';
		return { by: 'name', name, language };
	}
	const locator = read('template', { mode: 'list', value: '' }) as IDataObject | string;
	const mode = typeof locator === 'object' && locator ? String(locator.mode ?? 'list') : 'name';
	const value = String(
		(typeof locator === 'object' && locator ? locator.value : locator) ?? '',
	).trim();
	if (!value) return 'No template chosen';
	if (mode === 'name') {
		const [, name, language] = NAME_AND_LANGUAGE.exec(value) ?? [value, value];
		return language ? { by: 'name', name, language } : { by: 'name', name };
	}
	if (!GRAPH_ID.test(value)) return `The template ID "${value}" is not digits only`;
	return { by: 'id', id: value };
}

/** The item's template choice; a NodeOperationError naming the empty field when there is none. */
export function templateChoice(
	context: GraphRequestContext & {
		getNodeParameter(name: string, itemIndex: number, fallback?: unknown): unknown;
		getNode(): { typeVersion: number };
	},
	itemIndex: number,
): TemplateChoice {
	const choice = readChoice(
		(name, fallback) => context.getNodeParameter(name, itemIndex, fallback),
		typeVersion(context),
	);
	if (typeof choice === 'string')
		throw new NodeOperationError(nodeOf(context), choice, { itemIndex });
	return choice;
}

/** A key that names the same template for every item that chose it alike. */
export const choiceKey = (wabaId: string, choice: TemplateChoice) =>
	choice.by === 'id' ? `id:${choice.id}` : `${wabaId}/${choice.name}/${choice.language ?? ''}`;

/**
 * The template of an account by exact name and language, from Graph; without a language, the
 * name's only translation.
 */
export async function loadTemplate(
	context: GraphRequestContext,
	wabaId: string,
	name: string,
	language: string | undefined,
	itemIndex?: number,
): Promise<TemplateDefinition> {
	const found = await graphApiRequestAllItems<TemplateDefinition>(context, {
		method: 'GET',
		path: `/${wabaId}/message_templates`,
		qs: { name, fields: TEMPLATE_FIELDS },
		itemIndex,
	});
	// Graph's name filter matches part of a name: keep the exact one
	const sameName = found.filter((t) => t.name === name);
	const languages = sameName.map((t) => t.language).join(', ');
	if (language === undefined && sameName.length > 1)
		throw new NodeOperationError(
			nodeOf(context),
			`The template "${name}" has several languages (${languages}): write "${name} (${sameName[0].language})" or pick it From List`,
			{ itemIndex },
		);
	const template = sameName.find((t) => language === undefined || t.language === language);
	if (!template) {
		throw new NodeOperationError(
			nodeOf(context),
			sameName.length
				? `The template "${name}" has no ${language} translation in account ${wabaId} (it has: ${languages})`
				: `No template named "${name}" in account ${wabaId}`,
			{
				itemIndex,
				description:
					'Nothing was sent. Check the template and its language against Message Template > Get Many.',
			},
		);
	}
	return template;
}

/** The template a choice names: by ID straight from Graph, by name from the account's list. */
export async function loadChosenTemplate(
	context: GraphRequestContext,
	wabaId: string,
	choice: TemplateChoice,
	itemIndex?: number,
): Promise<TemplateDefinition> {
	if (choice.by === 'name')
		return await loadTemplate(context, wabaId, choice.name, choice.language, itemIndex);
	return await graphApiRequest<TemplateDefinition>(context, {
		method: 'GET',
		path: `/${choice.id}`,
		qs: { fields: TEMPLATE_FIELDS },
		itemIndex,
	});
}

/**
 * The media header's source and the template's own values: from version 1.1 Header Media From
 * is one of the template's fields (there only when it has a media header), before it the
 * node's Header Media From parameter.
 */
export function headerMediaChoice(
	context: {
		getNodeParameter(name: string, itemIndex: number, fallback?: unknown): unknown;
		getNode(): { typeVersion: number };
	},
	itemIndex: number,
	values: IDataObject,
): { mediaSource: MediaSource; values: IDataObject } {
	if (typeVersion(context) < 1.1)
		return {
			mediaSource: context.getNodeParameter('headerMediaSource', itemIndex, 'url') as MediaSource,
			values,
		};
	const { [HEADER_MEDIA_FROM]: chosen, ...own } = values;
	const mediaSource = String(chosen ?? '').trim() || 'url';
	if (!MEDIA_SOURCES.some((source) => source.value === mediaSource))
		throw new NodeOperationError(
			context.getNode() as never,
			`Header Media From is "${mediaSource}"; it takes url, id or binary`,
			{ itemIndex },
		);
	return { mediaSource: mediaSource as MediaSource, values: own };
}

const fieldType = (field: TemplateField) =>
	field.kind === 'location' && (field.variable === 'latitude' || field.variable === 'longitude')
		? ('number' as const)
		: ('string' as const);

/** The resource mapper's fields: the template's variables, media header and button parameters. */
export async function getTemplateFields(
	this: ILoadOptionsFunctions,
): Promise<ResourceMapperFields> {
	const wabaId = String(this.getNodeParameter('wabaId', '', { extractValue: true }) ?? '').trim();
	const version = typeVersion(this);
	const choice = readChoice((name, fallback) => this.getNodeParameter(name, fallback), version);
	if (typeof choice === 'string' || (choice.by === 'name' && !GRAPH_ID.test(wabaId))) {
		return {
			fields: [],
			emptyFieldsNotice:
				version < 1.1
					? "Choose the account, then type the template's name and language"
					: 'Choose the account, then the template',
		};
	}
	const template = await explainingRefusal(
		this,
		{ what: 'load this template', subject: 'the template or its account' },
		async () => await loadChosenTemplate(this, wabaId, choice),
	);
	const fields = templateFields(template).map((field) => ({
		id: field.id,
		displayName: field.displayName,
		required: field.required,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: fieldType(field),
	}));
	const media = templateFields(template).findIndex((field) => field.kind === 'media');
	if (version >= 1.1 && media >= 0)
		// only a template with a media header asks where its file comes from
		fields.splice(media, 0, {
			id: HEADER_MEDIA_FROM,
			displayName: 'Header Media From',
			required: true,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type: 'options' as never,
			options: MEDIA_SOURCES,
			defaultValue: 'url',
		} as never);
	return { fields };
}

interface ListedTemplate {
	id: string;
	name: string;
	language: string;
	status?: string;
	category?: string;
}

/**
 * The account's templates for the Template picker, each as "name (language)" with its category
 * and status (`GET /{waba-id}/message_templates`, Graph's name filter for the search).
 */
export async function searchMessageTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const wabaId = String(this.getNodeParameter('wabaId', '', { extractValue: true }) ?? '').trim();
	if (!GRAPH_ID.test(wabaId))
		throw new NodeOperationError(
			this.getNode(),
			'Choose the WhatsApp Business Account first: the list shows its templates',
		);
	const qs: IDataObject = { fields: 'id,name,language,status,category', limit: 50 };
	const needle = (filter ?? '').trim();
	if (needle) qs.name = needle;
	if (paginationToken) qs.after = paginationToken;
	const page = await explainingRefusal(
		this,
		{ what: `list the templates of account ${wabaId}`, subject: `account ${wabaId}` },
		async () =>
			await graphApiRequest<{
				data?: ListedTemplate[];
				paging?: { next?: string; cursors?: { after?: string } };
			}>(this, { method: 'GET', path: `/${wabaId}/message_templates`, qs }),
	);
	return {
		results: (page.data ?? []).map((template) => ({
			name: `${template.name} (${template.language}) · ${[template.category, template.status]
				.filter(Boolean)
				.map((code) => displayName(String(code)))
				.join(' · ')}`,
			value: String(template.id),
		})),
		paginationToken: page.paging?.next ? page.paging.cursors?.after : undefined,
	};
}
