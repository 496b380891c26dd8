import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { deletedResult, getWabaId } from '../common';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Unsubscribe',
	value: 'unsubscribe',
	description:
		"Stop the token's app from receiving this account's webhooks. Outputs { deleted: true }.",
	action: 'Unsubscribe app from account',
};

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const wabaId = getWabaId(this, itemIndex);
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'DELETE',
		path: `/${wabaId}/subscribed_apps`,
		itemIndex,
	});
	return deletedResult(answer);
}
