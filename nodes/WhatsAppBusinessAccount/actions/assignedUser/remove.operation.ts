import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { deletedResult, getGraphId, getWabaId } from '../common';
import type { OperationOption } from '../operation';
import { userIdProperty } from './add.operation';

export const option: OperationOption = {
	name: 'Remove',
	value: 'remove',
	description: "Take a user's access to the account away. Outputs { deleted: true }.",
	action: 'Remove assigned user',
};

export const description: INodeProperties[] = [userIdProperty('remove')];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const wabaId = getWabaId(this, itemIndex);
	const user = getGraphId(this, 'userId', itemIndex, 'User ID');
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'DELETE',
		path: `/${wabaId}/assigned_users`,
		qs: { user },
		itemIndex,
	});
	return deletedResult(answer);
}
