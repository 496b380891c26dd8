import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../operation';
import { answerJoinRequests, joinRequestIdsProperty } from './joinRequests';

export const option: OperationOption = {
	name: 'Approve Join Requests',
	value: 'approveJoinRequests',
	description: 'Let people into a group that needs approval, by their join request IDs',
	action: 'Approve group join requests',
};

export const description: INodeProperties[] = [joinRequestIdsProperty('approveJoinRequests')];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await answerJoinRequests(this, itemIndex, 'POST');
}
