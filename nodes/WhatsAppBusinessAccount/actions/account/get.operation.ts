import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getWabaId, optionsFromSchemaProperties } from '../common';
import { WABA_DEFAULT_FIELDS, WABA_FIELDS } from '../schemas';
import type { OperationOption } from '../operation';

const show = { resource: ['account'], operation: ['get'] };

export const option: OperationOption = {
	name: 'Get',
	value: 'get',
	description: "Read the account's fields",
	action: 'Get account',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'multiOptions',
		options: optionsFromSchemaProperties(WABA_FIELDS),
		default: [...WABA_DEFAULT_FIELDS],
		description:
			'The account fields to read. Empty reads what Graph returns by default (ID, name, timezone ID, message template namespace).',
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const wabaId = getWabaId(this, itemIndex);
	const fields = this.getNodeParameter('fields', itemIndex, []) as string[];
	return await graphApiRequest<IDataObject>(this, {
		method: 'GET',
		path: `/${wabaId}`,
		qs: fields.length ? { fields: fields.join(',') } : {},
		itemIndex,
	});
}
