import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { deletedResult, getGraphId, getWabaId } from '../common';
import type { OperationOption } from '../operation';
import { templateIdProperty } from './get.operation';

const show = { resource: ['messageTemplate'], operation: ['delete'] };

export const option: OperationOption = {
	name: 'Delete',
	value: 'delete',
	description: 'Delete a message template by name, in every language or in one',
	action: 'Delete message template',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. order_shipped',
		description:
			'The name of the template to delete. Without a template ID, every language of it is deleted.',
		displayOptions: { show },
	},
	templateIdProperty(
		['delete'],
		false,
		'Optional: the ID of one language version of the template, to delete only that one',
	),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const wabaId = getWabaId(this, itemIndex);
	const name = (this.getNodeParameter('name', itemIndex) as string).trim();
	const qs: IDataObject = { name };
	const rawId = String(this.getNodeParameter('templateId', itemIndex, '') ?? '').trim();
	if (rawId) qs.hsm_id = getGraphId(this, 'templateId', itemIndex, 'Template ID');
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'DELETE',
		path: `/${wabaId}/message_templates`,
		qs,
		itemIndex,
	});
	return deletedResult(answer);
}
