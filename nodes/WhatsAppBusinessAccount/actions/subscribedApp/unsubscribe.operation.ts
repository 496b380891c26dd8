import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { deletedResult, getWabaId } from '../common';

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
