import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { normalizeSuccess } from '../common';
import type { OperationOption } from '../operation';
import { checkedGroupText, GROUP_LIMITS, groupRequest, showFor } from './common';

export const option: OperationOption = {
	name: 'Update',
	value: 'update',
	description: "Change a group's subject or description",
	action: 'Update group',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: showFor('update') },
		options: [
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				description: "The group's description, up to 2048 characters",
			},
			{
				displayName: 'Subject',
				name: 'subject',
				type: 'string',
				default: '',
				description: "The group's name, up to 128 characters",
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = {};
	if (fields.subject !== undefined) {
		body.subject = checkedGroupText(
			this,
			itemIndex,
			'Subject',
			fields.subject,
			GROUP_LIMITS.subject,
		);
		if (!body.subject)
			throw new NodeOperationError(this.getNode(), 'Subject is empty', { itemIndex });
	}
	if (fields.description !== undefined)
		body.description = checkedGroupText(
			this,
			itemIndex,
			'Description',
			fields.description,
			GROUP_LIMITS.description,
		);
	if (Object.keys(body).length === 0)
		throw new NodeOperationError(this.getNode(), 'Nothing to update: add Subject or Description', {
			itemIndex,
		});
	return normalizeSuccess(await groupRequest(this, itemIndex, 'POST', '', body));
}
