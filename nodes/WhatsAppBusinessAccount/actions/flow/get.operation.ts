import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId, optionsFromSchemaProperties } from '../common';
import { FLOW_FIELDS } from '../schemas';
import type { OperationOption } from '../operation';

/** The fields picker of Get and Get Many. */
export function flowFieldsProperty(operation: string): INodeProperties {
	return {
		displayName: 'Fields',
		name: 'fields',
		type: 'multiOptions',
		options: optionsFromSchemaProperties(FLOW_FIELDS),
		default: [],
		description:
			'The Flow fields to read. Empty reads what Graph returns by default: ID, name, status, categories and validation errors.',
		displayOptions: { show: { resource: ['flow'], operation: [operation] } },
	};
}

export const option: OperationOption = {
	name: 'Get',
	value: 'get',
	description: 'Get one Flow: its status, categories, validation errors, endpoint and health',
	action: 'Get flow',
};

export const description: INodeProperties[] = [flowFieldsProperty('get')];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const flowId = getGraphId(this, 'flowId', itemIndex, 'Flow ID');
	const fields = this.getNodeParameter('fields', itemIndex, []) as string[];
	return await graphApiRequest<IDataObject>(this, {
		method: 'GET',
		path: `/${flowId}`,
		qs: fields.length ? { fields: fields.join(',') } : {},
		itemIndex,
	});
}
