import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId, normalizeSuccess } from '../common';
import type { OperationOption } from '../operation';
import { componentsProperties, getComponents, templateSettingProperties } from './components';
import { creatableCategories } from './create.operation';
import { templateIdProperty } from './get.operation';

const show = { resource: ['messageTemplate'], operation: ['update'] };

export const option: OperationOption = {
	name: 'Update',
	value: 'update',
	description: 'Change the components or category of a message template; Meta reviews it again',
	action: 'Update message template',
};

export const description: INodeProperties[] = [
	templateIdProperty(
		['update'],
		true,
		'The ID of the template to change; Message Template > Get Many shows it',
	),
	...componentsProperties('update', false),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Category',
				name: 'category',
				type: 'options',
				options: creatableCategories(),
				default: 'UTILITY',
				description:
					'The new category (only for templates that are not approved yet, or as Meta allows)',
			},
			...templateSettingProperties(),
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const templateId = getGraphId(this, 'templateId', itemIndex, 'Template ID');
	const updateFields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const components = getComponents(
		this,
		itemIndex,
		updateFields.parameterFormat as string | undefined,
	);
	const json: IDataObject = {};
	if (components) json.components = components;
	if (updateFields.category) json.category = updateFields.category;
	if (updateFields.messageSendTtlSeconds !== undefined)
		json.message_send_ttl_seconds = Number(updateFields.messageSendTtlSeconds);
	if (!Object.keys(json).length) {
		throw new NodeOperationError(
			this.getNode(),
			'Nothing to update: define components or add a field to update',
			{ itemIndex },
		);
	}
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'POST',
		path: `/${templateId}`,
		json,
		itemIndex,
	});
	return normalizeSuccess(answer);
}
