import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { GRAPH_ID_REGEX } from '../../../shared/descriptions';
import { getGraphId, optionsFromSchemaProperties } from '../common';
import { MESSAGE_TEMPLATE_FIELDS } from '../schemas';
import type { OperationOption } from '../operation';

/** The template id field, shared by Get, Update and Delete. */
export function templateIdProperty(
	operations: string[],
	required: boolean,
	description: string,
): INodeProperties {
	return {
		displayName: 'Template ID',
		name: 'templateId',
		type: 'string',
		required,
		default: '',
		placeholder: 'e.g. 594425479261596',
		description,
		displayOptions: { show: { resource: ['messageTemplate'], operation: operations } },
		validation: [
			{
				type: 'regex',
				properties: { regex: GRAPH_ID_REGEX, errorMessage: 'A template ID is digits only' },
			},
		],
	} as INodeProperties;
}

export const option: OperationOption = {
	name: 'Get',
	value: 'get',
	description: 'Get one message template by its ID, with its status and components',
	action: 'Get message template',
};

export const description: INodeProperties[] = [
	templateIdProperty(['get'], true, 'The ID of the template; Message Template > Get Many shows it'),
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'multiOptions',
		options: optionsFromSchemaProperties(MESSAGE_TEMPLATE_FIELDS),
		default: [],
		description: 'The template fields to read. Empty reads what Graph returns by default.',
		displayOptions: { show: { resource: ['messageTemplate'], operation: ['get'] } },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const templateId = getGraphId(this, 'templateId', itemIndex, 'Template ID');
	const fields = this.getNodeParameter('fields', itemIndex, []) as string[];
	return await graphApiRequest<IDataObject>(this, {
		method: 'GET',
		path: `/${templateId}`,
		qs: fields.length ? { fields: fields.join(',') } : {},
		itemIndex,
	});
}
