import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getWabaId, humanize, normalizeSuccess, whetherTo } from '../common';
import { WABA_WRITABLE_FLAGS } from '../schemas';
import type { OperationOption } from '../operation';

const show = { resource: ['account'], operation: ['update'] };

export const option: OperationOption = {
	name: 'Update',
	value: 'update',
	description: "Change the account's writable flags",
	action: 'Update account',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: Object.entries(WABA_WRITABLE_FLAGS)
			.map(([name, property]) => ({
				displayName: humanize(name),
				name,
				type: 'boolean' as const,
				default: false,
				description: whetherTo(
					(property as { description?: string }).description ?? `Set ${humanize(name)}`,
				),
			}))
			.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const wabaId = getWabaId(this, itemIndex);
	const updateFields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = {};
	for (const name of Object.keys(WABA_WRITABLE_FLAGS)) {
		if (updateFields[name] !== undefined) body[name] = updateFields[name] === true;
	}
	if (!Object.keys(body).length) {
		throw new NodeOperationError(this.getNode(), 'Choose at least one field to update', {
			itemIndex,
		});
	}
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'POST',
		path: `/${wabaId}`,
		body,
		itemIndex,
	});
	return normalizeSuccess(answer);
}
