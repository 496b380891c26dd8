import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequestAllItems } from '../../../shared/transport/graphApi';
import { getListOptions, getWabaId, listProperties } from '../common';
import type { OperationOption } from '../operation';

const show = { resource: ['subscribedApp'], operation: ['list'] };

export const option: OperationOption = {
	name: 'Get Many',
	// the value saved workflows hold for Get Many
	value: 'list',
	description: "Get the apps that receive this account's webhooks",
	action: 'Get many subscribed apps',
};

export const description: INodeProperties[] = listProperties().map((property) => ({
	...property,
	displayOptions: { show: { ...show, ...(property.displayOptions?.show ?? {}) } },
}));

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const wabaId = getWabaId(this, itemIndex);
	const { limit } = getListOptions(this, itemIndex);
	return await graphApiRequestAllItems<IDataObject>(
		this,
		{ method: 'GET', path: `/${wabaId}/subscribed_apps`, itemIndex },
		{ limit },
	);
}
