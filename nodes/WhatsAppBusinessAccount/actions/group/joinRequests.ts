import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { groupRequest, showFor, splitIds } from './common';

export function joinRequestIdsProperty(operation: string): INodeProperties {
	return {
		displayName: 'Join Request IDs',
		name: 'joinRequestIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. MTY0NjcwNDM1OTU6MTIwMzYzNDA0Njk0MjMzODIw',
		description:
			'The join requests, comma-separated: Group > Get Join Requests lists them, a group_participants_update trigger item carries one',
		displayOptions: { show: showFor(operation) },
	};
}

/** Approve (POST) or reject (DELETE) join requests; Meta answers which succeeded and which failed. */
export async function answerJoinRequests(
	context: IExecuteFunctions,
	itemIndex: number,
	method: 'POST' | 'DELETE',
): Promise<IDataObject> {
	const ids = splitIds(context.getNodeParameter('joinRequestIds', itemIndex, ''));
	if (ids.length === 0)
		throw new NodeOperationError(context.getNode(), 'Join Request IDs is empty', { itemIndex });
	return await groupRequest(context, itemIndex, method, 'join_requests', { join_requests: ids });
}
