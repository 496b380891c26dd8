import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequestAllItems } from '../../../shared/transport/graphApi';
import { GRAPH_ID_REGEX } from '../../../shared/descriptions';
import { getGraphId, getListOptions, getWabaId, listProperties } from '../common';
import type { OperationOption } from '../operation';

const show = { resource: ['assignedUser'], operation: ['list'] };

export const option: OperationOption = {
	name: 'Get Many',
	// the value saved workflows hold for Get Many
	value: 'list',
	description: 'Get the users assigned to the account, with their tasks',
	action: 'Get many assigned users',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Business ID',
		name: 'businessId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1234567890123456',
		description:
			'The ID of the business portfolio that owns the account (Graph requires it). Account > Get with the Owner Business Info field shows it.',
		displayOptions: { show },
		validation: [
			{
				type: 'regex',
				properties: { regex: GRAPH_ID_REGEX, errorMessage: 'A business ID is digits only' },
			},
		],
	} as INodeProperties,
	...listProperties().map((property) => ({
		...property,
		displayOptions: { show: { ...show, ...(property.displayOptions?.show ?? {}) } },
	})),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const wabaId = getWabaId(this, itemIndex);
	const business = getGraphId(this, 'businessId', itemIndex, 'Business ID');
	return await graphApiRequestAllItems<IDataObject>(
		this,
		{ method: 'GET', path: `/${wabaId}/assigned_users`, qs: { business }, itemIndex },
		getListOptions(this, itemIndex),
	);
}
