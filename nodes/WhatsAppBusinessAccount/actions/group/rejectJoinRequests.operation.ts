import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../operation';
import { answerJoinRequests, joinRequestIdsProperty } from './joinRequests';

export const option: OperationOption = {
	name: 'Reject Join Requests',
	value: 'rejectJoinRequests',
	description: 'Turn down requests to join a group that needs approval, by their join request IDs',
	action: 'Reject group join requests',
};

export const description: INodeProperties[] = [joinRequestIdsProperty('rejectJoinRequests')];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await answerJoinRequests(this, itemIndex, 'DELETE');
}
