import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId } from '../common';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Get Preview URL',
	value: 'getPreviewUrl',
	description: 'Get a link that shows the Flow as a customer sees it, and when the link expires',
	action: 'Get preview url of flow',
};

export const description: INodeProperties[] = [
	{
		displayName: 'New Link',
		name: 'invalidate',
		type: 'boolean',
		default: false,
		description:
			'Whether to replace the current link with a new one; anyone holding the old link can no longer open it',
		displayOptions: { show: { resource: ['flow'], operation: ['getPreviewUrl'] } },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const flowId = getGraphId(this, 'flowId', itemIndex, 'Flow ID');
	const invalidate = this.getNodeParameter('invalidate', itemIndex, false) === true;
	// Meta's field expansion: invalidate(true) retires the current link and makes a new one
	return await graphApiRequest<IDataObject>(this, {
		method: 'GET',
		path: `/${flowId}`,
		qs: { fields: `preview.invalidate(${invalidate})` },
		itemIndex,
	});
}
