import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequestAllItems } from '../../../shared/transport/graphApi';
import {
	getListOptions,
	getWabaId,
	listProperties,
	optionsFromEnum,
	optionsFromSchemaProperties,
} from '../common';
import {
	MESSAGE_TEMPLATE_CATEGORIES,
	MESSAGE_TEMPLATE_FIELDS,
	MESSAGE_TEMPLATE_STATUSES,
} from '../schemas';
import type { OperationOption } from '../operation';

const show = { resource: ['messageTemplate'], operation: ['list'] };

export const option: OperationOption = {
	name: 'Get Many',
	// the value saved workflows hold for Get Many
	value: 'list',
	description: "Get the account's message templates, optionally filtered",
	action: 'Get many message templates',
};

export const description: INodeProperties[] = [
	...listProperties().map((property) => ({
		...property,
		displayOptions: { show: { ...show, ...(property.displayOptions?.show ?? {}) } },
	})),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Category',
				name: 'category',
				type: 'multiOptions',
				options: optionsFromEnum(MESSAGE_TEMPLATE_CATEGORIES),
				default: [],
				description: 'Only templates of these categories',
			},
			{
				displayName: 'Language',
				name: 'language',
				type: 'string',
				default: '',
				placeholder: 'e.g. en_US, de',
				description:
					'Only templates in these languages (comma-separated language and locale codes)',
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				placeholder: 'e.g. order_confirmation',
				description: 'Only templates whose name contains this text',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'multiOptions',
				options: optionsFromEnum(MESSAGE_TEMPLATE_STATUSES),
				default: [],
				description: 'Only templates with these review statuses',
			},
		],
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'multiOptions',
		options: optionsFromSchemaProperties(MESSAGE_TEMPLATE_FIELDS),
		default: [],
		description: 'The template fields to read. Empty reads what Graph returns by default.',
		displayOptions: { show },
	},
];

function list(value: unknown): string[] {
	if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter(Boolean);
	return String(value ?? '')
		.split(',')
		.map((v) => v.trim())
		.filter(Boolean);
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const wabaId = getWabaId(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const fields = this.getNodeParameter('fields', itemIndex, []) as string[];
	const qs: IDataObject = {};
	if (fields.length) qs.fields = fields.join(',');
	const name = String(filters.name ?? '').trim();
	if (name) qs.name = name;
	// Graph's array filters take comma-separated values.
	for (const key of ['status', 'category', 'language'] as const) {
		const values = list(filters[key]);
		if (values.length) qs[key] = values.join(',');
	}
	return await graphApiRequestAllItems<IDataObject>(
		this,
		{ method: 'GET', path: `/${wabaId}/message_templates`, qs, itemIndex },
		getListOptions(this, itemIndex),
	);
}
