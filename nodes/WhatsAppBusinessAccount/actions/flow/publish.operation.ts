import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId, normalizeSuccess } from '../common';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Publish',
	value: 'publish',
	description:
		'Publish a draft Flow so it can be sent; its Flow JSON can no longer change (Meta refuses a Flow with validation errors)',
	action: 'Publish flow',
};

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const flowId = getGraphId(this, 'flowId', itemIndex, 'Flow ID');
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'POST',
		path: `/${flowId}/publish`,
		itemIndex,
	});
	return normalizeSuccess(answer);
}
