import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId, normalizeSuccess } from '../common';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Deprecate',
	value: 'deprecate',
	description:
		'Stop a published Flow from being sent; messages already sent still open. It cannot be undone.',
	action: 'Deprecate flow',
};

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const flowId = getGraphId(this, 'flowId', itemIndex, 'Flow ID');
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'POST',
		path: `/${flowId}/deprecate`,
		itemIndex,
	});
	return normalizeSuccess(answer);
}
