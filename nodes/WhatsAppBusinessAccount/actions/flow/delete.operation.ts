import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { deletedResult, getGraphId } from '../common';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Delete',
	value: 'delete',
	description: 'Delete a draft Flow. Meta keeps published Flows: deprecate those instead.',
	action: 'Delete flow',
};

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const flowId = getGraphId(this, 'flowId', itemIndex, 'Flow ID');
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'DELETE',
		path: `/${flowId}`,
		itemIndex,
	});
	return deletedResult(answer);
}
